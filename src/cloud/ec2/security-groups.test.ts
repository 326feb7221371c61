import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newEc2 } from "../../../test/support/ec2-harness.js";

describe("security groups", () => {
  it("gives each VPC a default group: all traffic from itself, all traffic out", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const [g] = t.call("DescribeSecurityGroups", {
      Filter: [
        { Name: "vpc-id", Value: [vpcId] },
        { Name: "group-name", Value: ["default"] },
      ],
    }).SecurityGroups;
    assert.equal(g.Description, "default VPC security group");
    assert.deepEqual(g.IpPermissions[0].UserIdGroupPairs, [{ UserId: "000000000000", GroupId: g.GroupId, GroupName: "default" }]);
    assert.equal(g.IpPermissionsEgress[0].IpProtocol, "-1");
    assert.deepEqual(g.IpPermissionsEgress[0].IpRanges, [{ CidrIp: "0.0.0.0/0" }]);
    t.fails("DeleteSecurityGroup", { GroupId: g.GroupId }, "CannotDelete");
  });

  it("creates, refuses duplicates and reserved names with AWS's messages", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const created = t.call("CreateSecurityGroup", { GroupName: "web", GroupDescription: "web servers", VpcId: vpcId });
    assert.match(created.GroupId, /^sg-[0-9a-f]{17}$/);
    assert.equal(created.SecurityGroupArn, `arn:aws:ec2:us-east-1:000000000000:security-group/${created.GroupId}`);
    t.fails(
      "CreateSecurityGroup",
      { GroupName: "web", GroupDescription: "again", VpcId: vpcId },
      "InvalidGroup.Duplicate",
      `The security group 'web' already exists for VPC '${vpcId}'`,
    );
    t.fails("CreateSecurityGroup", { GroupName: "default", GroupDescription: "x", VpcId: vpcId }, "InvalidGroup.Reserved");
    t.fails("CreateSecurityGroup", { GroupName: "web" }, "MissingParameter", "The request must contain the parameter GroupDescription");
    t.fails(
      "DescribeSecurityGroups",
      { GroupId: ["sg-0123456789abcdef0"] },
      "InvalidGroup.NotFound",
      "The security group 'sg-0123456789abcdef0' does not exist",
    );
    t.fails("DescribeSecurityGroups", { GroupId: ["web"] }, "InvalidGroupId.Malformed");
  });

  it("authorizes the CLI's legacy form and the IpPermissions form; a repeat is InvalidPermission.Duplicate", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const sg = t.call("CreateSecurityGroup", { GroupName: "web", GroupDescription: "web", VpcId: vpcId }).GroupId;
    const legacy = t.call("AuthorizeSecurityGroupIngress", { GroupId: sg, IpProtocol: "tcp", FromPort: "80", ToPort: "80", CidrIp: "0.0.0.0/0" });
    assert.equal(legacy.Return, true);
    assert.equal(legacy.SecurityGroupRules[0].CidrIpv4, "0.0.0.0/0");
    t.fails(
      "AuthorizeSecurityGroupIngress",
      { GroupId: sg, IpPermissions: [{ IpProtocol: "tcp", FromPort: "80", ToPort: "80", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] },
      "InvalidPermission.Duplicate",
      'the specified rule "peer: 0.0.0.0/0, TCP, from port: 80, to port: 80, ALLOW" already exists',
    );
    // AWS canonicalizes a CIDR's host bits away, so this too is the same rule.
    t.fails(
      "AuthorizeSecurityGroupIngress",
      { GroupId: sg, IpPermissions: [{ IpProtocol: "6", FromPort: "80", ToPort: "80", IpRanges: [{ CidrIp: "0.0.0.1/0" }] }] },
      "InvalidPermission.Duplicate",
    );
    t.call("AuthorizeSecurityGroupIngress", {
      GroupId: sg,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: "80", ToPort: "80", IpRanges: [{ CidrIp: "10.0.0.0/8", Description: "inside" }] }],
    });
    const [g] = t.call("DescribeSecurityGroups", { GroupId: [sg] }).SecurityGroups;
    assert.deepEqual(g.IpPermissions, [
      {
        IpProtocol: "tcp",
        FromPort: 80,
        ToPort: 80,
        UserIdGroupPairs: [],
        IpRanges: [{ CidrIp: "0.0.0.0/0" }, { Description: "inside", CidrIp: "10.0.0.0/8" }],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
    ]);
    assert.equal(t.call("DescribeSecurityGroups", { Filter: [{ Name: "ip-permission.from-port", Value: ["80"] }] }).SecurityGroups.length, 1);
    t.fails(
      "AuthorizeSecurityGroupEgress",
      { GroupId: sg, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] },
      "InvalidPermission.Duplicate",
      'the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists',
    );
    t.fails(
      "AuthorizeSecurityGroupIngress",
      { GroupId: sg, IpPermissions: [{ IpProtocol: "xyz", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] },
      "InvalidParameterValue",
      "Invalid value 'xyz' for IP protocol. Unknown protocol.",
    );
  });

  it("revokes rules, listing the ones that matched nothing, and announces the change", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const sg = t.call("CreateSecurityGroup", { GroupName: "web", GroupDescription: "web", VpcId: vpcId }).GroupId;
    t.call("AuthorizeSecurityGroupIngress", { GroupId: sg, IpProtocol: "tcp", FromPort: "22", ToPort: "22", CidrIp: "0.0.0.0/0" });
    const changes: string[] = [];
    t.directory.onChange((c) => changes.push(c.type));
    const out = t.call("RevokeSecurityGroupIngress", {
      GroupId: sg,
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: "22", ToPort: "22", IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        { IpProtocol: "tcp", FromPort: "23", ToPort: "23", IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
      ],
    });
    assert.equal(out.RevokedSecurityGroupRules.length, 1);
    assert.equal(out.UnknownIpPermissions[0].FromPort, 23);
    assert.deepEqual(changes, ["security-group"]);
    assert.deepEqual(t.directory.securityGroup("000000000000", "us-east-1", sg)?.ingress, []);
  });

  it("refuses to delete a group in use or referenced by another group's rule", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const a = t.call("CreateSecurityGroup", { GroupName: "a", GroupDescription: "a", VpcId: vpcId }).GroupId;
    const b = t.call("CreateSecurityGroup", { GroupName: "b", GroupDescription: "b", VpcId: vpcId }).GroupId;
    t.call("AuthorizeSecurityGroupIngress", { GroupId: b, IpPermissions: [{ IpProtocol: "tcp", FromPort: "5432", ToPort: "5432", Groups: [{ GroupId: a }] }] });
    t.fails("DeleteSecurityGroup", { GroupId: a }, "DependencyViolation", `resource ${a} has a dependent object`);
    const rules = t.call("DescribeSecurityGroupRules", { Filter: [{ Name: "group-id", Value: [b] }] }).SecurityGroupRules;
    assert.equal(rules.find((r: { IsEgress: boolean }) => !r.IsEgress).ReferencedGroupInfo.GroupId, a);
    t.call("RevokeSecurityGroupIngress", { GroupId: b, SecurityGroupRuleId: [rules.find((r: { IsEgress: boolean }) => !r.IsEgress).SecurityGroupRuleId] });
    t.call("RunInstances", { ImageId: "ami-12345678", MinCount: "1", MaxCount: "1", SubnetId: subnetId, SecurityGroupId: [a] });
    t.fails("DeleteSecurityGroup", { GroupId: a }, "DependencyViolation");
    assert.deepEqual(t.call("DeleteSecurityGroup", { GroupId: b }), { Return: true, GroupId: b });
  });
});
