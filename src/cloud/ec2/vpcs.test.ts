import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newEc2 } from "../../../test/support/ec2-harness.js";

const tag = (type: string, Key: string, Value: string) => [{ ResourceType: type, Tag: [{ Key, Value }] }];

describe("VPCs", () => {
  it("creates with AWS's id format, a Name tag and a pending state, then describes it available", () => {
    const t = newEc2();
    const { Vpc: vpc } = t.call("CreateVpc", { CidrBlock: "10.0.0.0/16", TagSpecification: tag("vpc", "Name", "MyVpc22") });
    assert.match(vpc.VpcId, /^vpc-[0-9a-f]{17}$/);
    assert.equal(vpc.State, "pending");
    assert.deepEqual(vpc.Tags, [{ Key: "Name", Value: "MyVpc22" }]);
    const [found] = t.call("DescribeVpcs", { Filter: [{ Name: "tag:Name", Value: ["MyVpc22"] }] }).Vpcs;
    assert.equal(found.VpcId, vpc.VpcId);
    assert.equal(found.State, "available");
    assert.equal(found.IsDefault, false);
  });

  it("has a default VPC per account and Region, with a default subnet in each zone", () => {
    const t = newEc2();
    const vpcs = t.call("DescribeVpcs", { Filter: [{ Name: "is-default", Value: ["true"] }] }).Vpcs;
    assert.equal(vpcs.length, 1);
    assert.equal(vpcs[0].CidrBlock, "172.31.0.0/16");
    const subnets = t.call("DescribeSubnets", { Filter: [{ Name: "default-for-az", Value: ["true"] }] }).Subnets;
    assert.equal(subnets.length, 6);
    assert.ok(subnets.every((s: { MapPublicIpOnLaunch: boolean }) => s.MapPublicIpOnLaunch));
    assert.equal(t.call("DescribeVpcs", {}, t.scope("111111111111")).Vpcs.length, 1, "another account has its own");
  });

  it("refuses bad CIDR blocks with AWS's codes", () => {
    const t = newEc2();
    t.fails(
      "CreateVpc",
      { CidrBlock: "10.0.0.0/33" },
      "InvalidParameterValue",
      "Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.",
    );
    t.fails("CreateVpc", { CidrBlock: "10.0.0.0/8" }, "InvalidVpc.Range", "The CIDR '10.0.0.0/8' is invalid.");
    t.fails("CreateVpc", {}, "MissingParameter", "The request must contain the parameter CidrBlock");
  });

  it("answers malformed and unknown ids, unknown parameters and filters as EC2 does", () => {
    const t = newEc2();
    t.fails("DescribeVpcs", { VpcId: ["vpc-nope"] }, "InvalidVpcID.Malformed", 'Invalid id: "vpc-nope"');
    t.fails("DescribeVpcs", { VpcId: ["vpc-0123456789abcdef0"] }, "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist");
    t.fails("DescribeVpcs", { Filter: [{ Name: "colour", Value: ["red"] }] }, "InvalidParameterValue", "The filter 'colour' is invalid");
    t.fails("DescribeVpcs", { Bogus: "1" }, "UnknownParameter", "The parameter Bogus is not recognized");
    t.fails(
      "DescribeVpcs",
      { MaxResults: "2" },
      "InvalidParameterValue",
      "Value ( 2 ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.",
    );
    t.fails("DescribeVpcs", { DryRun: "true" }, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
  });

  it("pages with MaxResults and NextToken", () => {
    const t = newEc2();
    for (let i = 0; i < 6; i++) t.call("CreateVpc", { CidrBlock: `10.${i}.0.0/16` });
    const first = t.call("DescribeVpcs", { MaxResults: "5" });
    assert.equal(first.Vpcs.length, 5);
    const second = t.call("DescribeVpcs", { MaxResults: "5", NextToken: first.NextToken });
    assert.equal(second.Vpcs.length, 2);
    assert.equal(second.NextToken, undefined);
    t.fails("DescribeVpcs", { NextToken: "garbage" }, "InvalidNextToken");
  });

  it("refuses to delete a VPC with dependencies, then deletes it with its default group", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    t.fails("DeleteVpc", { VpcId: vpcId }, "DependencyViolation", `The vpc '${vpcId}' has dependencies and cannot be deleted.`);
    t.call("DeleteSubnet", { SubnetId: subnetId });
    assert.equal(t.call("DeleteVpc", { VpcId: vpcId }), undefined, "no modelled output: the encoder answers <return>true</return>");
    assert.equal(t.call("DescribeSecurityGroups", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).SecurityGroups.length, 0);
    t.fails("DeleteVpc", { VpcId: vpcId }, "InvalidVpcID.NotFound");
  });
});

describe("subnets", () => {
  it("places a subnet inside its VPC, refusing ranges outside it and overlaps", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const [s] = t.call("DescribeSubnets", { SubnetId: [subnetId] }).Subnets;
    assert.equal(s.AvailableIpAddressCount, 251, "256 less AWS's five reserved addresses");
    assert.equal(s.MapPublicIpOnLaunch, false);
    t.fails("CreateSubnet", { VpcId: vpcId, CidrBlock: "10.1.0.0/24" }, "InvalidSubnet.Range", "The CIDR '10.1.0.0/24' is invalid.");
    t.fails("CreateSubnet", { VpcId: vpcId, CidrBlock: "10.0.1.128/25" }, "InvalidSubnet.Conflict", "The CIDR '10.0.1.128/25' conflicts with another subnet");
    t.fails("CreateSubnet", { VpcId: "vpc-0123456789abcdef0", CidrBlock: "10.0.2.0/24" }, "InvalidVpcID.NotFound");
    t.fails("CreateSubnet", { CidrBlock: "10.0.2.0/24" }, "MissingParameter", "The request must contain the parameter VpcId");
    const other = t.call("CreateSubnet", { VpcId: vpcId, CidrBlock: "10.0.2.0/24", AvailabilityZone: "us-east-1b" }).Subnet;
    assert.equal(other.AvailabilityZoneId, "use1-az1", "recorded: us-east-1b is use1-az1");
    t.fails("CreateSubnet", { VpcId: vpcId, CidrBlock: "10.0.3.0/24", AvailabilityZone: "us-east-1z" }, "InvalidParameterValue", /us-east-1z/);
  });

  it("maps public addresses on launch once ModifySubnetAttribute says so", () => {
    const t = newEc2();
    const { subnetId } = t.network();
    t.call("ModifySubnetAttribute", { SubnetId: subnetId, MapPublicIpOnLaunch: { Value: "true" } });
    assert.equal(
      t.call("DescribeSubnets", {
        Filter: [
          { Name: "map-public-ip-on-launch", Value: ["true"] },
          { Name: "subnet-id", Value: [subnetId] },
        ],
      }).Subnets.length,
      1,
    );
    t.fails("DeleteSubnet", { SubnetId: "subnet-0123456789abcdef0" }, "InvalidSubnetID.NotFound", "The subnet ID 'subnet-0123456789abcdef0' does not exist");
  });
});

describe("internet gateways", () => {
  it("attaches to one VPC, refuses deletion while attached, detaches", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const igw = t.call("CreateInternetGateway", {}).InternetGateway.InternetGatewayId;
    assert.match(igw, /^igw-[0-9a-f]{17}$/);
    t.call("AttachInternetGateway", { InternetGatewayId: igw, VpcId: vpcId });
    t.fails("AttachInternetGateway", { InternetGatewayId: igw, VpcId: vpcId }, "Resource.AlreadyAssociated");
    const [g] = t.call("DescribeInternetGateways", { Filter: [{ Name: "attachment.vpc-id", Value: [vpcId] }] }).InternetGateways;
    assert.deepEqual(g.Attachments, [{ VpcId: vpcId, State: "available" }]);
    t.fails("DeleteInternetGateway", { InternetGatewayId: igw }, "DependencyViolation");
    t.fails("DeleteVpc", { VpcId: vpcId }, "DependencyViolation");
    t.call("DetachInternetGateway", { InternetGatewayId: igw, VpcId: vpcId });
    t.fails("DetachInternetGateway", { InternetGatewayId: igw, VpcId: vpcId }, "Gateway.NotAttached");
    t.call("DeleteInternetGateway", { InternetGatewayId: igw });
    t.fails("DeleteInternetGateway", { InternetGatewayId: igw }, "InvalidInternetGatewayID.NotFound");
  });
});

describe("Regions and zones", () => {
  it("answers us-east-1's zones with the recorded zone ids and filters them", () => {
    const t = newEc2();
    const [a] = t.call("DescribeAvailabilityZones", { ZoneName: ["us-east-1a"] }).AvailabilityZones;
    assert.equal(a.ZoneId, "use1-az6");
    assert.equal(a.GroupLongName, "US East (N. Virginia) 1");
    const [b] = t.call("DescribeAvailabilityZones", { Filter: [{ Name: "zone-id", Value: ["use1-az1"] }] }).AvailabilityZones;
    assert.equal(b.ZoneName, "us-east-1b");
    assert.ok(t.call("DescribeRegions", {}).Regions.some((r: { RegionName: string }) => r.RegionName === "eu-west-1"));
  });
});
