/**
 * Security groups as EC2 describes them (IpPermissions, IpPermissionsEgress), compiled to rules that
 * match a packet. Rules only allow; a packet no rule allows is rejected. Prefix lists are refused.
 */
import { Cidr, parseIp } from "./addresses.js";
import { NetworkError } from "./errors.js";
import { type Packet, PROTOCOL_ICMP, PROTOCOL_ICMPV6, PROTOCOL_TCP, PROTOCOL_UDP } from "./packet.js";

/** The EC2 API's IpPermission, as plain data. */
export interface IpPermission {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all), or a protocol number as text or number. */
  IpProtocol: string | number;
  /** Port range of tcp/udp; ICMP type of icmp/icmpv6 (-1 = any type). */
  FromPort?: number;
  /** Port range of tcp/udp; ICMP code of icmp/icmpv6 (-1 = any code). */
  ToPort?: number;
  IpRanges?: ReadonlyArray<{ CidrIp: string; Description?: string }>;
  Ipv6Ranges?: ReadonlyArray<{ CidrIpv6: string; Description?: string }>;
  UserIdGroupPairs?: ReadonlyArray<{ GroupId: string; UserId?: string; Description?: string }>;
  PrefixListIds?: ReadonlyArray<{ PrefixListId: string; Description?: string }>;
}

export interface SecurityGroup {
  GroupId: string;
  IpPermissions?: readonly IpPermission[];
  IpPermissionsEgress?: readonly IpPermission[];
}

/**
 * Whether `address` is a private address of an interface that has security group `groupId`. AWS
 * matches a referenced group against the primary private addresses of its members' interfaces, never
 * their public addresses; the EC2 service answers this from its own state.
 */
export type GroupMembership = (groupId: string, address: string) => boolean;

export interface CompiledRule {
  /** IANA number, or -1 for every protocol. */
  readonly protocol: number;
  readonly from: number;
  readonly to: number;
  readonly cidrs: readonly Cidr[];
  readonly groupIds: readonly string[];
}

const NAMED: Readonly<Record<string, number>> = { tcp: PROTOCOL_TCP, udp: PROTOCOL_UDP, icmp: PROTOCOL_ICMP, icmpv6: PROTOCOL_ICMPV6 };

function protocolOf(value: string | number): number {
  const text = String(value).toLowerCase();
  if (text === "-1" || text === "all") return -1;
  const named = NAMED[text];
  if (named !== undefined) return named;
  if (/^\d{1,3}$/.test(text) && Number(text) <= 255) return Number(text);
  throw new NetworkError("invalid", `invalid IpProtocol '${String(value)}'`);
}

/** Compiles the rules of one direction; `cidrCache` lets an engine parse each block once. */
export function compileRules(permissions: readonly IpPermission[] | undefined, groupId: string, cidrCache: Map<string, Cidr>): CompiledRule[] {
  const cidr = (text: string): Cidr => {
    let parsed = cidrCache.get(text);
    if (parsed === undefined) {
      parsed = Cidr.parse(text);
      cidrCache.set(text, parsed);
    }
    return parsed;
  };
  return (permissions ?? []).map((p) => {
    if (p.PrefixListIds !== undefined && p.PrefixListIds.length > 0) {
      const ids = p.PrefixListIds.map((l) => l.PrefixListId).join(", ");
      throw new NetworkError("unsupported", `security group ${groupId}: prefix list rules (${ids}) are not supported by the local cloud`);
    }
    const protocol = protocolOf(p.IpProtocol);
    const ported = protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP;
    const icmp = protocol === PROTOCOL_ICMP || protocol === PROTOCOL_ICMPV6;
    // For tcp/udp an absent or -1 bound means every port; for icmp -1 means any type or code.
    const from = p.FromPort ?? -1;
    const to = p.ToPort ?? -1;
    return {
      protocol,
      from: ported ? Math.max(from, 0) : icmp ? from : -1,
      to: ported ? (to < 0 ? 65535 : to) : icmp ? to : -1,
      cidrs: [...(p.IpRanges ?? []).map((r) => cidr(r.CidrIp)), ...(p.Ipv6Ranges ?? []).map((r) => cidr(r.CidrIpv6))],
      groupIds: (p.UserIdGroupPairs ?? []).map((g) => g.GroupId),
    };
  });
}

/**
 * Whether a rule allows a packet. The remote end is the source of ingress traffic and the destination
 * of egress traffic; the port range applies to the destination port in both directions.
 * Protocols other than tcp, udp, icmp and icmpv6 allow every port, as EC2 documents.
 */
export function ruleAllows(rule: CompiledRule, packet: Packet, membership: GroupMembership | undefined): boolean {
  if (rule.protocol !== -1 && rule.protocol !== packet.protocol) return false;
  if (rule.protocol === PROTOCOL_TCP || rule.protocol === PROTOCOL_UDP) {
    if (packet.dstport < rule.from || packet.dstport > rule.to) return false;
  } else if (rule.protocol === PROTOCOL_ICMP || rule.protocol === PROTOCOL_ICMPV6) {
    if (rule.from !== -1 && packet.icmpType !== rule.from) return false;
    if (rule.to !== -1 && packet.icmpCode !== rule.to) return false;
  }
  const remoteText = packet.direction === "ingress" ? packet.srcaddr : packet.dstaddr;
  if (rule.cidrs.length > 0) {
    const remote = parseIp(remoteText);
    if (remote !== undefined) {
      for (const block of rule.cidrs) if (block.contains(remote)) return true;
    }
  }
  if (rule.groupIds.length > 0) {
    if (membership === undefined) {
      throw new NetworkError("unsupported", "a rule references a security group but no group membership lookup was given");
    }
    for (const id of rule.groupIds) if (membership(id, remoteText)) return true;
  }
  return false;
}
