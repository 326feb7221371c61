/**
 * Security group rules: IpPermissions (and the legacy CidrIp/IpProtocol/FromPort/ToPort form) to one
 * rule per peer, canonical as AWS stores them; rules back to grouped IpPermissions for Describe calls;
 * and the peer text of AWS's InvalidPermission.Duplicate message.
 */
import type { AuthorizeSecurityGroupIngressRequest, IpPermission, SecurityGroupRule } from "../validation/ec2-types.js";
import { formatCidr, parseCidr } from "./addresses.js";
import { invalidParameterValue } from "./errors.js";
import { newId } from "./ids.js";
import type { RuleRecord } from "./records.js";
import { arnPrefix } from "../partitions.js";

/** The legacy top-level members of the Authorize and Revoke calls. */
export type LegacyPermission = Pick<
  AuthorizeSecurityGroupIngressRequest,
  "IpProtocol" | "FromPort" | "ToPort" | "CidrIp" | "SourceSecurityGroupName" | "SourceSecurityGroupOwnerId"
>;

const NAMES: Readonly<Record<string, string>> = {
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  icmp: "icmp",
  "1": "icmp",
  icmpv6: "icmpv6",
  "58": "icmpv6",
  "-1": "-1",
  all: "-1",
};

/** `tcp`, `udp`, `icmp`, `icmpv6`, `-1`, or another protocol number (0-255) as text. */
export function normalizeProtocol(protocol: string | undefined): string {
  if (protocol === undefined || protocol === "") throw invalidParameterValue("Invalid value '' for IP protocol. Unknown protocol.");
  const known = NAMES[protocol.toLowerCase()];
  if (known !== undefined) return known;
  if (/^\d{1,3}$/.test(protocol) && Number(protocol) <= 255) return String(Number(protocol));
  throw invalidParameterValue(`Invalid value '${protocol}' for IP protocol. Unknown protocol.`);
}

function ports(protocol: string, from: number | undefined, to: number | undefined): { fromPort?: number; toPort?: number } {
  if (protocol === "tcp" || protocol === "udp") {
    if (from === undefined || to === undefined) throw invalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange");
    if (from < 0 || to > 65535 || from > to)
      throw invalidParameterValue(`Invalid value '${from}-${to}' for portRange. Ports must be between 0 and 65535 with from port <= to port.`);
    return { fromPort: from, toPort: to };
  }
  if (protocol === "icmp" || protocol === "icmpv6") {
    // ICMP type and code; -1 means all.
    if (protocol === "icmpv6" && from === undefined && to === undefined) return {};
    return { fromPort: from ?? -1, toPort: to ?? -1 };
  }
  // All protocols, or a protocol without ports: AWS ignores any range given.
  return {};
}

/** Resolves a referenced group by id or name to its id; supplied by the caller, which knows the VPC. */
export type GroupResolver = (pair: { GroupId?: string; GroupName?: string }) => string;

/** One RuleRecord per peer of each permission, with fresh rule ids. */
export function rulesFromPermissions(permissions: readonly IpPermission[], resolveGroup: GroupResolver, account: string): RuleRecord[] {
  const rules: RuleRecord[] = [];
  for (const p of permissions) {
    const protocol = normalizeProtocol(p.IpProtocol);
    const range = ports(protocol, p.FromPort, p.ToPort);
    const base = { protocol, ...range };
    const add = (peer: Partial<RuleRecord>, description: string | undefined) =>
      rules.push({ ruleId: newId("security-group-rule"), ...base, ...peer, ...(description === undefined ? {} : { description }) });
    for (const r of p.IpRanges ?? []) {
      const cidr = r.CidrIp === undefined ? undefined : parseCidr(r.CidrIp);
      if (cidr === undefined) throw invalidParameterValue(`CIDR block ${r.CidrIp ?? ""} is malformed`);
      add({ cidrIpv4: formatCidr(cidr) }, r.Description);
    }
    for (const r of p.Ipv6Ranges ?? []) {
      if (r.CidrIpv6 === undefined || !/^[0-9a-fA-F:]+\/\d{1,3}$/.test(r.CidrIpv6)) throw invalidParameterValue(`CIDR block ${r.CidrIpv6 ?? ""} is malformed`);
      add({ cidrIpv6: r.CidrIpv6.toLowerCase() }, r.Description);
    }
    for (const g of p.UserIdGroupPairs ?? []) add({ groupId: resolveGroup(g), groupOwnerId: g.UserId ?? account }, g.Description);
    for (const l of p.PrefixListIds ?? []) {
      if (l.PrefixListId === undefined) throw invalidParameterValue("PrefixListId must be specified");
      add({ prefixListId: l.PrefixListId }, l.Description);
    }
    if ((p.IpRanges ?? []).length + (p.Ipv6Ranges ?? []).length + (p.UserIdGroupPairs ?? []).length + (p.PrefixListIds ?? []).length === 0) {
      // A permission with no peer: AWS reads it as from anywhere only in the legacy form.
      throw invalidParameterValue("Invalid value: a permission must name at least one peer (IpRanges, Ipv6Ranges, UserIdGroupPairs or PrefixListIds)");
    }
  }
  return rules;
}

/** The legacy form as one permission, or undefined when none of its members is given. */
export function legacyPermission(input: LegacyPermission): IpPermission | undefined {
  if (input.IpProtocol === undefined && input.CidrIp === undefined && input.SourceSecurityGroupName === undefined) return undefined;
  const p: IpPermission = { IpProtocol: input.IpProtocol ?? "-1" };
  if (input.FromPort !== undefined) p.FromPort = input.FromPort;
  if (input.ToPort !== undefined) p.ToPort = input.ToPort;
  if (input.SourceSecurityGroupName !== undefined) {
    p.UserIdGroupPairs = [
      { GroupName: input.SourceSecurityGroupName, ...(input.SourceSecurityGroupOwnerId === undefined ? {} : { UserId: input.SourceSecurityGroupOwnerId }) },
    ];
    // A source group without a protocol allows every protocol, as EC2-Classic did.
    if (input.IpProtocol === undefined) p.IpProtocol = "-1";
  }
  if (input.CidrIp !== undefined) p.IpRanges = [{ CidrIp: input.CidrIp }];
  return p;
}

const peerOf = (r: RuleRecord) => r.cidrIpv4 ?? r.cidrIpv6 ?? r.groupId ?? r.prefixListId ?? "";

/** Two rules are the same rule when protocol, ports and peer agree (descriptions do not count). */
export const sameRule = (a: RuleRecord, b: RuleRecord) =>
  a.protocol === b.protocol &&
  a.fromPort === b.fromPort &&
  a.toPort === b.toPort &&
  peerOf(a) === peerOf(b) &&
  (a.cidrIpv4 !== undefined) === (b.cidrIpv4 !== undefined);

/** `peer: 0.0.0.0/0, TCP, from port: 80, to port: 80, ALLOW`, as AWS words a duplicate. */
export function peerText(r: RuleRecord): string {
  const peer = peerOf(r);
  if (r.protocol === "-1") return `peer: ${peer}, ALL, ALLOW`;
  if (r.protocol === "tcp" || r.protocol === "udp") return `peer: ${peer}, ${r.protocol.toUpperCase()}, from port: ${r.fromPort}, to port: ${r.toPort}, ALLOW`;
  if (r.protocol === "icmp" || r.protocol === "icmpv6")
    return `peer: ${peer}, ${r.protocol.toUpperCase()}, type: ${r.fromPort ?? -1}, code: ${r.toPort ?? -1}, ALLOW`;
  return `peer: ${peer}, protocol: ${r.protocol}, ALLOW`;
}

/** Rules grouped back into IpPermissions (one per protocol and port range), in first-seen order. */
export function permissionsOutput(rules: readonly RuleRecord[], names: (groupId: string) => string | undefined): IpPermission[] {
  const groups = new Map<string, { first: RuleRecord; list: RuleRecord[] }>();
  for (const r of rules) {
    const key = `${r.protocol}|${r.fromPort ?? ""}|${r.toPort ?? ""}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: r, list: [r] });
    else group.list.push(r);
  }
  return [...groups.values()].map(({ first, list }) => {
    const desc = (r: RuleRecord) => (r.description === undefined ? {} : { Description: r.description });
    return {
      IpProtocol: first.protocol,
      ...(first.fromPort === undefined ? {} : { FromPort: first.fromPort, ToPort: first.toPort }),
      UserIdGroupPairs: list.flatMap((r) =>
        r.groupId === undefined ? [] : [{ ...desc(r), UserId: r.groupOwnerId, GroupId: r.groupId, GroupName: names(r.groupId) }],
      ),
      IpRanges: list.filter((r) => r.cidrIpv4 !== undefined).map((r) => ({ ...desc(r), CidrIp: r.cidrIpv4 })),
      Ipv6Ranges: list.filter((r) => r.cidrIpv6 !== undefined).map((r) => ({ ...desc(r), CidrIpv6: r.cidrIpv6 })),
      PrefixListIds: list.filter((r) => r.prefixListId !== undefined).map((r) => ({ ...desc(r), PrefixListId: r.prefixListId })),
    };
  });
}

/** A rule as DescribeSecurityGroupRules and the Authorize responses give it. */
export function ruleOutput(r: RuleRecord, groupId: string, account: string, region: string, isEgress: boolean): SecurityGroupRule {
  return {
    SecurityGroupRuleId: r.ruleId,
    GroupId: groupId,
    GroupOwnerId: account,
    IsEgress: isEgress,
    IpProtocol: r.protocol,
    FromPort: r.fromPort ?? -1,
    ToPort: r.toPort ?? -1,
    CidrIpv4: r.cidrIpv4,
    CidrIpv6: r.cidrIpv6,
    PrefixListId: r.prefixListId,
    ReferencedGroupInfo: r.groupId === undefined ? undefined : { GroupId: r.groupId, UserId: r.groupOwnerId },
    Description: r.description,
    Tags: [],
    SecurityGroupRuleArn: `${arnPrefix(region)}ec2:${region}:${account}:security-group-rule/${r.ruleId}`,
  };
}
