/**
 * Network ACLs and route tables through the AWS CLI v2 and boto3: every operation, its output shape as
 * the clients parse it, and AWS's error codes for the mistakes people make.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli, boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

const ok = async (args: string[]) => {
  const r = await awsCli(env.endpoint, ["ec2", ...args]);
  assert.equal(r.status, 0, `aws ec2 ${args.join(" ")}: ${r.stderr}`);
  return r.json;
};
const refused = async (args: string[], code: string) => {
  const r = await awsCli(env.endpoint, ["ec2", ...args]);
  assert.equal(r.status, 254, `aws ec2 ${args.join(" ")} should fail: ${r.stdout}`);
  assert.match(r.stderr, new RegExp(`\\(${code.replace(".", "\\.")}\\)`));
  return r.stderr;
};

describe("network ACLs and route tables through the AWS CLI v2", () => {
  const ids = { vpc: "", subnet: "", igw: "", acl: "", defaultAcl: "", association: "", table: "", tableAssociation: "" };

  test("a VPC comes with its default network ACL and main route table", async () => {
    ids.vpc = (await ok(["create-vpc", "--cidr-block", "10.3.0.0/16"])).Vpc.VpcId;
    ids.subnet = (await ok(["create-subnet", "--vpc-id", ids.vpc, "--cidr-block", "10.3.1.0/24"])).Subnet.SubnetId;
    const acls = (await ok(["describe-network-acls", "--filters", `Name=vpc-id,Values=${ids.vpc}`])).NetworkAcls;
    assert.equal(acls.length, 1);
    assert.equal(acls[0].IsDefault, true);
    assert.deepEqual(acls[0].Entries[0], { CidrBlock: "0.0.0.0/0", Egress: true, Protocol: "-1", RuleAction: "allow", RuleNumber: 100 });
    ids.defaultAcl = acls[0].NetworkAclId;
    ids.association = acls[0].Associations.find((a: { SubnetId: string }) => a.SubnetId === ids.subnet).NetworkAclAssociationId;
    const tables = (await ok(["describe-route-tables", "--filters", `Name=vpc-id,Values=${ids.vpc}`, "Name=association.main,Values=true"])).RouteTables;
    assert.equal(tables.length, 1);
    assert.deepEqual(tables[0].Routes, [{ DestinationCidrBlock: "10.3.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active" }]);
    assert.deepEqual(tables[0].PropagatingVgws, []);
  });

  test("create-network-acl, entries in both directions, replace-network-acl-association", async () => {
    const created = (await ok(["create-network-acl", "--vpc-id", ids.vpc, "--tag-specifications", "ResourceType=network-acl,Tags=[{Key=Name,Value=web-acl}]"]))
      .NetworkAcl;
    ids.acl = created.NetworkAclId;
    assert.match(ids.acl, /^acl-[0-9a-f]{17}$/);
    assert.equal(created.IsDefault, false);
    await ok([
      "create-network-acl-entry",
      "--network-acl-id",
      ids.acl,
      "--ingress",
      "--rule-number",
      "90",
      "--protocol",
      "tcp",
      "--port-range",
      "From=22,To=22",
      "--cidr-block",
      "0.0.0.0/0",
      "--rule-action",
      "deny",
    ]);
    await ok([
      "create-network-acl-entry",
      "--network-acl-id",
      ids.acl,
      "--ingress",
      "--rule-number",
      "100",
      "--protocol",
      "-1",
      "--cidr-block",
      "0.0.0.0/0",
      "--rule-action",
      "allow",
    ]);
    await ok([
      "create-network-acl-entry",
      "--network-acl-id",
      ids.acl,
      "--egress",
      "--rule-number",
      "100",
      "--protocol",
      "6",
      "--port-range",
      "From=1024,To=65535",
      "--cidr-block",
      "0.0.0.0/0",
      "--rule-action",
      "allow",
    ]);
    await ok([
      "create-network-acl-entry",
      "--network-acl-id",
      ids.acl,
      "--ingress",
      "--rule-number",
      "110",
      "--protocol",
      "1",
      "--icmp-type-code",
      "Type=8,Code=-1",
      "--cidr-block",
      "10.0.0.0/8",
      "--rule-action",
      "allow",
    ]);
    const stderr = await refused(
      [
        "create-network-acl-entry",
        "--network-acl-id",
        ids.acl,
        "--ingress",
        "--rule-number",
        "90",
        "--protocol",
        "-1",
        "--cidr-block",
        "0.0.0.0/0",
        "--rule-action",
        "allow",
      ],
      "NetworkAclEntryAlreadyExists",
    );
    assert.match(stderr, /The network acl entry identified by 90 already exists\./);
    await refused(
      [
        "create-network-acl-entry",
        "--network-acl-id",
        ids.acl,
        "--ingress",
        "--rule-number",
        "120",
        "--protocol",
        "tcp",
        "--cidr-block",
        "0.0.0.0/0",
        "--rule-action",
        "allow",
      ],
      "MissingParameter",
    );
    await refused(
      [
        "create-network-acl-entry",
        "--network-acl-id",
        ids.acl,
        "--ingress",
        "--rule-number",
        "40000",
        "--protocol",
        "-1",
        "--cidr-block",
        "0.0.0.0/0",
        "--rule-action",
        "allow",
      ],
      "InvalidParameterValue",
    );
    await ok([
      "replace-network-acl-entry",
      "--network-acl-id",
      ids.acl,
      "--ingress",
      "--rule-number",
      "90",
      "--protocol",
      "tcp",
      "--port-range",
      "From=23,To=23",
      "--cidr-block",
      "0.0.0.0/0",
      "--rule-action",
      "deny",
    ]);
    await refused(
      [
        "replace-network-acl-entry",
        "--network-acl-id",
        ids.acl,
        "--egress",
        "--rule-number",
        "90",
        "--protocol",
        "-1",
        "--cidr-block",
        "0.0.0.0/0",
        "--rule-action",
        "deny",
      ],
      "InvalidNetworkAclEntry.NotFound",
    );
    await ok(["delete-network-acl-entry", "--network-acl-id", ids.acl, "--ingress", "--rule-number", "110"]);

    const { NewAssociationId } = await ok(["replace-network-acl-association", "--association-id", ids.association, "--network-acl-id", ids.acl]);
    ids.association = NewAssociationId;
    const [acl] = (await ok(["describe-network-acls", "--filters", `Name=association.subnet-id,Values=${ids.subnet}`])).NetworkAcls;
    assert.equal(acl.NetworkAclId, ids.acl);
    assert.deepEqual(
      acl.Entries.filter((e: { Egress: boolean }) => !e.Egress).map((e: { RuleNumber: number; RuleAction: string; PortRange?: { From: number } }) => [
        e.RuleNumber,
        e.RuleAction,
        e.PortRange?.From,
      ]),
      [
        [90, "deny", 23],
        [100, "allow", undefined],
        [32767, "deny", undefined],
      ],
    );
    assert.deepEqual(acl.Tags, [{ Key: "Name", Value: "web-acl" }]);
    await refused(["delete-network-acl", "--network-acl-id", ids.acl], "DependencyViolation");
    await refused(["delete-network-acl", "--network-acl-id", ids.defaultAcl], "InvalidParameterValue");
    await refused(["describe-network-acls", "--network-acl-ids", "acl-0123456789abcdef0"], "InvalidNetworkAclID.NotFound");
  });

  test("create-route-table, a route to the internet gateway, associations", async () => {
    ids.igw = (await ok(["create-internet-gateway"])).InternetGateway.InternetGatewayId;
    ids.table = (await ok(["create-route-table", "--vpc-id", ids.vpc])).RouteTable.RouteTableId;
    assert.match(ids.table, /^rtb-[0-9a-f]{17}$/);
    await refused(["create-route", "--route-table-id", ids.table, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", ids.igw], "InvalidParameterValue");
    await ok(["attach-internet-gateway", "--internet-gateway-id", ids.igw, "--vpc-id", ids.vpc]);
    assert.deepEqual(await ok(["create-route", "--route-table-id", ids.table, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", ids.igw]), {
      Return: true,
    });
    await refused(["create-route", "--route-table-id", ids.table, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", ids.igw], "RouteAlreadyExists");
    await ok(["replace-route", "--route-table-id", ids.table, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", ids.igw]);
    const association = await ok(["associate-route-table", "--route-table-id", ids.table, "--subnet-id", ids.subnet]);
    assert.deepEqual(association.AssociationState, { State: "associated" });
    ids.tableAssociation = association.AssociationId;
    const [table] = (await ok(["describe-route-tables", "--filters", `Name=association.subnet-id,Values=${ids.subnet}`])).RouteTables;
    assert.equal(table.RouteTableId, ids.table);
    assert.deepEqual(table.Routes[1], { DestinationCidrBlock: "0.0.0.0/0", GatewayId: ids.igw, Origin: "CreateRoute", State: "active" });
    assert.deepEqual(table.Associations[0], {
      Main: false,
      RouteTableAssociationId: ids.tableAssociation,
      RouteTableId: ids.table,
      SubnetId: ids.subnet,
      AssociationState: { State: "associated" },
    });
    await refused(["delete-route-table", "--route-table-id", ids.table], "DependencyViolation");
    await refused(["describe-route-tables", "--route-table-ids", "rtb-0123456789abcdef0"], "InvalidRouteTableID.NotFound");
  });

  test("the same through boto3: replace_route_table_association, delete_route, disassociate, delete", async () => {
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os
from botocore.exceptions import ClientError
ec2 = boto3.client("ec2", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
vpc, subnet, table, assoc, igw = ${JSON.stringify([ids.vpc, ids.subnet, ids.table, ids.tableAssociation, ids.igw])}
main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]
moved = ec2.replace_route_table_association(AssociationId=assoc, RouteTableId=main["RouteTableId"])["NewAssociationId"]
errors = {}
try:
    ec2.delete_route(RouteTableId=table, DestinationCidrBlock="10.3.0.0/16")
except ClientError as e:
    errors["local"] = e.response["Error"]["Code"]
ec2.delete_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0")
try:
    ec2.delete_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0")
except ClientError as e:
    errors["gone"] = e.response["Error"]["Code"]
ec2.disassociate_route_table(AssociationId=moved)
ec2.delete_route_table(RouteTableId=table)
try:
    ec2.disassociate_route_table(AssociationId=main["Associations"][0]["RouteTableAssociationId"])
except ClientError as e:
    errors["main"] = e.response["Error"]["Code"]
print(json.dumps({"moved": moved, "errors": errors, "left": len(ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"])}))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.json.moved, /^rtbassoc-/);
    assert.deepEqual(r.json.errors, { local: "InvalidParameterValue", gone: "InvalidRoute.NotFound", main: "InvalidParameterValue" });
    assert.equal(r.json.left, 1);
  });

  test("delete-network-acl once no subnet uses it", async () => {
    const [defaultAcl] = (await ok(["describe-network-acls", "--filters", `Name=vpc-id,Values=${ids.vpc}`, "Name=default,Values=true"])).NetworkAcls;
    await ok(["replace-network-acl-association", "--association-id", ids.association, "--network-acl-id", defaultAcl.NetworkAclId]);
    await ok(["delete-network-acl", "--network-acl-id", ids.acl]);
    assert.equal((await ok(["describe-network-acls", "--filters", `Name=vpc-id,Values=${ids.vpc}`])).NetworkAcls.length, 1);
  });
});
