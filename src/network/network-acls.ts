/**
 * Network ACLs as EC2 describes them (NetworkAcl.Entries), evaluated as AWS evaluates them at a
 * subnet's edge: statelessly, the rules of the packet's direction in ascending rule number, the first
 * rule that matches deciding (allow or deny), the `*` rule (32767) denying what none matched.
 */
import { Cidr, parseIp } from "./addresses.js";
import { type Packet, PROTOCOL_ICMP, PROTOCOL_ICMPV6, PROTOCOL_TCP, PROTOCOL_UDP } from "./packet.js";

/** The EC2 API's NetworkAclEntry, as plain data. */
export interface NetworkAclEntry {
  RuleNumber: number;
  /** A protocol number as text, or `-1` for all. */
  Protocol: string;
  RuleAction: "allow" | "deny";
  Egress: boolean;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From: number; To: number };
  IcmpTypeCode?: { Type: number; Code: number };
}

export interface NetworkAcl {
  NetworkAclId: string;
  Entries: readonly NetworkAclEntry[];
}

/** The decision and the rule that made it (`*` is 32767). */
export interface AclVerdict {
  action: "allow" | "deny";
  ruleNumber: number;
}

/** Which rules a packet crossing the subnet edge meets: inbound for traffic arriving at the interface, outbound for traffic leaving it. */
const isEgress = (packet: Packet) => packet.direction === "egress";

function entryMatches(entry: NetworkAclEntry, packet: Packet, cidrs: Map<string, Cidr>): boolean {
  const protocol = Number(entry.Protocol);
  if (protocol !== -1 && protocol !== packet.protocol) return false;
  // Ports and ICMP codes apply to these protocols only; for every other one AWS allows all ports.
  if (protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP) {
    const range = entry.PortRange;
    if (range !== undefined && (packet.dstport < range.From || packet.dstport > range.To)) return false;
  } else if (protocol === PROTOCOL_ICMP || protocol === PROTOCOL_ICMPV6) {
    const icmp = entry.IcmpTypeCode;
    if (icmp !== undefined && icmp.Type !== -1 && packet.icmpType !== icmp.Type) return false;
    if (icmp !== undefined && icmp.Code !== -1 && packet.icmpCode !== icmp.Code) return false;
  }
  const block = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  if (block === undefined) return false;
  let cidr = cidrs.get(block);
  if (cidr === undefined) {
    cidr = Cidr.parse(block);
    cidrs.set(block, cidr);
  }
  // Inbound rules name the source, outbound rules the destination; the port is always the destination's.
  const remote = parseIp(isEgress(packet) ? packet.dstaddr : packet.srcaddr);
  return remote !== undefined && cidr.contains(remote);
}

/** Evaluates one packet; `cidrs` lets a caller parse each block once. An ACL with no matching rule denies, as the `*` rule does. */
export function evaluateNetworkAcl(acl: NetworkAcl, packet: Packet, cidrs: Map<string, Cidr> = new Map()): AclVerdict {
  const rules = acl.Entries.filter((e) => e.Egress === isEgress(packet)).sort((a, b) => a.RuleNumber - b.RuleNumber);
  for (const rule of rules) if (entryMatches(rule, packet, cidrs)) return { action: rule.RuleAction, ruleNumber: rule.RuleNumber };
  return { action: "deny", ruleNumber: 32767 };
}
