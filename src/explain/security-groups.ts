/**
 * Security groups as AWS evaluates them for one direction of one interface: the rules of all its groups
 * are pooled, any one that matches allows, nothing denies explicitly (no match is the deny). Sources may be
 * CIDR blocks, prefix lists or other groups (their members' private addresses); the reply of an allowed
 * connection passes without a rule (stateful), which explain.ts applies, not this file.
 */
import type { SecurityGroupRule } from "@aws-sdk/client-ec2";
import { contains, hostCidr, isIPv6 } from "./cidr.js";
import { type GroupConfig, isUnreadable, type Lookups } from "./model.js";
import { flowText, hasPorts, ICMP, ICMPV6, icmpText, isIcmp, portsText, protocolWord, TCP, UDP } from "./traffic-text.js";

/** The traffic one direction's rules are asked about: the peer is the source (inbound) or destination (outbound). */
export interface SgQuery {
  direction: "inbound" | "outbound";
  protocol: number;
  peer: string;
  /** The destination port (tcp, udp). */
  port?: number;
  icmpType?: number;
  icmpCode?: number;
}

/** Yes, no, or cannot tell (with why): a rule whose prefix list or group could not be read, an ICMP type not known. */
export type Match = { is: "yes" } | { is: "no" } | { is: "maybe"; why: string };

export interface RuleRef {
  group: GroupConfig;
  rule: SecurityGroupRule;
}

export type SgResult =
  | { outcome: "allow"; allowing: RuleRef[]; text: string }
  | { outcome: "deny"; closest?: RuleRef; text: string; change: SgChange }
  | { outcome: "unknown"; undecided: { ref: RuleRef; why: string }[]; text: string };

/** The smallest rule that would let the traffic through: one protocol, one port, the one peer address. */
export interface SgChange {
  groupId: string;
  direction: "inbound" | "outbound";
  text: string;
  command: string;
}

/** The rule's protocol as a number, or "all" for -1. */
export function ruleProtocol(ipProtocol: string | undefined): number | "all" | undefined {
  const p = (ipProtocol ?? "").toLowerCase();
  if (p === "-1" || p === "all") return "all";
  const named: Record<string, number> = { tcp: TCP, udp: UDP, icmp: ICMP, icmpv6: ICMPV6 };
  if (p in named) return named[p];
  return /^\d{1,3}$/.test(p) ? Number(p) : undefined;
}

const sameProtocol = (rule: SecurityGroupRule, protocol: number): boolean => {
  const p = ruleProtocol(rule.IpProtocol);
  return p === "all" || p === protocol;
};

function portMatch(rule: SecurityGroupRule, q: SgQuery): Match {
  const p = ruleProtocol(rule.IpProtocol);
  if (p === "all" || !(hasPorts(q.protocol) || isIcmp(q.protocol))) return { is: "yes" };
  if (hasPorts(q.protocol)) {
    const from = rule.FromPort ?? -1;
    const to = rule.ToPort ?? -1;
    // -1/-1 (or no ports) on a tcp or udp rule is every port, as AWS stores "all ports" for an all-protocol copy.
    if (from === -1 && to === -1) return { is: "yes" };
    if (q.port === undefined) return from <= 0 && to >= 65535 ? { is: "yes" } : { is: "maybe", why: "the destination port is not known" };
    return q.port >= from && q.port <= to ? { is: "yes" } : { is: "no" };
  }
  // ICMP rules keep the type in FromPort and the code in ToPort.
  const type = rule.FromPort ?? -1;
  const code = rule.ToPort ?? -1;
  if (type === -1) return { is: "yes" };
  if (q.icmpType === undefined) return { is: "maybe", why: `it allows only ICMP ${icmpText(type, code)} and the record does not carry the type` };
  if (q.icmpType !== type) return { is: "no" };
  if (code === -1) return { is: "yes" };
  if (q.icmpCode === undefined) return { is: "maybe", why: `it allows only ICMP ${icmpText(type, code)} and the code is not known` };
  return q.icmpCode === code ? { is: "yes" } : { is: "no" };
}

function peerMatch(rule: SecurityGroupRule, peer: string, lookups: Lookups): Match {
  if (rule.CidrIpv4 !== undefined) return contains(rule.CidrIpv4, peer) ? { is: "yes" } : { is: "no" };
  if (rule.CidrIpv6 !== undefined) return contains(rule.CidrIpv6, peer) ? { is: "yes" } : { is: "no" };
  if (rule.PrefixListId !== undefined) {
    const blocks = lookups.prefixLists?.get(rule.PrefixListId);
    if (blocks === undefined || isUnreadable(blocks)) {
      return { is: "maybe", why: `its prefix list ${rule.PrefixListId} could not be read${blocks ? ` (${blocks.unreadable})` : ""}` };
    }
    return blocks.some((b) => contains(b, peer)) ? { is: "yes" } : { is: "no" };
  }
  const referenced = rule.ReferencedGroupInfo?.GroupId;
  if (referenced !== undefined) {
    // A group as the source matches its members' private addresses only, never their public ones.
    const members = lookups.groupMembers?.get(referenced);
    if (members === undefined || isUnreadable(members)) {
      return { is: "maybe", why: `the members of ${referenced} could not be read${members ? ` (${members.unreadable})` : ""}` };
    }
    return members.includes(peer) ? { is: "yes" } : { is: "no" };
  }
  return { is: "no" };
}

const both = (a: Match, b: Match): Match => (a.is === "no" || b.is === "no" ? { is: "no" } : a.is === "maybe" ? a : b);

export function ruleMatch(rule: SecurityGroupRule, q: SgQuery, lookups: Lookups): Match {
  if (!sameProtocol(rule, q.protocol)) return { is: "no" };
  return both(portMatch(rule, q), peerMatch(rule, q.peer, lookups));
}

/** The rule's peer in words: "0.0.0.0/0", "prefix list pl-…", "members of sg-…". */
export function rulePeerText(rule: SecurityGroupRule): string {
  if (rule.CidrIpv4 !== undefined) return rule.CidrIpv4;
  if (rule.CidrIpv6 !== undefined) return rule.CidrIpv6;
  if (rule.PrefixListId !== undefined) return `prefix list ${rule.PrefixListId}`;
  if (rule.ReferencedGroupInfo?.GroupId !== undefined) return `members of ${rule.ReferencedGroupInfo.GroupId}`;
  return "no peer";
}

/** The rule's traffic in words: "tcp 80", "all traffic", "icmp type 8", "udp 1024-65535". */
export function ruleTrafficText(rule: SecurityGroupRule): string {
  const p = ruleProtocol(rule.IpProtocol);
  if (p === "all") return "all traffic";
  if (p === undefined) return `protocol ${rule.IpProtocol ?? "?"}`;
  const from = rule.FromPort ?? -1;
  const to = rule.ToPort ?? -1;
  if (hasPorts(p)) return from === -1 && to === -1 ? `${protocolWord(p)} all ports` : `${protocolWord(p)} ${portsText(from, to)}`;
  if (isIcmp(p)) return `${protocolWord(p)} ${icmpText(from, to)}`;
  return protocolWord(p);
}

export const groupText = (g: GroupConfig): string => (g.groupName ? `${g.groupId} (${g.groupName})` : g.groupId);

/** "rule sgr-… of sg-… (web) allowing tcp 80 from 0.0.0.0/0"; a rule without an id (DescribeSecurityGroups) is named by its group. */
export function ruleText(ref: RuleRef): string {
  const id = ref.rule.SecurityGroupRuleId;
  const dir = ref.rule.IsEgress ? "to" : "from";
  return `${id ? `rule ${id} of ` : "a rule of "}${groupText(ref.group)} allowing ${ruleTrafficText(ref.rule)} ${dir} ${rulePeerText(ref.rule)}`;
}

const egressMatches = (rule: SecurityGroupRule, direction: SgQuery["direction"]) => (rule.IsEgress === true) === (direction === "outbound");

/** The verdict of the interface's groups for one direction. */
export function evaluateGroups(groups: GroupConfig[], q: SgQuery, lookups: Lookups): SgResult {
  const allowing: RuleRef[] = [];
  const undecided: { ref: RuleRef; why: string }[] = [];
  for (const group of groups) {
    for (const rule of group.rules) {
      if (!egressMatches(rule, q.direction)) continue;
      const m = ruleMatch(rule, q, lookups);
      if (m.is === "yes") allowing.push({ group, rule });
      else if (m.is === "maybe") undecided.push({ ref: { group, rule }, why: m.why });
    }
  }
  const traffic = flowText(q.protocol, q.port, q.icmpType);
  const peerWord = q.direction === "inbound" ? "from" : "to";
  if (allowing.length > 0) {
    return { outcome: "allow", allowing, text: `${allowing.map(ruleText).join("; ")}` };
  }
  const names = groups.map(groupText).join(", ");
  if (undecided.length > 0) {
    return {
      outcome: "unknown",
      undecided,
      text: `no rule of ${names} surely allows ${traffic} ${peerWord} ${hostCidr(q.peer)}: ${undecided.map((u) => `${ruleText(u.ref)} might (${u.why})`).join("; ")}`,
    };
  }
  const closest = closestRule(groups, q, lookups);
  const groupOfChange = closest?.group ?? groups[0];
  const base =
    groups.length === 0
      ? `the interface has no security group, so nothing allows ${traffic} ${peerWord} ${hostCidr(q.peer)}`
      : `no rule of ${names} allows ${traffic} ${peerWord} ${hostCidr(q.peer)}`;
  const tail = closest
    ? `; the closest is ${ruleText(closest)}`
    : groups.length > 0
      ? `; ${groups.length > 1 ? "they have" : "it has"} no ${q.direction} rules`
      : "";
  return {
    outcome: "deny",
    ...(closest ? { closest } : {}),
    text: base + tail,
    change: sgChange(groupOfChange?.groupId ?? "sg-…", q),
  };
}

/** The rule that misses by the least: fewest of protocol, port and peer wrong, then the nearest port. */
function closestRule(groups: GroupConfig[], q: SgQuery, lookups: Lookups): RuleRef | undefined {
  let best: { ref: RuleRef; score: number; distance: number } | undefined;
  for (const group of groups) {
    for (const rule of group.rules) {
      if (!egressMatches(rule, q.direction)) continue;
      const protocolOk = sameProtocol(rule, q.protocol);
      const portOk = protocolOk && portMatch(rule, q).is !== "no";
      const peerOk = peerMatch(rule, q.peer, lookups).is !== "no";
      const score = (protocolOk ? 0 : 2) + (portOk ? 0 : 1) + (peerOk ? 0 : 1);
      const distance =
        q.port === undefined || rule.FromPort === undefined ? 0 : Math.min(Math.abs(q.port - rule.FromPort), Math.abs(q.port - (rule.ToPort ?? rule.FromPort)));
      if (best === undefined || score < best.score || (score === best.score && distance < best.distance)) best = { ref: { group, rule }, score, distance };
    }
  }
  return best?.ref;
}

function sgChange(groupId: string, q: SgQuery): SgChange {
  const cidr = hostCidr(q.peer);
  const proto = hasPorts(q.protocol) || isIcmp(q.protocol) ? protocolWord(q.protocol) : String(q.protocol);
  let ports = "";
  let portWords = "";
  if (hasPorts(q.protocol)) {
    ports = q.port === undefined ? ",FromPort=0,ToPort=65535" : `,FromPort=${q.port},ToPort=${q.port}`;
    portWords = q.port === undefined ? " all ports" : ` ${q.port}`;
  } else if (isIcmp(q.protocol)) {
    ports = `,FromPort=${q.icmpType ?? -1},ToPort=${q.icmpType === undefined ? -1 : (q.icmpCode ?? -1)}`;
    portWords = ` ${icmpText(q.icmpType, q.icmpCode)}`;
  }
  const range = isIPv6(q.peer) ? `Ipv6Ranges=[{CidrIpv6=${cidr}}]` : `IpRanges=[{CidrIp=${cidr}}]`;
  const verb = q.direction === "inbound" ? "ingress" : "egress";
  return {
    groupId,
    direction: q.direction,
    text: `add an ${q.direction} rule to ${groupId} allowing ${proto}${portWords} ${q.direction === "inbound" ? "from" : "to"} ${cidr}`,
    command: `aws ec2 authorize-security-group-${verb} --group-id ${groupId} --ip-permissions 'IpProtocol=${proto}${ports},${range}'`,
  };
}
