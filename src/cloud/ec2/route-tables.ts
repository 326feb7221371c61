/**
 * Route tables: CreateRouteTable, DeleteRouteTable, AssociateRouteTable, DisassociateRouteTable,
 * ReplaceRouteTableAssociation, DescribeRouteTables (routes themselves: routes.ts). Every VPC has a main
 * route table (main-route-table.ts); a subnet without an explicit association uses it.
 */
import type { RequestContext } from "../service.js";
import type {
  AssociateRouteTableRequest,
  CreateRouteTableRequest,
  DeleteRouteTableRequest,
  DescribeRouteTablesRequest,
  DisassociateRouteTableRequest,
  ReplaceRouteTableAssociationRequest,
  AssociateRouteTableResult,
  CreateRouteTableResult,
  DescribeRouteTablesResult,
  ReplaceRouteTableAssociationResult,
  RouteTable,
  RouteTableAssociation,
} from "../validation/ec2-types.js";
import type { Ec2Context } from "./context.js";
import {
  associationConflict,
  associationNotFound,
  cannotDisassociateMain,
  differentNetworks,
  idempotentMismatch,
  invalidParameterCombination,
  missingParameter,
  routeTableDependencies,
  routeTableNotFound,
} from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { newRouteTable } from "./main-route-table.js";
import { page } from "./pagination.js";
import type { RouteRecord, RouteTableRecord } from "./records.js";
import type { Scope } from "./resource-store.js";
import { requireSubnet } from "./subnets.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";
import { requireVpc } from "./vpcs.js";

export function requireRouteTable(ec2: Ec2Context, scope: Scope, id: string): RouteTableRecord {
  checkId("route-table", id);
  const table = ec2.store.get(scope, "route-table", id);
  if (table === undefined) throw routeTableNotFound(id);
  return table;
}

/** `active`, or `blackhole` when the route's internet gateway is gone or no longer attached to the VPC. */
export function routeState(ec2: Ec2Context, scope: Scope, table: RouteTableRecord, route: RouteRecord): "active" | "blackhole" {
  if (route.gatewayId === "local") return "active";
  return ec2.store.get(scope, "internet-gateway", route.gatewayId)?.vpcId === table.vpcId ? "active" : "blackhole";
}

const ASSOCIATED = { State: "associated" };

export function routeTableOperations(ec2: Ec2Context) {
  const { store } = ec2;

  function associations(t: RouteTableRecord): RouteTableAssociation[] {
    const main =
      t.mainAssociationId === undefined ? [] : [{ Main: true, RouteTableAssociationId: t.mainAssociationId, RouteTableId: t.id, AssociationState: ASSOCIATED }];
    return [
      ...main,
      ...t.associations.map((a) => ({ Main: false, RouteTableAssociationId: a.id, RouteTableId: t.id, SubnetId: a.subnetId, AssociationState: ASSOCIATED })),
    ];
  }

  const output = (t: RouteTableRecord, ctx: RequestContext): RouteTable => ({
    Associations: associations(t),
    PropagatingVgws: [],
    RouteTableId: t.id,
    Routes: t.routes.map((r) => ({
      DestinationCidrBlock: r.destinationCidrBlock,
      DestinationIpv6CidrBlock: r.destinationIpv6CidrBlock,
      GatewayId: r.gatewayId,
      Origin: r.origin,
      State: routeState(ec2, ctx, t, r),
    })),
    Tags: modelTags(t.tags),
    VpcId: t.vpcId,
    OwnerId: ctx.account,
  });

  /** CreateRouteTable. A new table holds the local route only; a ClientToken used before answers that call's table. */
  function createRouteTable(input: CreateRouteTableRequest, ctx: RequestContext): CreateRouteTableResult {
    ec2.ensureDefaults(ctx);
    const vpc = requireVpc(ec2, ctx, input.VpcId);
    const earlier = input.ClientToken === undefined ? undefined : store.list(ctx, "route-table").find((t) => t.clientToken === input.ClientToken);
    if (earlier !== undefined && earlier.vpcId !== vpc.id) throw idempotentMismatch();
    const table = earlier ?? newRouteTable(vpc.id, vpc.cidr, false, tagsFromSpecifications(input.TagSpecifications, "route-table"));
    if (input.ClientToken !== undefined) table.clientToken = input.ClientToken;
    if (earlier === undefined) store.insert(ctx, "route-table", table);
    return { RouteTable: output(table, ctx), ...(input.ClientToken === undefined ? {} : { ClientToken: input.ClientToken }) };
  }

  /** DeleteRouteTable. The main table, and a table a subnet is associated with, are dependencies. */
  function deleteRouteTable(input: DeleteRouteTableRequest, ctx: RequestContext) {
    const table = requireRouteTable(ec2, ctx, input.RouteTableId);
    if (table.mainAssociationId !== undefined || table.associations.length > 0) throw routeTableDependencies(table.id);
    store.delete(ctx, table.id);
  }

  /** The table holding an association id, main or explicit. */
  function byAssociation(ctx: RequestContext, associationId: string): RouteTableRecord {
    const table = store.list(ctx, "route-table").find((t) => t.mainAssociationId === associationId || t.associations.some((a) => a.id === associationId));
    if (table === undefined) throw associationNotFound(associationId);
    return table;
  }

  /** AssociateRouteTable. A subnet has at most one explicit association; gateway (edge) associations are not simulated. */
  function associateRouteTable(input: AssociateRouteTableRequest, ctx: RequestContext): AssociateRouteTableResult {
    const table = requireRouteTable(ec2, ctx, input.RouteTableId);
    if (input.GatewayId !== undefined || input.PublicIpv4Pool !== undefined) {
      throw invalidParameterCombination(
        "flowwatch associates route tables with subnets only; gateway (edge) and public IPv4 pool associations are refused rather than ignored.",
      );
    }
    if (input.SubnetId === undefined) throw missingParameter("SubnetId");
    const subnet = requireSubnet(ec2, ctx, input.SubnetId);
    if (subnet.vpcId !== table.vpcId) throw differentNetworks(`Route table ${table.id}`, `subnet ${subnet.id}`);
    if (store.list(ctx, "route-table").some((t) => t.associations.some((a) => a.subnetId === subnet.id))) throw associationConflict(table.id);
    const associationId = newId("route-table-association");
    table.associations.push({ id: associationId, subnetId: subnet.id });
    store.update(ctx, "route-table", table);
    return { AssociationId: associationId, AssociationState: ASSOCIATED };
  }

  /** DisassociateRouteTable. The subnet goes back to the main table; the main association itself cannot be removed. */
  function disassociateRouteTable(input: DisassociateRouteTableRequest, ctx: RequestContext) {
    const table = byAssociation(ctx, input.AssociationId);
    if (table.mainAssociationId === input.AssociationId) throw cannotDisassociateMain(input.AssociationId);
    table.associations = table.associations.filter((a) => a.id !== input.AssociationId);
    store.update(ctx, "route-table", table);
  }

  /**
   * ReplaceRouteTableAssociation. A subnet's association moves to another table of its VPC; the main
   * association's moves make that table the VPC's main one.
   */
  function replaceRouteTableAssociation(input: ReplaceRouteTableAssociationRequest, ctx: RequestContext): ReplaceRouteTableAssociationResult {
    const current = byAssociation(ctx, input.AssociationId);
    const target = requireRouteTable(ec2, ctx, input.RouteTableId);
    const newAssociationId = newId("route-table-association");
    if (current.mainAssociationId === input.AssociationId) {
      if (target.vpcId !== current.vpcId) throw differentNetworks(`Route table ${target.id}`, `route table ${current.id}`);
      delete current.mainAssociationId;
      store.update(ctx, "route-table", current);
      const fresh = requireRouteTable(ec2, ctx, target.id);
      fresh.mainAssociationId = newAssociationId;
      store.update(ctx, "route-table", fresh);
    } else {
      const association = current.associations.find((a) => a.id === input.AssociationId);
      // byAssociation found `current` by this id, and it is not the main association.
      if (association === undefined) throw associationNotFound(input.AssociationId);
      if (target.vpcId !== current.vpcId) throw differentNetworks(`Route table ${target.id}`, `subnet ${association.subnetId}`);
      current.associations = current.associations.filter((a) => a.id !== association.id);
      store.update(ctx, "route-table", current);
      const fresh = requireRouteTable(ec2, ctx, target.id);
      fresh.associations.push({ id: newAssociationId, subnetId: association.subnetId });
      store.update(ctx, "route-table", fresh);
    }
    return { NewAssociationId: newAssociationId, AssociationState: ASSOCIATED };
  }

  function describeRouteTables(input: DescribeRouteTablesRequest, ctx: RequestContext): DescribeRouteTablesResult {
    ec2.ensureDefaults(ctx);
    let tables = store.list(ctx, "route-table");
    if (input.RouteTableIds !== undefined && input.RouteTableIds.length > 0) {
      for (const id of input.RouteTableIds) requireRouteTable(ec2, ctx, id);
      tables = tables.filter((t) => input.RouteTableIds?.includes(t.id));
    }
    const routes = (read: (r: RouteRecord, t: RouteTableRecord) => string | undefined) => (t: RouteTableRecord) => t.routes.map((r) => read(r, t));
    const none = () => undefined;
    const filtered = applyFilters(tables, input.Filters, {
      "association.gateway-id": none,
      "association.route-table-association-id": (t) => associations(t).map((a) => a.RouteTableAssociationId),
      "association.route-table-id": (t) => (associations(t).length > 0 ? t.id : undefined),
      "association.subnet-id": (t) => t.associations.map((a) => a.subnetId),
      "association.main": (t) => associations(t).map((a) => a.Main),
      "owner-id": () => ctx.account,
      "route-table-id": (t) => t.id,
      "route.destination-cidr-block": routes((r) => r.destinationCidrBlock),
      "route.destination-ipv6-cidr-block": routes((r) => r.destinationIpv6CidrBlock),
      "route.destination-prefix-list-id": none,
      "route.egress-only-internet-gateway-id": none,
      "route.gateway-id": routes((r) => r.gatewayId),
      "route.instance-id": none,
      "route.nat-gateway-id": none,
      "route.transit-gateway-id": none,
      "route.origin": routes((r) => r.origin),
      "route.state": routes((r, t) => routeState(ec2, ctx, t, r)),
      "route.vpc-peering-connection-id": none,
      "vpc-id": (t) => t.vpcId,
    });
    const { items, nextToken } = page(filtered, input, { min: 5, max: 100 });
    return { RouteTables: items.map((t) => output(t, ctx)), NextToken: nextToken };
  }

  return { createRouteTable, deleteRouteTable, associateRouteTable, disassociateRouteTable, replaceRouteTableAssociation, describeRouteTables };
}
