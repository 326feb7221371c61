/**
 * Walks every row of EC2's authorization table with the SDK v3: exactly the row's action on exactly
 * the call's resource ARNs is not refused for it; on other ARNs it is UnauthorizedOperation.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as EC2 from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { matchesPattern } from "../../src/cloud/authorization-table.js";
import { EC2_AUTHORIZATION } from "../../src/cloud/ec2/authorization-table.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";
const arn = (type: string, id: string) => `arn:aws:ec2:us-east-1:${A}:${type}/${id}`;
const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const rule = { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.0.0.0/8" }] };
/** Ids of a network ACL and a route table nobody has: the calls fail past authorization, which is what is walked. */
const ACL = "acl-0123456789abcdef0";
const RTB = "rtb-0123456789abcdef0";

interface Fixtures {
  vpc: string;
  subnet: string;
  igw: string;
  sg: string;
  instance: string;
  n: number;
}

function caseFor(op: string, f: Fixtures): { input: Record<string, unknown>; resources: string[] } {
  const vpc = arn("vpc", f.vpc);
  switch (op) {
    case "CreateVpc":
      return { input: { CidrBlock: `10.${f.n}.0.0/16` }, resources: [arn("vpc", "*")] };
    case "DeleteVpc":
      return { input: { VpcId: f.vpc }, resources: [vpc] };
    case "CreateSubnet":
      return { input: { VpcId: f.vpc, CidrBlock: `10.${f.n}.2.0/24` }, resources: [arn("subnet", "*"), vpc] };
    case "DeleteSubnet":
      return { input: { SubnetId: f.subnet }, resources: [arn("subnet", f.subnet)] };
    case "ModifySubnetAttribute":
      return { input: { SubnetId: f.subnet, MapPublicIpOnLaunch: { Value: true } }, resources: [arn("subnet", f.subnet)] };
    case "CreateInternetGateway":
      return { input: {}, resources: [arn("internet-gateway", "*")] };
    case "AttachInternetGateway":
    case "DetachInternetGateway":
      return { input: { InternetGatewayId: f.igw, VpcId: f.vpc }, resources: [arn("internet-gateway", f.igw), vpc] };
    case "DeleteInternetGateway":
      return { input: { InternetGatewayId: f.igw }, resources: [arn("internet-gateway", f.igw)] };
    case "CreateSecurityGroup":
      return { input: { GroupName: `g-${f.n}`, Description: "walk", VpcId: f.vpc }, resources: [arn("security-group", "*"), vpc] };
    case "AuthorizeSecurityGroupIngress":
    case "AuthorizeSecurityGroupEgress":
    case "RevokeSecurityGroupIngress":
    case "RevokeSecurityGroupEgress":
      return { input: { GroupId: f.sg, IpPermissions: [rule] }, resources: [arn("security-group", f.sg)] };
    case "DeleteSecurityGroup":
      return { input: { GroupId: f.sg }, resources: [arn("security-group", f.sg)] };
    case "RunInstances":
      return {
        input: { ImageId: "ami-12345678", MinCount: 1, MaxCount: 1, SubnetId: f.subnet, SecurityGroupIds: [f.sg] },
        resources: [
          arn("instance", "*"),
          arn("network-interface", "*"),
          `arn:aws:ec2:us-east-1::image/ami-12345678`,
          arn("subnet", f.subnet),
          arn("security-group", f.sg),
        ],
      };
    case "StartInstances":
    case "StopInstances":
    case "TerminateInstances":
      return { input: { InstanceIds: [f.instance] }, resources: [arn("instance", f.instance)] };
    case "CreateTags":
      return { input: { Resources: [f.vpc], Tags: [{ Key: "k", Value: "v" }] }, resources: [vpc] };
    case "DeleteTags":
      return { input: { Resources: [f.vpc], Tags: [{ Key: "k" }] }, resources: [vpc] };
    case "CreateFlowLogs":
      return {
        input: { ResourceType: "VPC", ResourceIds: [f.vpc], TrafficType: "ALL", LogGroupName: "walk", DeliverLogsPermissionArn: `arn:aws:iam::${A}:role/none` },
        resources: [arn("vpc-flow-log", "*"), vpc],
      };
    case "DeleteFlowLogs":
      return { input: { FlowLogIds: ["fl-0123456789abcdef0"] }, resources: [arn("vpc-flow-log", "fl-0123456789abcdef0")] };
    case "CreateNetworkAcl":
      return { input: { VpcId: f.vpc }, resources: [arn("network-acl", "*"), vpc] };
    case "DeleteNetworkAcl":
      return { input: { NetworkAclId: ACL }, resources: [arn("network-acl", ACL)] };
    case "CreateNetworkAclEntry":
    case "ReplaceNetworkAclEntry":
      return {
        input: { NetworkAclId: ACL, RuleNumber: 100, Protocol: "-1", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0" },
        resources: [arn("network-acl", ACL)],
      };
    case "DeleteNetworkAclEntry":
      return { input: { NetworkAclId: ACL, RuleNumber: 100, Egress: false }, resources: [arn("network-acl", ACL)] };
    case "ReplaceNetworkAclAssociation":
      return { input: { AssociationId: "aclassoc-0123456789abcdef0", NetworkAclId: ACL }, resources: [arn("network-acl", ACL)] };
    case "CreateRouteTable":
      return { input: { VpcId: f.vpc }, resources: [arn("route-table", "*"), vpc] };
    case "DeleteRouteTable":
      return { input: { RouteTableId: RTB }, resources: [arn("route-table", RTB)] };
    case "CreateRoute":
    case "ReplaceRoute":
      return { input: { RouteTableId: RTB, DestinationCidrBlock: "0.0.0.0/0", GatewayId: f.igw }, resources: [arn("route-table", RTB)] };
    case "DeleteRoute":
      return { input: { RouteTableId: RTB, DestinationCidrBlock: "0.0.0.0/0" }, resources: [arn("route-table", RTB)] };
    case "ReplaceRouteTableAssociation":
      return { input: { AssociationId: "rtbassoc-0123456789abcdef0", RouteTableId: RTB }, resources: [arn("route-table", RTB)] };
    case "AssociateRouteTable":
      return { input: { RouteTableId: RTB, SubnetId: f.subnet }, resources: [arn("route-table", RTB), arn("subnet", f.subnet)] };
    case "DisassociateRouteTable":
      return { input: { AssociationId: "rtbassoc-0123456789abcdef0" }, resources: ["*"] };
  }
  return { input: {}, resources: ["*"] };
}

describe("the EC2 authorization table, row by row", () => {
  const clients: { root?: EC2.EC2Client; walker?: EC2.EC2Client } = {};
  const iam = () => new IAMClient(env.clientConfig());
  let n = 10;

  test("every operation EC2 serves has a row, and every row a served operation", () => {
    assert.deepEqual(Object.keys(EC2_AUTHORIZATION).sort(), Object.keys(env.cloud.service("ec2").operations).sort());
  });

  test("a walker user with a key", async () => {
    await iam().send(new CreateUserCommand({ UserName: "walker" }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: "walker" }))).AccessKey;
    clients.root = new EC2.EC2Client(env.clientConfig());
    clients.walker = new EC2.EC2Client(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
  });

  for (const [op, row] of Object.entries(EC2_AUTHORIZATION)) {
    test(row.action, async () => {
      const root = clients.root as EC2.EC2Client;
      n += 1;
      const vpc = (await root.send(new EC2.CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }))).Vpc?.VpcId as string;
      const subnet = (await root.send(new EC2.CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.${n}.1.0/24` }))).Subnet?.SubnetId as string;
      const igw = (await root.send(new EC2.CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId as string;
      const sg = (await root.send(new EC2.CreateSecurityGroupCommand({ GroupName: "walk", Description: "walk", VpcId: vpc }))).GroupId as string;
      const instance =
        /Instances$/.test(op) && op !== "DescribeInstances"
          ? ((await root.send(new EC2.RunInstancesCommand({ ImageId: "ami-12345678", MinCount: 1, MaxCount: 1, SubnetId: subnet }))).Instances?.[0]
              ?.InstanceId as string)
          : "i-0123456789abcdef0";
      const { input, resources } = caseFor(op, { vpc, subnet, igw, sg, instance, n: n + 100 });
      for (const resource of resources)
        assert.ok(
          row.resources.some((p) => matchesPattern(p, resource)),
          `${resource} is not one of ${row.resources.join(", ")}`,
        );
      const Command = (EC2 as unknown as Record<string, new (input: object) => never>)[`${op}Command`] as new (input: object) => never;
      const call = () => (clients.walker as EC2.EC2Client).send(new Command(input));
      const allow = (list: string[]) =>
        iam().send(
          new PutUserPolicyCommand({ UserName: "walker", PolicyName: "walk", PolicyDocument: doc({ Effect: "Allow", Action: row.action, Resource: list }) }),
        );

      await allow(resources.map((r) => (r === "*" ? arn("vpc", "vpc-nobody") : `${r}-other`)));
      await assert.rejects(call(), (error: Error) => {
        assert.equal(error.name, "UnauthorizedOperation");
        assert.equal(
          error.message,
          `You are not authorized to perform this operation. User: arn:aws:iam::${A}:user/walker is not authorized to perform: ${row.action} on resource: ${resources[0]} because no identity-based policy allows the ${row.action} action`,
        );
        return true;
      });
      await allow(resources);
      // Allowed for its own action; a further action (CreateFlowLogs' iam:PassRole) may still be refused.
      await call().catch((error: Error) => assert.ok(!error.message.includes(`perform: ${row.action} `), `${op} refused: ${error.message}`));
    });
  }
});
