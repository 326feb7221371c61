/** Network ACLs: rule order, deny before allow, the * rule, families, port ranges, ICMP, and where a new rule goes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NetworkAclEntry } from "@aws-sdk/client-ec2";
import type { NetworkAclConfig } from "./model.js";
import { evaluateAcl } from "./network-acls.js";

const entry = (over: Partial<NetworkAclEntry>): NetworkAclEntry => ({
  RuleNumber: 100,
  Protocol: "-1",
  RuleAction: "allow",
  Egress: false,
  CidrBlock: "0.0.0.0/0",
  ...over,
});
const STAR_IN = entry({ RuleNumber: 32767, RuleAction: "deny" });
const STAR_OUT = entry({ RuleNumber: 32767, RuleAction: "deny", Egress: true });
const acl = (entries: NetworkAclEntry[]): NetworkAclConfig => ({ networkAclId: "acl-1", entries: [...entries, STAR_IN, STAR_OUT] });
const tcpIn = (port: number, peer = "203.0.113.9") => ({ direction: "inbound" as const, protocol: 6, peer, ports: { from: port, to: port } });

test("the lowest-numbered matching rule decides: a deny before an allow drops, whatever the listing order", () => {
  const a = acl([entry({ RuleNumber: 200 }), entry({ RuleNumber: 100, Protocol: "6", RuleAction: "deny", PortRange: { From: 22, To: 22 } })]);
  const r = evaluateAcl(a, tcpIn(22));
  assert.equal(r.outcome, "deny");
  assert.equal(r.text, "NACL acl-1 rule 100 denies tcp 22 from 0.0.0.0/0");
  assert.equal(evaluateAcl(a, tcpIn(80)).text, "NACL acl-1 rule 200 allows all traffic from 0.0.0.0/0");
});

test("an allow before a deny lets it through", () => {
  const a = acl([
    entry({ RuleNumber: 90, Protocol: "6", PortRange: { From: 22, To: 22 }, CidrBlock: "203.0.113.0/24" }),
    entry({ RuleNumber: 100, RuleAction: "deny" }),
  ]);
  assert.equal(evaluateAcl(a, tcpIn(22)).outcome, "allow");
  assert.equal(evaluateAcl(a, tcpIn(22, "198.51.100.1")).outcome, "deny");
});

test("nothing matching meets the * rule, named *; the new rule goes below it", () => {
  const a = acl([entry({ RuleNumber: 100, Protocol: "6", PortRange: { From: 80, To: 80 } })]);
  const r = evaluateAcl(a, tcpIn(8080));
  assert.equal(r.outcome, "deny");
  assert.equal(r.text, "NACL acl-1 rule * denies all traffic from 0.0.0.0/0");
  assert.equal(r.change?.ruleNumber, 110);
  assert.equal(
    r.change?.command,
    "aws ec2 create-network-acl-entry --network-acl-id acl-1 --ingress --rule-number 110 --protocol 6 --port-range From=8080,To=8080 --cidr-block 203.0.113.9/32 --rule-action allow",
  );
});

test("an ACL listed without its * rule still denies what nothing matched", () => {
  const r = evaluateAcl({ networkAclId: "acl-2", entries: [] }, tcpIn(80));
  assert.equal(r.outcome, "deny");
  assert.match(r.text, /no matching rule/);
});

test("the new allow is numbered below the deny that decided: a free multiple of ten, else any free number", () => {
  const deny = (n: number) => entry({ RuleNumber: n, RuleAction: "deny" });
  assert.equal(evaluateAcl(acl([deny(100)]), tcpIn(22)).change?.ruleNumber, 90);
  assert.equal(evaluateAcl(acl([entry({ RuleNumber: 90, Protocol: "17" }), deny(100)]), tcpIn(22)).change?.ruleNumber, 80);
  assert.equal(evaluateAcl(acl([deny(5)]), tcpIn(22)).change?.ruleNumber, 4);
  const first = evaluateAcl(acl([deny(1)]), tcpIn(22)).change;
  assert.match(first?.command ?? "", /replace-network-acl-entry .* --rule-number 1 /);
});

test("the IPv6 * rule (32768) is named * and the new rule goes below the user's rules, not below 32768", () => {
  const a: NetworkAclConfig = {
    networkAclId: "acl-6",
    entries: [
      entry({ RuleNumber: 100, CidrBlock: undefined, Ipv6CidrBlock: "::/0", Protocol: "6", PortRange: { From: 80, To: 80 } }),
      entry({ RuleNumber: 32768, CidrBlock: undefined, Ipv6CidrBlock: "::/0", RuleAction: "deny" }),
    ],
  };
  const r = evaluateAcl(a, tcpIn(22, "2001:db8::1"));
  assert.equal(r.text, "NACL acl-6 rule * denies all traffic from ::/0");
  assert.equal(r.change?.ruleNumber, 110);
});

test("egress entries judge outbound traffic, ingress entries inbound", () => {
  const a = acl([entry({ RuleNumber: 100, Egress: true })]);
  assert.equal(evaluateAcl(a, { direction: "outbound", protocol: 6, peer: "198.51.100.1", ports: { from: 443, to: 443 } }).outcome, "allow");
  assert.equal(evaluateAcl(a, tcpIn(443)).outcome, "deny");
});

test("IPv4 traffic meets only CidrBlock entries, IPv6 only Ipv6CidrBlock entries", () => {
  const a: NetworkAclConfig = {
    networkAclId: "acl-6",
    entries: [entry({ RuleNumber: 100, CidrBlock: undefined, Ipv6CidrBlock: "::/0" }), entry({ RuleNumber: 101, RuleAction: "deny" })],
  };
  assert.equal(evaluateAcl(a, tcpIn(80, "2001:db8::1")).outcome, "allow");
  assert.equal(evaluateAcl(a, tcpIn(80)).outcome, "deny");
  assert.match(evaluateAcl({ networkAclId: "acl-6", entries: [] }, tcpIn(80, "2001:db8::1")).change?.command ?? "", /--ipv6-cidr-block 2001:db8::1\/128/);
});

test("a reply on an unknown ephemeral port: all allowed, all denied, or split by the rules' ranges", () => {
  const out = (entries: NetworkAclEntry[]) =>
    evaluateAcl(acl(entries.map((e) => ({ ...e, Egress: true }))), {
      direction: "outbound",
      protocol: 6,
      peer: "203.0.113.9",
      ports: { from: 1024, to: 65535 },
    });
  assert.equal(out([entry({ Protocol: "6", PortRange: { From: 1024, To: 65535 } })]).outcome, "allow");
  assert.equal(out([entry({ Protocol: "6", PortRange: { From: 80, To: 80 } })]).outcome, "deny");
  const split = out([entry({ Protocol: "6", PortRange: { From: 32768, To: 65535 } })]);
  assert.equal(split.outcome, "unknown");
  assert.equal(split.text, "it depends on the client's port: 1024-32767 denied by rule *, 32768-65535 allowed by rule 100");
  assert.match(split.change?.command ?? "", /--egress --rule-number 110 --protocol 6 --port-range From=1024,To=65535 --cidr-block 203.0.113.9\/32/);
});

test("a known ephemeral port is judged exactly", () => {
  const a = acl([entry({ Egress: true, Protocol: "6", PortRange: { From: 32768, To: 65535 } })]);
  const q = (p: number) => ({ direction: "outbound" as const, protocol: 6, peer: "203.0.113.9", ports: { from: p, to: p } });
  assert.equal(evaluateAcl(a, q(51234)).outcome, "allow");
  assert.equal(evaluateAcl(a, q(1500)).outcome, "deny");
});

test("ICMP entries: type and code, -1 for any; a one-type entry cannot be decided without the type", () => {
  const a = acl([entry({ Protocol: "1", IcmpTypeCode: { Type: 8, Code: -1 } })]);
  const ping = { direction: "inbound" as const, protocol: 1, peer: "198.51.100.1" };
  assert.equal(evaluateAcl(a, { ...ping, icmpType: 8 }).outcome, "allow");
  assert.equal(evaluateAcl(a, { ...ping, icmpType: 0 }).outcome, "deny");
  assert.equal(evaluateAcl(a, ping).outcome, "unknown");
  assert.equal(evaluateAcl(acl([entry({ Protocol: "1", IcmpTypeCode: { Type: -1, Code: -1 } })]), ping).outcome, "allow");
  assert.equal(evaluateAcl(a, { ...ping, protocol: 6, ports: { from: 80, to: 80 } }).outcome, "deny");
});

test("an entry for another protocol number matches only that protocol, with no ports", () => {
  const a = acl([entry({ Protocol: "47" })]);
  assert.equal(evaluateAcl(a, { direction: "inbound", protocol: 47, peer: "198.51.100.1" }).outcome, "allow");
  assert.equal(evaluateAcl(a, tcpIn(80)).outcome, "deny");
});
