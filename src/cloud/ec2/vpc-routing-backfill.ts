/**
 * VPCs stored before flowwatch kept network ACLs and route tables get them at start: a default network
 * ACL associated with each subnet, and a main route table with the local route plus, when an internet
 * gateway is attached, 0.0.0.0/0 to it, so that traffic their instances carried before still flows.
 */
import { associateWithDefaultAcl, newNetworkAcl } from "./default-network-acl.js";
import { newRouteTable } from "./main-route-table.js";
import type { ResourceStore } from "./resource-store.js";

export function addMissingVpcRouting(store: ResourceStore): void {
  const acls = store.all("network-acl");
  const tables = store.all("route-table");
  for (const { account, region, record: vpc } of store.all("vpc")) {
    const scope = { account, region };
    const same = (hit: { account: string; region: string; record: { vpcId: string } }) =>
      hit.account === account && hit.region === region && hit.record.vpcId === vpc.id;
    if (!acls.some(same)) {
      store.insert(scope, "network-acl", newNetworkAcl(vpc.id, true));
      for (const subnet of store.list(scope, "subnet")) if (subnet.vpcId === vpc.id) associateWithDefaultAcl(store, scope, vpc.id, subnet.id);
    }
    if (!tables.some(same)) {
      const table = newRouteTable(vpc.id, vpc.cidr, true);
      const igw = store.list(scope, "internet-gateway").find((g) => g.vpcId === vpc.id);
      if (igw !== undefined) table.routes.push({ destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id, origin: "CreateRoute" });
      store.insert(scope, "route-table", table);
    }
  }
}
