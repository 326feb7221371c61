/**
 * Network ACLs and route tables against moto's server (an AWS implementation this project did not write)
 * and the local cloud, through the SDK v3: the defaults a new VPC gets and the error codes of the usual
 * mistakes must agree. Where moto answers otherwise than AWS documents, the row says so and checks only
 * the local cloud.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as EC2 from "@aws-sdk/client-ec2";
import { useBackends } from "../support/backends.js";

const backends = useBackends();

interface Network {
  vpc: string;
  subnet: string;
  acl: string;
  defaultAcl: string;
  table: string;
  igw: string;
}

/** One mistake: the call and the code AWS answers; `motoDiffers` when moto's server answers something else. */
interface ErrorCase {
  name: string;
  call: (n: Network) => object;
  command: keyof typeof EC2;
  code: string;
  motoDiffers?: string;
}

const entry = (n: Network, extra: object = {}) => ({
  NetworkAclId: n.acl,
  RuleNumber: 100,
  Protocol: "6",
  RuleAction: "deny",
  Egress: false,
  CidrBlock: "0.0.0.0/0",
  PortRange: { From: 22, To: 22 },
  ...extra,
});

const CASES: ErrorCase[] = [
  { name: "a rule number taken in that direction", command: "CreateNetworkAclEntryCommand", call: (n) => entry(n), code: "NetworkAclEntryAlreadyExists" },
  {
    name: "an ACL that does not exist",
    command: "DescribeNetworkAclsCommand",
    call: () => ({ NetworkAclIds: ["acl-0123456789abcdef0"] }),
    code: "InvalidNetworkAclID.NotFound",
    motoDiffers: "moto answers InvalidRouteTableID.NotFound, naming a route table",
  },
  {
    name: "a route table that does not exist",
    command: "DescribeRouteTablesCommand",
    call: () => ({ RouteTableIds: ["rtb-0123456789abcdef0"] }),
    code: "InvalidRouteTableID.NotFound",
  },
  {
    name: "the default ACL",
    command: "DeleteNetworkAclCommand",
    call: (n) => ({ NetworkAclId: n.defaultAcl }),
    code: "InvalidParameterValue",
    motoDiffers: "moto checks the subnet associations first (DependencyViolation); AWS refuses the default ACL as such",
  },
  {
    name: "a route that is there already",
    command: "CreateRouteCommand",
    call: (n) => ({ RouteTableId: n.table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: n.igw }),
    code: "RouteAlreadyExists",
  },
  {
    name: "replacing a route that is not there",
    command: "ReplaceRouteCommand",
    call: (n) => ({ RouteTableId: n.table, DestinationCidrBlock: "192.0.2.0/24", GatewayId: n.igw }),
    code: "InvalidParameterValue",
  },
  {
    name: "deleting a route that is not there",
    command: "DeleteRouteCommand",
    call: (n) => ({ RouteTableId: n.table, DestinationCidrBlock: "192.0.2.0/24" }),
    code: "InvalidRoute.NotFound",
  },
  { name: "a route table with a subnet associated", command: "DeleteRouteTableCommand", call: (n) => ({ RouteTableId: n.table }), code: "DependencyViolation" },
  { name: "a VPC with a custom ACL and route table", command: "DeleteVpcCommand", call: (n) => ({ VpcId: n.vpc }), code: "DependencyViolation" },
  {
    name: "replacing a rule that is not there",
    command: "ReplaceNetworkAclEntryCommand",
    call: (n) => entry(n, { RuleNumber: 150 }),
    code: "InvalidNetworkAclEntry.NotFound",
    motoDiffers: "moto fails with a server error",
  },
  {
    name: "deleting a rule that is not there",
    command: "DeleteNetworkAclEntryCommand",
    call: (n) => ({ NetworkAclId: n.acl, RuleNumber: 150, Egress: true }),
    code: "InvalidNetworkAclEntry.NotFound",
    motoDiffers: "moto fails with a server error",
  },
  {
    name: "a subnet associated twice",
    command: "AssociateRouteTableCommand",
    call: (n) => ({ RouteTableId: n.table, SubnetId: n.subnet }),
    code: "Resource.AlreadyAssociated",
    motoDiffers: "moto associates the subnet a second time",
  },
  {
    name: "a gateway that does not exist",
    command: "CreateRouteCommand",
    call: (n) => ({ RouteTableId: n.table, DestinationCidrBlock: "192.0.2.0/24", GatewayId: "igw-0123456789abcdef0" }),
    code: "InvalidGatewayID.NotFound",
    motoDiffers: "moto answers InvalidInternetGatewayID.NotFound; AWS's GatewayId names any gateway kind (field reports quote InvalidGatewayID.NotFound)",
  },
  {
    name: "an association that does not exist",
    command: "DisassociateRouteTableCommand",
    call: () => ({ AssociationId: "rtbassoc-0123456789abcdef0" }),
    code: "InvalidAssociationID.NotFound",
  },
];

for (const backend of backends) {
  describe(`network ACLs and route tables on ${backend.name}`, { skip: backend.skip }, () => {
    const n: Network = { vpc: "", subnet: "", acl: "", defaultAcl: "", table: "", igw: "" };
    const ec2 = () => new EC2.EC2Client(backend.clientConfig());

    test("a new VPC's default ACL allows all both ways behind the * rule, and its main table has the local route", async () => {
      const c = ec2();
      n.vpc = (await c.send(new EC2.CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }))).Vpc?.VpcId as string;
      n.subnet = (await c.send(new EC2.CreateSubnetCommand({ VpcId: n.vpc, CidrBlock: "10.9.1.0/24" }))).Subnet?.SubnetId as string;
      const [acl] = (await c.send(new EC2.DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [n.vpc] }] }))).NetworkAcls ?? [];
      n.defaultAcl = acl?.NetworkAclId as string;
      assert.equal(acl?.IsDefault, true);
      const rules = (acl?.Entries ?? []).map((e) => `${e.Egress ? "out" : "in"} ${e.RuleNumber} ${e.RuleAction} ${e.Protocol} ${e.CidrBlock}`).sort();
      assert.deepEqual(rules, ["in 100 allow -1 0.0.0.0/0", "in 32767 deny -1 0.0.0.0/0", "out 100 allow -1 0.0.0.0/0", "out 32767 deny -1 0.0.0.0/0"]);
      assert.ok(
        acl?.Associations?.some((a) => a.SubnetId === n.subnet),
        "the new subnet is associated with the default ACL",
      );
      const [main] =
        (
          await c.send(
            new EC2.DescribeRouteTablesCommand({
              Filters: [
                { Name: "vpc-id", Values: [n.vpc] },
                { Name: "association.main", Values: ["true"] },
              ],
            }),
          )
        ).RouteTables ?? [];
      assert.deepEqual(
        (main?.Routes ?? []).map((r) => [r.DestinationCidrBlock, r.GatewayId, r.State]),
        [["10.9.0.0/16", "local", "active"]],
      );
      c.destroy();
    });

    test("a custom ACL with a rule, a route table with a route to the attached gateway, associated", async () => {
      const c = ec2();
      n.acl = (await c.send(new EC2.CreateNetworkAclCommand({ VpcId: n.vpc }))).NetworkAcl?.NetworkAclId as string;
      await c.send(new EC2.CreateNetworkAclEntryCommand(entry(n) as EC2.CreateNetworkAclEntryCommandInput));
      n.igw = (await c.send(new EC2.CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId as string;
      await c.send(new EC2.AttachInternetGatewayCommand({ InternetGatewayId: n.igw, VpcId: n.vpc }));
      n.table = (await c.send(new EC2.CreateRouteTableCommand({ VpcId: n.vpc }))).RouteTable?.RouteTableId as string;
      await c.send(new EC2.CreateRouteCommand({ RouteTableId: n.table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: n.igw }));
      await c.send(new EC2.AssociateRouteTableCommand({ RouteTableId: n.table, SubnetId: n.subnet }));
      const [table] =
        (await c.send(new EC2.DescribeRouteTablesCommand({ Filters: [{ Name: "association.subnet-id", Values: [n.subnet] }] }))).RouteTables ?? [];
      assert.equal(table?.RouteTableId, n.table);
      assert.deepEqual(
        table?.Routes?.find((r) => r.DestinationCidrBlock === "0.0.0.0/0"),
        { DestinationCidrBlock: "0.0.0.0/0", GatewayId: n.igw, Origin: "CreateRoute", State: "active" },
      );
      c.destroy();
    });

    for (const c of CASES) {
      const skip = backend.name === "moto_server" && c.motoDiffers !== undefined ? `moto differs from AWS: ${c.motoDiffers}` : false;
      test(`${c.name}: ${c.code}`, { skip }, async () => {
        const client = ec2();
        const Command = EC2[c.command] as unknown as new (input: object) => EC2.DescribeVpcsCommand;
        await assert.rejects(client.send(new Command(c.call(n))), (error: Error) => {
          assert.equal(error.name, c.code, error.message);
          return true;
        });
        client.destroy();
      });
    }
  });
}
