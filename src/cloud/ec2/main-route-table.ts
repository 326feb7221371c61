/**
 * The main route table every VPC starts with: the `local` route for the VPC's CIDR block, nothing
 * else (the default VPC's also sends 0.0.0.0/0 to its internet gateway, as AWS makes it). Subnets
 * without an explicit association use it.
 */
import { newId } from "./ids.js";
import type { RouteTableRecord } from "./records.js";
import type { ResourceStore, Scope } from "./resource-store.js";

export function newRouteTable(vpcId: string, vpcCidr: string, main: boolean, tags: RouteTableRecord["tags"] = {}): RouteTableRecord {
  const table: RouteTableRecord = {
    id: newId("route-table"),
    vpcId,
    routes: [{ destinationCidrBlock: vpcCidr, gatewayId: "local", origin: "CreateRouteTable" }],
    associations: [],
    tags,
  };
  if (main) table.mainAssociationId = newId("route-table-association");
  return table;
}

export function mainRouteTable(store: ResourceStore, scope: Scope, vpcId: string): RouteTableRecord | undefined {
  return store.list(scope, "route-table").find((t) => t.vpcId === vpcId && t.mainAssociationId !== undefined);
}

/** The route table a subnet uses: its explicit association, else its VPC's main table. */
export function routeTableOfSubnet(store: ResourceStore, scope: Scope, vpcId: string, subnetId: string): RouteTableRecord | undefined {
  const tables = store.list(scope, "route-table").filter((t) => t.vpcId === vpcId);
  return tables.find((t) => t.associations.some((a) => a.subnetId === subnetId)) ?? tables.find((t) => t.mainAssociationId !== undefined);
}

/** A deleted subnet's explicit association goes with it. */
export function dropRouteTableAssociation(store: ResourceStore, scope: Scope, subnetId: string): void {
  for (const table of store.list(scope, "route-table")) {
    if (!table.associations.some((a) => a.subnetId === subnetId)) continue;
    table.associations = table.associations.filter((a) => a.subnetId !== subnetId);
    store.update(scope, "route-table", table);
  }
}
