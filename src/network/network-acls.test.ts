import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateNetworkAcl, type NetworkAcl, type NetworkAclEntry } from "./network-acls.js";
import type { Packet } from "./packet.js";

const star = (egress: boolean): NetworkAclEntry => ({ RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: egress, CidrBlock: "0.0.0.0/0" });
const acl = (...entries: NetworkAclEntry[]): NetworkAcl => ({ NetworkAclId: "acl-0123456789abcdef0", Entries: [...entries, star(false), star(true)] });
const syn: Packet = { direction: "ingress", protocol: 6, srcaddr: "203.0.113.9", dstaddr: "10.0.1.4", srcport: 51234, dstport: 22, tcpFlags: 2 };
const synAck: Packet = { direction: "egress", protocol: 6, srcaddr: "10.0.1.4", dstaddr: "203.0.113.9", srcport: 22, dstport: 51234, tcpFlags: 18 };

describe("network ACL evaluation", () => {
  it("takes rules in number order, whatever their order in the list: a lower-numbered deny wins over a later allow", () => {
    const rules = acl(
      { RuleNumber: 200, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
      { RuleNumber: 100, Protocol: "6", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0", PortRange: { From: 22, To: 22 } },
    );
    assert.deepEqual(evaluateNetworkAcl(rules, syn), { action: "deny", ruleNumber: 100 });
    assert.deepEqual(evaluateNetworkAcl(rules, { ...syn, dstport: 80 }), { action: "allow", ruleNumber: 200 });
  });

  it("is stateless: the reply meets the outbound rules, on the client's ephemeral port", () => {
    const rules = acl(
      { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
      { RuleNumber: 100, Protocol: "6", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0", PortRange: { From: 1024, To: 49151 } },
    );
    assert.equal(evaluateNetworkAcl(rules, syn).action, "allow");
    assert.deepEqual(evaluateNetworkAcl(rules, synAck), { action: "deny", ruleNumber: 32767 }, "51234 is outside 1024-49151");
    assert.equal(evaluateNetworkAcl(rules, { ...synAck, dstport: 40000 }).action, "allow");
  });

  it("matches the source inbound and the destination outbound, IPv6 rules never matching IPv4", () => {
    const rules = acl(
      { RuleNumber: 10, Protocol: "-1", RuleAction: "allow", Egress: false, Ipv6CidrBlock: "::/0" },
      { RuleNumber: 20, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "203.0.113.0/24" },
      { RuleNumber: 10, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "10.0.0.0/8" },
    );
    assert.deepEqual(evaluateNetworkAcl(rules, syn), { action: "allow", ruleNumber: 20 });
    assert.equal(evaluateNetworkAcl(rules, { ...syn, srcaddr: "198.51.100.1" }).action, "deny");
    assert.equal(evaluateNetworkAcl(rules, synAck).action, "deny", "egress rules read the destination, not 10.0.1.4");
  });

  it("reads ICMP type and code, and ignores ports for protocols other than tcp and udp", () => {
    const rules = acl(
      { RuleNumber: 10, Protocol: "1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0", IcmpTypeCode: { Type: 8, Code: -1 } },
      { RuleNumber: 20, Protocol: "47", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0", PortRange: { From: 1, To: 1 } },
    );
    const ping: Packet = { direction: "ingress", protocol: 1, srcaddr: "203.0.113.9", dstaddr: "10.0.1.4", srcport: 0, dstport: 0, icmpType: 8, icmpCode: 0 };
    assert.deepEqual(evaluateNetworkAcl(rules, ping), { action: "allow", ruleNumber: 10 });
    assert.equal(evaluateNetworkAcl(rules, { ...ping, icmpType: 0 }).action, "deny");
    assert.deepEqual(evaluateNetworkAcl(rules, { ...ping, protocol: 47, icmpType: undefined, dstport: 0 }), { action: "allow", ruleNumber: 20 });
  });
});
