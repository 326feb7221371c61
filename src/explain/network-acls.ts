/**
 * A network ACL as AWS evaluates it for traffic crossing a subnet's edge: the entries of one direction in
 * ascending rule number, the first that matches decides (allow or deny), and the `*` rule (32767) denies
 * what none matched. Stateless: the reply is evaluated again, on the client's ephemeral port. An IPv4 flow
 * meets only CidrBlock entries, an IPv6 one only Ipv6CidrBlock entries.
 */
import type { NetworkAclEntry } from "@aws-sdk/client-ec2";
import { contains, hostCidr, isIPv6 } from "./cidr.js";
import type { NetworkAclConfig } from "./model.js";
import { hasPorts, icmpText, isIcmp, portsText, protocolWord } from "./traffic-text.js";

export const DEFAULT_RULE = 32767;
/** DescribeNetworkAcls shows the `*` rule as 32767 for IPv4 and 32768 for IPv6 (an ACL with IPv6 rules). */
const isStar = (n: number | undefined): boolean => n === DEFAULT_RULE || n === DEFAULT_RULE + 1;

export interface AclQuery {
  direction: "inbound" | "outbound";
  protocol: number;
  /** The source (inbound) or destination (outbound) outside the subnet. */
  peer: string;
  /** The destination port of this packet; a range when only the range is known (a client's ephemeral port). */
  ports?: { from: number; to: number };
  icmpType?: number;
  icmpCode?: number;
}

export interface AclChange {
  networkAclId: string;
  ruleNumber: number;
  text: string;
  command: string;
}

export type AclResult =
  | { outcome: "allow" | "deny"; entry: NetworkAclEntry | undefined; text: string; change?: AclChange }
  /** Different ports of the range meet different rules, or an ICMP rule names a type the record does not carry. */
  | { outcome: "unknown"; text: string; change?: AclChange };

type EntryMatch = "yes" | "no" | "maybe";

function entryProtocol(entry: NetworkAclEntry): number | "all" {
  return entry.Protocol === "-1" || entry.Protocol === undefined ? "all" : Number(entry.Protocol);
}

function matchAt(entry: NetworkAclEntry, q: AclQuery, port: number | undefined): EntryMatch {
  const p = entryProtocol(entry);
  if (p !== "all" && p !== q.protocol) return "no";
  const block = isIPv6(q.peer) ? entry.Ipv6CidrBlock : entry.CidrBlock;
  if (block === undefined || !contains(block, q.peer)) return "no";
  if (p === "all") return "yes";
  if (hasPorts(p)) {
    const from = entry.PortRange?.From ?? 0;
    const to = entry.PortRange?.To ?? 65535;
    if (port === undefined) return from <= 0 && to >= 65535 ? "yes" : "maybe";
    return port >= from && port <= to ? "yes" : "no";
  }
  if (isIcmp(p)) {
    const type = entry.IcmpTypeCode?.Type ?? -1;
    const code = entry.IcmpTypeCode?.Code ?? -1;
    if (type === -1) return "yes";
    if (q.icmpType === undefined) return "maybe";
    if (q.icmpType !== type) return "no";
    if (code === -1) return "yes";
    return q.icmpCode === undefined ? "maybe" : q.icmpCode === code ? "yes" : "no";
  }
  return "yes";
}

const ordered = (acl: NetworkAclConfig, direction: AclQuery["direction"]) =>
  acl.entries.filter((e) => (e.Egress === true) === (direction === "outbound")).sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));

export function entryNumber(entry: NetworkAclEntry | undefined): string {
  return entry === undefined || isStar(entry.RuleNumber) ? "*" : String(entry.RuleNumber);
}

/** "tcp 22 from 0.0.0.0/0", "all traffic to ::/0". */
export function entryTrafficText(entry: NetworkAclEntry): string {
  const p = entryProtocol(entry);
  const peer = entry.CidrBlock ?? entry.Ipv6CidrBlock ?? "?";
  const dir = entry.Egress ? "to" : "from";
  if (p === "all") return `all traffic ${dir} ${peer}`;
  let what = protocolWord(p);
  if (hasPorts(p)) what += ` ${portsText(entry.PortRange?.From ?? 0, entry.PortRange?.To ?? 65535)}`;
  else if (isIcmp(p)) what += ` ${icmpText(entry.IcmpTypeCode?.Type, entry.IcmpTypeCode?.Code)}`;
  return `${what} ${dir} ${peer}`;
}

/** "NACL acl-… rule 100 denies tcp 22 from 0.0.0.0/0". */
export function entryText(acl: NetworkAclConfig, entry: NetworkAclEntry | undefined): string {
  if (entry === undefined) return `NACL ${acl.networkAclId} has no matching rule (nothing matched, which denies)`;
  const verb = entry.RuleAction === "allow" ? "allows" : "denies";
  return `NACL ${acl.networkAclId} rule ${entryNumber(entry)} ${verb} ${entryTrafficText(entry)}`;
}

/** The first entry deciding one port (or no port). */
function decide(entries: NetworkAclEntry[], q: AclQuery, port: number | undefined): { entry?: NetworkAclEntry; maybe?: NetworkAclEntry } {
  for (const entry of entries) {
    const m = matchAt(entry, q, port);
    if (m === "yes") return { entry };
    if (m === "maybe") return { maybe: entry };
  }
  return {};
}

export function evaluateAcl(acl: NetworkAclConfig, q: AclQuery): AclResult {
  const entries = ordered(acl, q.direction);
  const range = q.ports;
  if (range === undefined || range.from === range.to || !hasPorts(q.protocol)) {
    const d = decide(entries, q, range?.from);
    if (d.maybe !== undefined) {
      return {
        outcome: "unknown",
        text: `${entryText(acl, d.maybe)}, and whether it matches is not known (${isIcmp(q.protocol) ? "the ICMP type is not known" : "the port is not known"})`,
      };
    }
    const allow = d.entry?.RuleAction === "allow";
    return {
      outcome: allow ? "allow" : "deny",
      entry: d.entry,
      text: entryText(acl, d.entry),
      ...(allow ? {} : { change: aclChange(acl, q, entries, d.entry) }),
    };
  }
  // A range of ports (the client's ephemeral port, not known): cut it where entries' ranges begin and end.
  const cuts = new Set<number>([range.from, range.to + 1]);
  for (const e of entries) {
    if (e.PortRange?.From !== undefined && e.PortRange.From > range.from && e.PortRange.From <= range.to) cuts.add(e.PortRange.From);
    if (e.PortRange?.To !== undefined && e.PortRange.To + 1 > range.from && e.PortRange.To + 1 <= range.to) cuts.add(e.PortRange.To + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: { from: number; to: number; entry: NetworkAclEntry | undefined }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = (points[i + 1] as number) - 1;
    const entry = decide(entries, q, from).entry;
    const last = pieces[pieces.length - 1];
    if (last && last.entry === entry) last.to = to;
    else pieces.push({ from, to, entry });
  }
  const allowed = pieces.filter((p) => p.entry?.RuleAction === "allow");
  if (allowed.length === pieces.length) {
    const first = pieces[0]?.entry;
    return { outcome: "allow", entry: first, text: pieces.map((p) => `${portsText(p.from, p.to)}: ${entryText(acl, p.entry)}`).join("; ") };
  }
  const deniedPiece = pieces.find((p) => p.entry?.RuleAction !== "allow");
  const change = aclChange(acl, q, entries, deniedPiece?.entry);
  if (allowed.length === 0) return { outcome: "deny", entry: deniedPiece?.entry, text: entryText(acl, deniedPiece?.entry), change };
  return {
    outcome: "unknown",
    text: `it depends on the client's port: ${pieces.map((p) => `${portsText(p.from, p.to)} ${p.entry?.RuleAction === "allow" ? "allowed" : "denied"} by rule ${entryNumber(p.entry)}`).join(", ")}`,
    change,
  };
}

/**
 * The smallest entry that lets the traffic through: an allow for this protocol, port (or the client's port
 * range) and peer address, numbered just below the entry that denied it — a free number, a multiple of ten
 * when one is free — so that nothing else of the ACL changes meaning.
 */
function aclChange(acl: NetworkAclConfig, q: AclQuery, entries: NetworkAclEntry[], denying: NetworkAclEntry | undefined): AclChange {
  const used = new Set(entries.map((e) => e.RuleNumber ?? 0));
  const limit = denying === undefined || isStar(denying.RuleNumber) ? DEFAULT_RULE : (denying.RuleNumber ?? DEFAULT_RULE);
  let number: number | undefined;
  if (limit === DEFAULT_RULE) {
    const highest = Math.max(0, ...[...used].filter((n) => n < DEFAULT_RULE));
    number = Math.min(DEFAULT_RULE - 1, Math.floor(highest / 10) * 10 + 10);
    while (used.has(number) && number > 1) number--;
  } else {
    for (let n = Math.floor((limit - 1) / 10) * 10; n >= 10 && number === undefined; n -= 10) if (!used.has(n)) number = n;
    for (let n = limit - 1; n >= 1 && number === undefined; n--) if (!used.has(n)) number = n;
  }
  const cidr = hostCidr(q.peer);
  const cidrFlag = isIPv6(q.peer) ? `--ipv6-cidr-block ${cidr}` : `--cidr-block ${cidr}`;
  const dirFlag = q.direction === "inbound" ? "--ingress" : "--egress";
  let portFlag = "";
  let portWords = "";
  if (hasPorts(q.protocol)) {
    const r = q.ports ?? { from: 0, to: 65535 };
    portFlag = ` --port-range From=${r.from},To=${r.to}`;
    portWords = ` ${portsText(r.from, r.to)}`;
  } else if (isIcmp(q.protocol)) {
    portFlag = ` --icmp-type-code Type=${q.icmpType ?? -1},Code=${q.icmpType === undefined ? -1 : (q.icmpCode ?? -1)}`;
    portWords = ` ${icmpText(q.icmpType, q.icmpCode)}`;
  }
  const what = `${protocolWord(q.protocol)}${portWords} ${q.direction === "inbound" ? "from" : "to"} ${cidr}`;
  if (number === undefined) {
    // Rule 1 denies: nothing can be numbered before it; it has to change.
    return {
      networkAclId: acl.networkAclId,
      ruleNumber: limit,
      text: `rule ${limit} of ${acl.networkAclId} is the first rule and denies it: replace it (or delete it) so that ${what} is allowed`,
      command: `aws ec2 replace-network-acl-entry --network-acl-id ${acl.networkAclId} ${dirFlag} --rule-number ${limit} --protocol ${q.protocol}${portFlag} ${cidrFlag} --rule-action allow`,
    };
  }
  return {
    networkAclId: acl.networkAclId,
    ruleNumber: number,
    text: `add ${q.direction} rule ${number} to ${acl.networkAclId} allowing ${what}, before rule ${limit === DEFAULT_RULE ? "*" : limit}`,
    command: `aws ec2 create-network-acl-entry --network-acl-id ${acl.networkAclId} ${dirFlag} --rule-number ${number} --protocol ${q.protocol}${portFlag} ${cidrFlag} --rule-action allow`,
  };
}
