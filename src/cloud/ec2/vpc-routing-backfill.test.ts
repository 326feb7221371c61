import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { caller, rootContext } from "../../../test/support/service-harness.js";
import { newEc2 } from "../../../test/support/ec2-harness.js";
import { createEc2Service } from "./service.js";

describe("VPCs stored before network ACLs and route tables", () => {
  it("get a default ACL on their subnets and a main table routing 0.0.0.0/0 to their attached gateway when the service starts", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    const igw = t.call("CreateInternetGateway", {}).InternetGateway.InternetGatewayId;
    t.call("AttachInternetGateway", { InternetGatewayId: igw, VpcId: vpcId });
    const bare = t.call("CreateVpc", { CidrBlock: "10.7.0.0/16" }).Vpc.VpcId;
    // What an older data directory holds: the VPCs, subnets and gateways, no ACL and no route table.
    t.store.db.exec("DELETE FROM ec2_resources WHERE kind IN ('network-acl', 'route-table')");
    const restarted = createEc2Service({ store: t.store, clock: t.clock });
    const call = caller([restarted], () => rootContext(t.clock));
    const [acl] = call("DescribeNetworkAcls", { Filter: [{ Name: "association.subnet-id", Value: [subnetId] }] }).NetworkAcls;
    assert.equal(acl.IsDefault, true);
    assert.equal(acl.VpcId, vpcId);
    const [main] = call("DescribeRouteTables", {
      Filter: [
        { Name: "vpc-id", Value: [vpcId] },
        { Name: "association.main", Value: ["true"] },
      ],
    }).RouteTables;
    assert.deepEqual(
      main.Routes.map((r: { DestinationCidrBlock: string; GatewayId: string }) => [r.DestinationCidrBlock, r.GatewayId]),
      [
        ["10.0.0.0/16", "local"],
        ["0.0.0.0/0", igw],
      ],
    );
    const [bareMain] = call("DescribeRouteTables", { Filter: [{ Name: "vpc-id", Value: [bare] }] }).RouteTables;
    assert.equal(bareMain.Routes.length, 1, "no gateway, no route to one");
    createEc2Service({ store: t.store, clock: t.clock });
    assert.equal(call("DescribeNetworkAcls", { Filter: [{ Name: "vpc-id", Value: [vpcId] }] }).NetworkAcls.length, 1, "a second start adds nothing");
  });
});
