import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newEc2 } from "../../../test/support/ec2-harness.js";

/** A tcp 22 deny from anywhere, inbound; `extra` overrides, an undefined value leaves the parameter out. */
const entry = (acl: string, n: number, extra: Record<string, unknown> = {}) =>
  Object.fromEntries(
    Object.entries({
      NetworkAclId: acl,
      RuleNumber: String(n),
      Protocol: "6",
      RuleAction: "deny",
      Egress: "false",
      CidrBlock: "0.0.0.0/0",
      PortRange: { From: "22", To: "22" },
      ...extra,
    }).filter(([, v]) => v !== undefined),
  );

describe("network ACLs", () => {
  it("gives a new VPC a default ACL (rule 100 allow, * deny, both ways) associated with each of its subnets", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const [acl] = t.call("DescribeNetworkAcls", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).NetworkAcls;
    assert.equal(acl.IsDefault, true);
    assert.match(acl.NetworkAclId, /^acl-[0-9a-f]{17}$/);
    assert.deepEqual(
      acl.Entries.map((e: { RuleNumber: number; Egress: boolean; RuleAction: string; Protocol: string; CidrBlock: string }) => [
        e.Egress,
        e.RuleNumber,
        e.RuleAction,
        e.Protocol,
        e.CidrBlock,
      ]),
      [
        [true, 100, "allow", "-1", "0.0.0.0/0"],
        [true, 32767, "deny", "-1", "0.0.0.0/0"],
        [false, 100, "allow", "-1", "0.0.0.0/0"],
        [false, 32767, "deny", "-1", "0.0.0.0/0"],
      ],
    );
    assert.equal(acl.Associations.length, 1);
    assert.equal(acl.Associations[0].SubnetId, subnetId);
    assert.match(acl.Associations[0].NetworkAclAssociationId, /^aclassoc-[0-9a-f]{17}$/);
    const bySubnet = t.call("DescribeNetworkAcls", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).NetworkAcls;
    assert.deepEqual(
      bySubnet.map((a: { NetworkAclId: string }) => a.NetworkAclId),
      [acl.NetworkAclId],
    );
  });

  it("creates custom ACLs that deny everything, adds numbered rules, and moves a subnet to one", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const created = t.call("CreateNetworkAcl", {
      VpcId: vpcId,
      TagSpecification: [{ ResourceType: "network-acl", Tag: [{ Key: "Name", Value: "strict" }] }],
    }).NetworkAcl;
    assert.equal(created.IsDefault, false);
    assert.deepEqual(
      created.Entries.map((e: { RuleNumber: number }) => e.RuleNumber),
      [32767, 32767],
    );
    assert.deepEqual(created.Tags, [{ Key: "Name", Value: "strict" }]);
    const acl = created.NetworkAclId;
    t.call("CreateNetworkAclEntry", entry(acl, 100));
    t.call("CreateNetworkAclEntry", entry(acl, 200, { RuleAction: "allow", Protocol: "-1", PortRange: undefined }));
    t.call("CreateNetworkAclEntry", entry(acl, 100, { Egress: "true", RuleAction: "allow", Protocol: "tcp", PortRange: { From: "1024", To: "65535" } }));
    t.call("CreateNetworkAclEntry", entry(acl, 110, { Protocol: "1", PortRange: undefined, Icmp: { Type: "8", Code: "-1" } }));
    const [found] = t.call("DescribeNetworkAcls", { NetworkAclId: [acl] }).NetworkAcls;
    const egress100 = found.Entries.find((e: { Egress: boolean; RuleNumber: number }) => e.Egress && e.RuleNumber === 100);
    assert.equal(egress100.Protocol, "6", "tcp is stored as its number");
    assert.deepEqual(egress100.PortRange, { From: 1024, To: 65535 });
    const icmp = found.Entries.find((e: { RuleNumber: number }) => e.RuleNumber === 110);
    assert.deepEqual(icmp.IcmpTypeCode, { Code: -1, Type: 8 });
    assert.equal(found.Entries.find((e: { RuleNumber: number }) => e.RuleNumber === 200).PortRange, undefined, "all protocols: no ports");

    const [defaultAcl] = t.call("DescribeNetworkAcls", {
      Filter: [
        { Name: "default", Value: ["true"] },
        { Name: "vpc-id", Value: [vpcId] },
      ],
    }).NetworkAcls;
    const { NewAssociationId: newAssociationId } = t.call("ReplaceNetworkAclAssociation", {
      AssociationId: defaultAcl.Associations[0].NetworkAclAssociationId,
      NetworkAclId: acl,
    });
    assert.match(newAssociationId, /^aclassoc-/);
    const now = t.call("DescribeNetworkAcls", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).NetworkAcls;
    assert.deepEqual(
      now.map((a: { NetworkAclId: string }) => a.NetworkAclId),
      [acl],
    );
    assert.deepEqual(
      t.call("DescribeNetworkAcls", { Filter: [{ Name: "entry.protocol", Value: ["icmp"] }] }).NetworkAcls.map((a: { NetworkAclId: string }) => a.NetworkAclId),
      [acl],
    );
    assert.deepEqual(t.call("DescribeNetworkAcls", { Filter: [{ Name: "tag:Name", Value: ["strict"] }] }).NetworkAcls.length, 1);

    t.fails("DeleteNetworkAcl", { NetworkAclId: acl }, "DependencyViolation", `The network ACL '${acl}' has dependencies and cannot be deleted.`);
    t.fails(
      "DeleteNetworkAcl",
      { NetworkAclId: defaultAcl.NetworkAclId },
      "InvalidParameterValue",
      `cannot delete default network ACL ${defaultAcl.NetworkAclId}`,
    );
    t.call("ReplaceNetworkAclAssociation", { AssociationId: newAssociationId, NetworkAclId: defaultAcl.NetworkAclId });
    t.call("DeleteNetworkAcl", { NetworkAclId: acl });
    t.fails("DescribeNetworkAcls", { NetworkAclId: [acl] }, "InvalidNetworkAclID.NotFound", `The networkAcl ID '${acl}' does not exist`);
  });

  it("answers rule mistakes with AWS's codes", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const acl = t.call("CreateNetworkAcl", { VpcId: vpcId }).NetworkAcl.NetworkAclId;
    t.call("CreateNetworkAclEntry", entry(acl, 100));
    t.fails("CreateNetworkAclEntry", entry(acl, 100), "NetworkAclEntryAlreadyExists", "The network acl entry identified by 100 already exists.");
    t.call("CreateNetworkAclEntry", entry(acl, 100, { Egress: "true" }));
    t.fails("CreateNetworkAclEntry", entry(acl, 0), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 32767), "InvalidParameterValue");
    t.fails("CreateNetworkAclEntry", entry(acl, 120, { PortRange: undefined }), "MissingParameter", "The request must contain the parameter portRange");
    t.fails(
      "CreateNetworkAclEntry",
      entry(acl, 120, { Protocol: "1", PortRange: undefined }),
      "MissingParameter",
      "The request must contain the parameter icmpTypeCode",
    );
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
    const acl = t.call("CreateNetworkAcl", { VpcId: vpcId }).NetworkAcl.NetworkAclId;
    for (let i = 1; i <= 20; i++) t.call("CreateNetworkAclEntry", entry(acl, i * 10));
    t.fails("CreateNetworkAclEntry", entry(acl, 500), "NetworkAclEntryLimitExceeded");
    t.call("CreateNetworkAclEntry", entry(acl, 500, { Egress: "true" }));
  });

  it("goes with its VPC: a custom ACL is a dependency, the default one is deleted with it", () => {
    const t = newEc2();
    const vpcId = t.call("CreateVpc", { CidrBlock: "10.1.0.0/16" }).Vpc.VpcId;
    const acl = t.call("CreateNetworkAcl", { VpcId: vpcId }).NetworkAcl.NetworkAclId;
    t.fails("DeleteVpc", { VpcId: vpcId }, "DependencyViolation");
    t.call("DeleteNetworkAcl", { NetworkAclId: acl });
    t.call("DeleteVpc", { VpcId: vpcId });
    assert.equal(t.call("DescribeNetworkAcls", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).NetworkAcls.length, 0);
    assert.equal(t.call("DescribeRouteTables", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).RouteTables.length, 0);
  });
});
