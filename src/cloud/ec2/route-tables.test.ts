import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newEc2 } from "../../../test/support/ec2-harness.js";

type Route = { DestinationCidrBlock?: string; GatewayId: string; State: string; Origin: string };

describe("route tables", () => {
  it("gives a new VPC a main table with the local route only, and the default VPC a route to its gateway", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const [main] = t.call("DescribeRouteTables", {
      Filter: [
        { Name: "vpc-id", Value: [vpcId] },
        { Name: "association.main", Value: ["true"] },
      ],
    }).RouteTables;
    assert.match(main.RouteTableId, /^rtb-[0-9a-f]{17}$/);
    assert.deepEqual(main.Routes, [
      { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active", DestinationIpv6CidrBlock: undefined },
    ]);
    assert.equal(main.Associations.length, 1);
    assert.equal(main.Associations[0].Main, true);
    assert.equal(main.Associations[0].SubnetId, undefined, "implicit subnet associations are not listed");
    assert.equal(t.call("DescribeRouteTables", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).RouteTables.length, 0);
    const [defaultVpc] = t.call("DescribeVpcs", { Filter: [{ Name: "is-default", Value: ["true"] }] }).Vpcs;
    const [defaultMain] = t.call("DescribeRouteTables", { Filter: [{ Name: "vpc-id", Value: [defaultVpc.VpcId] }] }).RouteTables;
    const internet = defaultMain.Routes.find((r: Route) => r.DestinationCidrBlock === "0.0.0.0/0");
    assert.match(internet.GatewayId, /^igw-/);
    assert.equal(internet.State, "active");
  });

  it("routes to an attached internet gateway, blackholes when it is detached, and refuses AWS's mistakes", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const igw = t.call("CreateInternetGateway", {}).InternetGateway.InternetGatewayId;
    const table = t.call("CreateRouteTable", { VpcId: vpcId }).RouteTable.RouteTableId;
    t.fails(
      "CreateRoute",
      { RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw },
      "InvalidParameterValue",
      `route table ${table} and network gateway ${igw} belong to different networks`,
    );
    t.call("AttachInternetGateway", { InternetGatewayId: igw, VpcId: vpcId });
    t.call("CreateRoute", { RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw });
    t.fails(
      "CreateRoute",
      { RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw },
      "RouteAlreadyExists",
      "The route identified by 0.0.0.0/0 already exists.",
    );
    t.fails("CreateRoute", { RouteTableId: table, DestinationCidrBlock: "10.0.5.0/24", GatewayId: igw }, "InvalidParameterValue");
    t.fails("CreateRoute", { RouteTableId: table, DestinationCidrBlock: "10.0.0.0/16", GatewayId: igw }, "RouteAlreadyExists");
    t.fails(
      "CreateRoute",
      { RouteTableId: table, DestinationCidrBlock: "1.0.0.0/8", GatewayId: "igw-0123456789abcdef0" },
      "InvalidGatewayID.NotFound",
      "The gateway ID 'igw-0123456789abcdef0' does not exist",
    );
    t.fails("CreateRoute", { RouteTableId: table, DestinationCidrBlock: "1.0.0.0/8", NatGatewayId: "nat-0123456789abcdef0" }, "InvalidParameterCombination");
    t.fails(
      "DeleteRoute",
      { RouteTableId: table, DestinationCidrBlock: "10.0.0.0/16" },
      "InvalidParameterValue",
      `cannot remove local route 10.0.0.0/16 in route table ${table}`,
    );
    t.fails("DeleteRoute", { RouteTableId: table, DestinationCidrBlock: "1.0.0.0/8" }, "InvalidRoute.NotFound");
    t.fails(
      "ReplaceRoute",
      { RouteTableId: table, DestinationCidrBlock: "1.0.0.0/8", GatewayId: igw },
      "InvalidParameterValue",
      "There is no route defined for '1.0.0.0/8' in the route table. Use CreateRoute instead.",
    );
    t.call("ReplaceRoute", { RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw });

    const { AssociationId: associationId } = t.call("AssociateRouteTable", { RouteTableId: table, SubnetId: subnetId });
    assert.match(associationId, /^rtbassoc-[0-9a-f]{17}$/);
    t.fails("AssociateRouteTable", { RouteTableId: table, SubnetId: subnetId }, "Resource.AlreadyAssociated");
    const found = t.call("DescribeRouteTables", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).RouteTables;
    assert.deepEqual(
      found.map((r: { RouteTableId: string }) => r.RouteTableId),
      [table],
    );
    assert.equal(t.call("DescribeRouteTables", { Filter: [{ Name: "route.gateway-id", Value: [igw] }] }).RouteTables.length, 1);

    t.call("DetachInternetGateway", { InternetGatewayId: igw, VpcId: vpcId });
    const [detached] = t.call("DescribeRouteTables", { RouteTableId: [table] }).RouteTables;
    assert.equal(detached.Routes.find((r: Route) => r.GatewayId === igw).State, "blackhole");

    t.fails("DeleteRouteTable", { RouteTableId: table }, "DependencyViolation", `The routeTable '${table}' has dependencies and cannot be deleted.`);
    t.call("DisassociateRouteTable", { AssociationId: associationId });
    t.fails("DisassociateRouteTable", { AssociationId: associationId }, "InvalidAssociationID.NotFound");
    t.call("DeleteRouteTable", { RouteTableId: table });
    t.fails("DeleteRouteTable", { RouteTableId: table }, "InvalidRouteTableID.NotFound", `The routeTable ID '${table}' does not exist`);
  });

  it("moves the main association to another table, and keeps the main table undeletable", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const [main] = t.call("DescribeRouteTables", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).RouteTables;
    const mainAssociation = main.Associations[0].RouteTableAssociationId;
    t.fails("DeleteRouteTable", { RouteTableId: main.RouteTableId }, "DependencyViolation");
    t.fails("DisassociateRouteTable", { AssociationId: mainAssociation }, "InvalidParameterValue");
    const other = t.call("CreateRouteTable", { VpcId: vpcId }).RouteTable.RouteTableId;
    const { NewAssociationId: newAssociationId } = t.call("ReplaceRouteTableAssociation", { AssociationId: mainAssociation, RouteTableId: other });
    const mains = t.call("DescribeRouteTables", {
      Filter: [
        { Name: "vpc-id", Value: [vpcId] },
        { Name: "association.main", Value: ["true"] },
      ],
    }).RouteTables;
    assert.deepEqual(
      mains.map((r: { RouteTableId: string }) => r.RouteTableId),
      [other],
    );
    assert.equal(mains[0].Associations[0].RouteTableAssociationId, newAssociationId);
    t.call("DeleteRouteTable", { RouteTableId: main.RouteTableId });
  });

  it("answers a repeated ClientToken with the first call's table and ACL, and refuses it for another VPC", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const other = t.call("CreateVpc", { CidrBlock: "10.8.0.0/16" }).Vpc.VpcId;
    const first = t.call("CreateRouteTable", { VpcId: vpcId, ClientToken: "rt-1" });
    assert.equal(first.ClientToken, "rt-1");
    assert.equal(t.call("CreateRouteTable", { VpcId: vpcId, ClientToken: "rt-1" }).RouteTable.RouteTableId, first.RouteTable.RouteTableId);
    t.fails("CreateRouteTable", { VpcId: other, ClientToken: "rt-1" }, "IdempotentParameterMismatch");
    const acl = t.call("CreateNetworkAcl", { VpcId: vpcId, ClientToken: "acl-1" }).NetworkAcl.NetworkAclId;
    assert.equal(t.call("CreateNetworkAcl", { VpcId: vpcId, ClientToken: "acl-1" }).NetworkAcl.NetworkAclId, acl);
    t.fails("CreateNetworkAcl", { VpcId: other, ClientToken: "acl-1" }, "IdempotentParameterMismatch");
    assert.equal(t.call("DescribeRouteTables", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).RouteTables.length, 2);
  });

  it("forgets a deleted subnet's associations", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const table = t.call("CreateRouteTable", { VpcId: vpcId }).RouteTable.RouteTableId;
    t.call("AssociateRouteTable", { RouteTableId: table, SubnetId: subnetId });
    t.call("DeleteSubnet", { SubnetId: subnetId });
    assert.equal(t.call("DescribeRouteTables", { RouteTableId: [table] }).RouteTables[0].Associations.length, 0);
    assert.equal(t.call("DescribeNetworkAcls", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).NetworkAcls.length, 0);
    t.call("DeleteRouteTable", { RouteTableId: table });
  });
});
