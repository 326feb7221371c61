import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newEc2 } from "../../../test/support/ec2-harness.js";

/** A tcp 22 deny from anywhere, inbound; `extra` overrides, an undefined value leaves the parameter out. */
const entry = (acl: string, n: number, extra: Record<string, unknown> = {}) =>
  Object.fromEntries(
    Object.entries({ NetworkAclId: acl, RuleNumber: String(n), Protocol: "6", RuleAction: "deny", Egress: "false", CidrBlock: "0.0.0.0/0", PortRange: { From: "22", To: "22" }, ...extra }).filter(
      ([, v]) => v !== undefined,
    ),
  );

describe("network ACLs", () => {
  it("gives a new VPC a default ACL (rule 100 allow, * deny, both ways) associated with each of its subnets", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const [acl] = t.call("DescribeNetworkAcls", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).networkAclSet;
    assert.equal(acl.default, true);
    assert.match(acl.networkAclId, /^acl-[0-9a-f]{17}$/);
    assert.deepEqual(
      acl.entrySet.map((e: { ruleNumber: number; egress: boolean; ruleAction: string; protocol: string; cidrBlock: string }) => [e.egress, e.ruleNumber, e.ruleAction, e.protocol, e.cidrBlock]),
      [[true, 100, "allow", "-1", "0.0.0.0/0"], [true, 32767, "deny", "-1", "0.0.0.0/0"], [false, 100, "allow", "-1", "0.0.0.0/0"], [false, 32767, "deny", "-1", "0.0.0.0/0"]],
    );
    assert.equal(acl.associationSet.length, 1);
    assert.equal(acl.associationSet[0].subnetId, subnetId);
    assert.match(acl.associationSet[0].networkAclAssociationId, /^aclassoc-[0-9a-f]{17}$/);
    const bySubnet = t.call("DescribeNetworkAcls", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).networkAclSet;
    assert.deepEqual(bySubnet.map((a: { networkAclId: string }) => a.networkAclId), [acl.networkAclId]);
  });

  it("creates custom ACLs that deny everything, adds numbered rules, and moves a subnet to one", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const created = t.call("CreateNetworkAcl", { VpcId: vpcId, TagSpecification: [{ ResourceType: "network-acl", Tag: [{ Key: "Name", Value: "strict" }] }] }).networkAcl;
    assert.equal(created.default, false);
    assert.deepEqual(created.entrySet.map((e: { ruleNumber: number }) => e.ruleNumber), [32767, 32767]);
    assert.deepEqual(created.tagSet, [{ key: "Name", value: "strict" }]);
    const acl = created.networkAclId;
    t.call("CreateNetworkAclEntry", entry(acl, 100));
    t.call("CreateNetworkAclEntry", entry(acl, 200, { RuleAction: "allow", Protocol: "-1", PortRange: undefined }));
    t.call("CreateNetworkAclEntry", entry(acl, 100, { Egress: "true", RuleAction: "allow", Protocol: "tcp", PortRange: { From: "1024", To: "65535" } }));
    t.call("CreateNetworkAclEntry", entry(acl, 110, { Protocol: "1", PortRange: undefined, Icmp: { Type: "8", Code: "-1" } }));
    const [found] = t.call("DescribeNetworkAcls", { NetworkAclId: [acl] }).networkAclSet;
    const egress100 = found.entrySet.find((e: { egress: boolean; ruleNumber: number }) => e.egress && e.ruleNumber === 100);
    assert.equal(egress100.protocol, "6", "tcp is stored as its number");
    assert.deepEqual(egress100.portRange, { from: 1024, to: 65535 });
    const icmp = found.entrySet.find((e: { ruleNumber: number }) => e.ruleNumber === 110);
    assert.deepEqual(icmp.icmpTypeCode, { code: -1, type: 8 });
    assert.equal(found.entrySet.find((e: { ruleNumber: number }) => e.ruleNumber === 200).portRange, undefined, "all protocols: no ports");

    const [defaultAcl] = t.call("DescribeNetworkAcls", { Filter: [{ Name: "default", Value: ["true"] }, { Name: "vpc-id", Value: [vpcId] }] }).networkAclSet;
    const { newAssociationId } = t.call("ReplaceNetworkAclAssociation", { AssociationId: defaultAcl.associationSet[0].networkAclAssociationId, NetworkAclId: acl });
    assert.match(newAssociationId, /^aclassoc-/);
    const now = t.call("DescribeNetworkAcls", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).networkAclSet;
    assert.deepEqual(now.map((a: { networkAclId: string }) => a.networkAclId), [acl]);
    assert.deepEqual(t.call("DescribeNetworkAcls", { Filter: [{ Name: "entry.protocol", Value: ["icmp"] }] }).networkAclSet.map((a: { networkAclId: string }) => a.networkAclId), [acl]);
    assert.deepEqual(t.call("DescribeNetworkAcls", { Filter: [{ Name: "tag:Name", Value: ["strict"] }] }).networkAclSet.length, 1);

    t.fails("DeleteNetworkAcl", { NetworkAclId: acl }, "DependencyViolation", `The network ACL '${acl}' has dependencies and cannot be deleted.`);
    t.fails("DeleteNetworkAcl", { NetworkAclId: defaultAcl.networkAclId }, "InvalidParameterValue", `cannot delete default network ACL ${defaultAcl.networkAclId}`);
    t.call("ReplaceNetworkAclAssociation", { AssociationId: newAssociationId, NetworkAclId: defaultAcl.networkAclId });
    t.call("DeleteNetworkAcl", { NetworkAclId: acl });
    t.fails("DescribeNetworkAcls", { NetworkAclId: [acl] }, "InvalidNetworkAclID.NotFound", `The networkAcl ID '${acl}' does not exist`);
  });

  it("answers rule mistakes with AWS's codes", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const acl = t.call("CreateNetworkAcl", { VpcId: vpcId }).networkAcl.networkAclId;
    t.call("CreateNetworkAclEntry", entry(acl, 100));
    t.fails("CreateNetworkAclEntry", entry(acl, 100), "NetworkAclEntryAlreadyExists", "The network acl entry identified by 100 already exists.");
    t.call("CreateNetworkAclEntry", entry(acl, 100, { Egress: "true" }));
    t.fails("CreateNetworkAclEntry", entry(acl, 0), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 32767), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { PortRange: undefined }), "MissingParameter", "The request must contain the parameter portRange");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { Protocol: "1", PortRange: undefined }), "MissingParameter", "The request must contain the parameter icmpTypeCode");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { Protocol: "999" }), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { PortRange: { From: "90", To: "80" } }), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { RuleAction: "maybe" }), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { CidrBlock: "10.0.0.0/33" }), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { CidrBlock: undefined, Ipv6CidrBlock: "zz::/64" }), "InvalidParameterValue");
    t.call("CreateNetworkAclEntry", entry(acl, 130, { CidrBlock: undefined, Ipv6CidrBlock: "::/0" }));
    t.fails("ReplaceNetworkAclEntry", entry(acl, 150), "InvalidNetworkAclEntry.NotFound");
    t.call("ReplaceNetworkAclEntry", entry(acl, 100, { RuleAction: "allow" }));
    t.fails("DeleteNetworkAclEntry", { NetworkAclId: acl, RuleNumber: "150", Egress: "false" }, "InvalidNetworkAclEntry.NotFound");
    t.call("DeleteNetworkAclEntry", { NetworkAclId: acl, RuleNumber: "100", Egress: "false" });
    t.fails("CreateNetworkAclEntry", entry("acl-0123456789abcdef0", 1), "InvalidNetworkAclID.NotFound");
    t.fails("CreateNetworkAclEntry", entry("acl-nope", 1), "InvalidNetworkAclId.Malformed");
    t.fails("ReplaceNetworkAclAssociation", { AssociationId: "aclassoc-0123456789abcdef0", NetworkAclId: acl }, "InvalidAssociationID.NotFound");
  });

  it("allows 20 rules per direction, the * rule not counted", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const acl = t.call("CreateNetworkAcl", { VpcId: vpcId }).networkAcl.networkAclId;
    for (let i = 1; i <= 20; i++) t.call("CreateNetworkAclEntry", entry(acl, i * 10));
    t.fails("CreateNetworkAclEntry", entry(acl, 500), "NetworkAclEntryLimitExceeded");
    t.call("CreateNetworkAclEntry", entry(acl, 500, { Egress: "true" }));
  });

  it("goes with its VPC: a custom ACL is a dependency, the default one is deleted with it", () => {
    const t = newEc2();
    const vpcId = t.call("CreateVpc", { CidrBlock: "10.1.0.0/16" }).Vpc.VpcId;
    const acl = t.call("CreateNetworkAcl", { VpcId: vpcId }).networkAcl.networkAclId;
    t.fails("DeleteVpc", { VpcId: vpcId }, "DependencyViolation");
    t.call("DeleteNetworkAcl", { NetworkAclId: acl });
    t.call("DeleteVpc", { VpcId: vpcId });
    assert.equal(t.call("DescribeNetworkAcls", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).networkAclSet.length, 0);
    assert.equal(t.call("DescribeRouteTables", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).RouteTables.length, 0);
  });
});
