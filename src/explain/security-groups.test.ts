/** Security groups: pooled allow rules, no match is the deny, and every kind of source and protocol rules can name. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { SecurityGroupRule } from "@aws-sdk/client-ec2";
import type { GroupConfig } from "./model.js";
import { evaluateGroups, ruleProtocol } from "./security-groups.js";

const rule = (over: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  SecurityGroupRuleId: "sgr-0000000000000000a",
  GroupId: "sg-1",
  IsEgress: false,
  IpProtocol: "tcp",
  FromPort: 80,
  ToPort: 80,
  CidrIpv4: "0.0.0.0/0",
  ...over,
});
const group = (rules: SecurityGroupRule[], groupId = "sg-1", groupName = "launch-wizard-1"): GroupConfig => ({ groupId, groupName, rules });
const inbound = (port: number, peer = "203.0.113.9", protocol = 6) => ({ direction: "inbound" as const, protocol, peer, port });

test("a tcp rule allows its port from its block and names itself", () => {
  const r = evaluateGroups([group([rule({})])], inbound(80), {});
  assert.equal(r.outcome, "allow");
  assert.match(r.text, /rule sgr-0000000000000000a of sg-1 \(launch-wizard-1\) allowing tcp 80 from 0.0.0.0\/0/);
});

test("a port no rule covers is denied, naming the closest rule and the smallest rule to add", () => {
  const groups = [
    group([rule({ SecurityGroupRuleId: "sgr-ssh", FromPort: 22, ToPort: 22, CidrIpv4: "10.0.0.0/8" }), rule({ SecurityGroupRuleId: "sgr-http" })]),
  ];
  const r = evaluateGroups(groups, inbound(8080), {});
  assert.equal(r.outcome, "deny");
  if (r.outcome !== "deny") return;
  assert.equal(
    r.text,
    "no rule of sg-1 (launch-wizard-1) allows tcp 8080 from 203.0.113.9/32; the closest is rule sgr-http of sg-1 (launch-wizard-1) allowing tcp 80 from 0.0.0.0/0",
  );
  assert.equal(
    r.change.command,
    "aws ec2 authorize-security-group-ingress --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,IpRanges=[{CidrIp=203.0.113.9/32}]'",
  );
});

test("closest: the right port from another source beats the right port of another protocol", () => {
  const groups = [
    group([
      rule({ SecurityGroupRuleId: "sgr-port", FromPort: 8080, ToPort: 8080, CidrIpv4: "10.0.0.0/8" }),
      rule({ SecurityGroupRuleId: "sgr-udp", IpProtocol: "udp", FromPort: 8080, ToPort: 8080 }),
    ]),
  ];
  const r = evaluateGroups(groups, inbound(8080), {});
  assert.equal(r.outcome === "deny" && r.closest?.rule.SecurityGroupRuleId, "sgr-port");
});

test("rules of every group of the interface are pooled: one group allowing is enough", () => {
  const r = evaluateGroups([group([]), group([rule({ GroupId: "sg-2", FromPort: 8000, ToPort: 8999 })], "sg-2", "apps")], inbound(8080), {});
  assert.equal(r.outcome, "allow");
  assert.match(r.text, /sg-2 \(apps\) allowing tcp 8000-8999/);
});

test("port ranges include both ends and nothing past them", () => {
  const groups = [group([rule({ FromPort: 1000, ToPort: 2000 })])];
  assert.equal(evaluateGroups(groups, inbound(1000), {}).outcome, "allow");
  assert.equal(evaluateGroups(groups, inbound(2000), {}).outcome, "allow");
  assert.equal(evaluateGroups(groups, inbound(999), {}).outcome, "deny");
  assert.equal(evaluateGroups(groups, inbound(2001), {}).outcome, "deny");
});

test("protocol -1 allows every protocol and port; a numbered protocol matches only itself", () => {
  const all = [group([rule({ IpProtocol: "-1", FromPort: undefined, ToPort: undefined })])];
  assert.equal(evaluateGroups(all, inbound(5432), {}).outcome, "allow");
  assert.equal(evaluateGroups(all, { direction: "inbound", protocol: 47, peer: "198.51.100.1" }, {}).outcome, "allow");
  const gre = [group([rule({ IpProtocol: "47", FromPort: -1, ToPort: -1 })])];
  assert.equal(evaluateGroups(gre, { direction: "inbound", protocol: 47, peer: "198.51.100.1" }, {}).outcome, "allow");
  assert.equal(evaluateGroups(gre, inbound(80), {}).outcome, "deny");
  assert.equal(ruleProtocol("icmpv6"), 58);
  assert.equal(ruleProtocol("all"), "all");
});

test("ICMP rules hold type and code; a record without the type is undecided against a one-type rule", () => {
  const echo = [group([rule({ IpProtocol: "icmp", FromPort: 8, ToPort: -1 })])];
  const ping = { direction: "inbound" as const, protocol: 1, peer: "198.51.100.1" };
  assert.equal(evaluateGroups(echo, { ...ping, icmpType: 8, icmpCode: 0 }, {}).outcome, "allow");
  assert.equal(evaluateGroups(echo, { ...ping, icmpType: 3 }, {}).outcome, "deny");
  const unknown = evaluateGroups(echo, ping, {});
  assert.equal(unknown.outcome, "unknown");
  assert.match(unknown.text, /does not carry the type/);
  const any = [group([rule({ IpProtocol: "icmp", FromPort: -1, ToPort: -1 })])];
  assert.equal(evaluateGroups(any, ping, {}).outcome, "allow");
});

test("ingress rules never decide outbound traffic and egress rules never inbound", () => {
  const groups = [group([rule({ IsEgress: true, IpProtocol: "-1" })])];
  assert.equal(evaluateGroups(groups, inbound(80), {}).outcome, "deny");
  const out = evaluateGroups(groups, { direction: "outbound", protocol: 6, peer: "198.51.100.1", port: 443 }, {});
  assert.equal(out.outcome, "allow");
  const none = evaluateGroups([group([rule({})])], { direction: "outbound", protocol: 6, peer: "198.51.100.1", port: 443 }, {});
  assert.match(none.text, /it has no outbound rules/);
  assert.match(none.outcome === "deny" ? none.change.command : "", /authorize-security-group-egress .*CidrIp=198.51.100.1\/32/);
});

test("IPv6 sources: a CidrIpv6 rule matches IPv6 peers only, and the change opens a /128", () => {
  const groups = [group([rule({ CidrIpv4: undefined, CidrIpv6: "2001:db8::/32" })])];
  assert.equal(evaluateGroups(groups, inbound(80, "2001:db8::5"), {}).outcome, "allow");
  assert.equal(evaluateGroups(groups, inbound(80, "203.0.113.9"), {}).outcome, "deny");
  const r = evaluateGroups(groups, inbound(80, "2001:db9::5"), {});
  assert.match(r.outcome === "deny" ? r.change.command : "", /Ipv6Ranges=\[\{CidrIpv6=2001:db9::5\/128\}\]/);
});

test("a prefix list source matches its entries when read, and is undecided when not", () => {
  const groups = [group([rule({ CidrIpv4: undefined, PrefixListId: "pl-1" })])];
  assert.equal(evaluateGroups(groups, inbound(80), { prefixLists: new Map([["pl-1", ["203.0.113.0/24"]]]) }).outcome, "allow");
  assert.equal(evaluateGroups(groups, inbound(80, "198.51.100.1"), { prefixLists: new Map([["pl-1", ["203.0.113.0/24"]]]) }).outcome, "deny");
  const r = evaluateGroups(groups, inbound(80), { prefixLists: new Map([["pl-1", { unreadable: "InvalidAction" }]]) });
  assert.equal(r.outcome, "unknown");
  assert.match(r.text, /prefix list pl-1 could not be read \(InvalidAction\)/);
});

test("a group as the source matches its members' private addresses only", () => {
  const groups = [group([rule({ CidrIpv4: undefined, ReferencedGroupInfo: { GroupId: "sg-app" }, FromPort: 5432, ToPort: 5432 })])];
  const lookups = { groupMembers: new Map([["sg-app", ["10.0.1.20"]]]) };
  assert.equal(evaluateGroups(groups, inbound(5432, "10.0.1.20"), lookups).outcome, "allow");
  assert.equal(evaluateGroups(groups, inbound(5432, "10.0.1.21"), lookups).outcome, "deny");
  assert.equal(evaluateGroups(groups, inbound(5432, "10.0.1.20"), {}).outcome, "unknown");
});

test("an interface without groups, or groups without rules, denies and says so", () => {
  assert.match(evaluateGroups([], inbound(80), {}).text, /the interface has no security group/);
  assert.match(evaluateGroups([group([])], inbound(80), {}).text, /it has no inbound rules/);
});
