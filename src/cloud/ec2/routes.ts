/**
 * Routes: CreateRoute, ReplaceRoute, DeleteRoute. Targets are internet gateways attached to the table's
 * VPC; other targets (NAT gateways, peering, instances, ...) are refused, since nothing here could carry
 * their traffic. The `local` route covers the VPC's range and is neither removed nor overridden.
 */
import { isIPv6 } from "node:net";
import type { RequestContext } from "../service.js";
import type { CreateRouteRequest, DeleteRouteRequest, ReplaceRouteRequest } from "../validation/ec2-types.js";
import { cidrContains, formatCidr, parseCidr } from "./addresses.js";
import type { Ec2Context } from "./context.js";
import {
  cannotChangeLocalRoute,
  differentNetworks,
  gatewayNotFound,
  invalidCidr,
  invalidIpv6Cidr,
  invalidParameterCombination,
  missingParameter,
  noRouteToReplace,
  routeAlreadyExists,
  routeInsideVpc,
  routeLimit,
  routeNotFound,
} from "./errors.js";
import { isIdOf } from "./ids.js";
import type { RouteRecord, RouteTableRecord } from "./records.js";
import { requireRouteTable } from "./route-tables.js";

/** AWS's default quota of routes per route table (non-propagated). */
export const ROUTES_PER_TABLE = 50;

/** CreateRoute, ReplaceRoute and DeleteRoute share the route's destination and (but Delete) its target. */
type RouteRequest = (CreateRouteRequest | ReplaceRouteRequest | DeleteRouteRequest) &
  Partial<Record<(typeof OTHER_TARGETS)[number] | "GatewayId", string>> & { LocalTarget?: boolean };

/** Targets of the API that flowwatch has no resource for. */
const OTHER_TARGETS = [
  "NatGatewayId",
  "InstanceId",
  "NetworkInterfaceId",
  "VpcPeeringConnectionId",
  "TransitGatewayId",
  "EgressOnlyInternetGatewayId",
  "LocalGatewayId",
  "CarrierGatewayId",
  "VpcEndpointId",
  "CoreNetworkArn",
  "OdbNetworkArn",
] as const;

/** The destination as stored (canonical CIDR text) and which member holds it. */
function destinationOf(input: RouteRequest): { key: "destinationCidrBlock" | "destinationIpv6CidrBlock"; value: string } {
  if (input.DestinationPrefixListId !== undefined) {
    throw invalidParameterCombination("flowwatch has no managed prefix lists: DestinationPrefixListId is refused rather than ignored.");
  }
  if (input.DestinationCidrBlock !== undefined && input.DestinationIpv6CidrBlock !== undefined) {
    throw invalidParameterCombination("Only one of destinationCidrBlock and destinationIpv6CidrBlock may be specified.");
  }
  if (input.DestinationCidrBlock !== undefined) {
    const cidr = parseCidr(input.DestinationCidrBlock);
    if (cidr === undefined) throw invalidCidr(input.DestinationCidrBlock);
    return { key: "destinationCidrBlock", value: formatCidr(cidr) };
  }
  if (input.DestinationIpv6CidrBlock !== undefined) {
    const text = input.DestinationIpv6CidrBlock;
    const slash = text.indexOf("/");
    if (slash < 0 || !isIPv6(text.slice(0, slash)) || !/^\d{1,3}$/.test(text.slice(slash + 1)) || Number(text.slice(slash + 1)) > 128)
      throw invalidIpv6Cidr(text);
    return { key: "destinationIpv6CidrBlock", value: text.toLowerCase() };
  }
  throw missingParameter("destinationCidrBlock");
}

export function routeOperations(ec2: Ec2Context) {
  const { store } = ec2;

  /** The internet gateway a request targets, attached to the table's VPC. */
  function targetOf(input: RouteRequest, table: RouteTableRecord, ctx: RequestContext): string {
    const others = OTHER_TARGETS.filter((t) => input[t] !== undefined);
    if (others.length > 0) {
      throw invalidParameterCombination(`flowwatch routes to internet gateways only; ${others.join(", ")} is refused rather than ignored.`);
    }
    const gateway = input.GatewayId;
    if (gateway === undefined) throw invalidParameterCombination("No route target specified: give GatewayId (an internet gateway).");
    if (!isIdOf("internet-gateway", gateway)) throw gatewayNotFound(gateway);
    const igw = store.get(ctx, "internet-gateway", gateway);
    if (igw === undefined) throw gatewayNotFound(gateway);
    if (igw.vpcId !== table.vpcId) throw differentNetworks(`route table ${table.id}`, `network gateway ${gateway}`);
    return gateway;
  }

  /** A destination inside the VPC's range belongs to the local route. */
  function checkOutsideVpc(table: RouteTableRecord, key: string, value: string): void {
    if (key !== "destinationCidrBlock") return;
    const local = table.routes.find((r) => r.gatewayId === "local")?.destinationCidrBlock;
    const vpc = local === undefined ? undefined : parseCidr(local);
    const dest = parseCidr(value);
    if (vpc !== undefined && dest !== undefined && cidrContains(vpc, dest))
      throw dest.prefix === vpc.prefix ? routeAlreadyExists(value) : routeInsideVpc(value);
  }

  /** CreateRoute. One route per destination; at most 50 per table. */
  function createRoute(input: RouteRequest, ctx: RequestContext) {
    const table = requireRouteTable(ec2, ctx, input.RouteTableId);
    const { key, value } = destinationOf(input);
    if (table.routes.some((r) => r[key] === value)) throw routeAlreadyExists(value);
    checkOutsideVpc(table, key, value);
    const gatewayId = targetOf(input, table, ctx);
    if (table.routes.length >= ROUTES_PER_TABLE) throw routeLimit();
    const route: RouteRecord = { [key]: value, gatewayId, origin: "CreateRoute" };
    table.routes.push(route);
    store.update(ctx, "route-table", table);
    return { Return: true };
  }

  /** ReplaceRoute. The destination must have a route already; the local route keeps its target. */
  function replaceRoute(input: RouteRequest, ctx: RequestContext) {
    const table = requireRouteTable(ec2, ctx, input.RouteTableId);
    const { key, value } = destinationOf(input);
    const route = table.routes.find((r) => r[key] === value);
    if (route === undefined) throw noRouteToReplace(value);
    if (route.gatewayId === "local" || input.LocalTarget === true) {
      throw invalidParameterCombination(`flowwatch keeps the local route's target: ${value} in ${table.id} stays local.`);
    }
    route.gatewayId = targetOf(input, table, ctx);
    store.update(ctx, "route-table", table);
  }

  function deleteRoute(input: RouteRequest, ctx: RequestContext) {
    const table = requireRouteTable(ec2, ctx, input.RouteTableId);
    const { key, value } = destinationOf(input);
    const route = table.routes.find((r) => r[key] === value);
    if (route === undefined) throw routeNotFound(value, table.id);
    if (route.gatewayId === "local") throw cannotChangeLocalRoute(value, table.id);
    table.routes = table.routes.filter((r) => r !== route);
    store.update(ctx, "route-table", table);
  }

  return { createRoute, replaceRoute, deleteRoute };
}
