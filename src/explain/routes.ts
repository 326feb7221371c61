/**
 * A subnet's route table as the VPC router reads it for a packet leaving the subnet: the most specific
 * route whose destination holds the address (longest prefix; a prefix list as its blocks), active or
 * blackhole; no route drops the packet. Flow logs write no record for a packet the router drops.
 */
import type { Route } from "@aws-sdk/client-ec2";
import { contains, parseCidr } from "./cidr.js";
import { isUnreadable, type Lookups, type RouteTableConfig } from "./model.js";

export type RouteResult =
  | { outcome: "allow"; route: Route; text: string; internet: boolean }
  | { outcome: "no-route"; route?: Route; text: string; change?: { text: string; command: string } }
  | { outcome: "unknown"; text: string };

/** The route's target in words: "local", "internet gateway igw-…", "NAT gateway nat-…". */
export function targetText(route: Route): string {
  if (route.GatewayId === "local") return "local (inside the VPC)";
  if (route.GatewayId?.startsWith("igw-")) return `internet gateway ${route.GatewayId}`;
  if (route.GatewayId?.startsWith("vgw-")) return `virtual private gateway ${route.GatewayId}`;
  if (route.GatewayId) return `gateway ${route.GatewayId}`;
  if (route.NatGatewayId) return `NAT gateway ${route.NatGatewayId}`;
  if (route.EgressOnlyInternetGatewayId) return `egress-only internet gateway ${route.EgressOnlyInternetGatewayId}`;
  if (route.TransitGatewayId) return `transit gateway ${route.TransitGatewayId}`;
  if (route.VpcPeeringConnectionId) return `peering connection ${route.VpcPeeringConnectionId}`;
  if (route.NetworkInterfaceId) return `network interface ${route.NetworkInterfaceId}`;
  if (route.InstanceId) return `instance ${route.InstanceId}`;
  if (route.CarrierGatewayId) return `carrier gateway ${route.CarrierGatewayId}`;
  if (route.LocalGatewayId) return `local gateway ${route.LocalGatewayId}`;
  if (route.CoreNetworkArn) return `core network ${route.CoreNetworkArn}`;
  return "no target";
}

const destinationOf = (route: Route) => route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? "?";

/** The route a packet to `address` takes; `internetGatewayId` (the VPC's, when known) fills the suggested fix. */
export function lookupRoute(table: RouteTableConfig, address: string, lookups: Lookups, internetGatewayId?: string): RouteResult {
  let best: { route: Route; prefix: number } | undefined;
  const unread: string[] = [];
  for (const route of table.routes) {
    let blocks: string[] = [];
    if (route.DestinationCidrBlock) blocks = [route.DestinationCidrBlock];
    else if (route.DestinationIpv6CidrBlock) blocks = [route.DestinationIpv6CidrBlock];
    else if (route.DestinationPrefixListId) {
      const listed = lookups.prefixLists?.get(route.DestinationPrefixListId);
      if (listed === undefined || isUnreadable(listed)) {
        unread.push(route.DestinationPrefixListId);
        continue;
      }
      blocks = listed;
    }
    for (const block of blocks) {
      const cidr = parseCidr(block);
      if (cidr === undefined || !contains(block, address)) continue;
      // Equal prefixes: the local route wins, as AWS lets nothing be more specific than it for the VPC's range.
      if (best === undefined || cidr.prefix > best.prefix || (cidr.prefix === best.prefix && route.GatewayId === "local"))
        best = { route, prefix: cidr.prefix };
    }
  }
  const table_ = `route table ${table.routeTableId}${table.main ? " (the VPC's main table)" : ""}`;
  if (best === undefined) {
    if (unread.length > 0)
      return { outcome: "unknown", text: `no route of ${table_} holds ${address}, unless prefix list ${unread.join(", ")} (not readable) does` };
    const v6 = address.includes(":");
    const change = isPrivate(address)
      ? {
          text: `add a route to ${address} in ${table.routeTableId}, toward where that network lives (a peering connection, transit gateway or VPN)`,
          command: "",
        }
      : {
          text: `add a route for the internet (${v6 ? "::/0" : "0.0.0.0/0"}) in ${table.routeTableId} to ${internetGatewayId ? `the VPC's internet gateway ${internetGatewayId}` : "an internet gateway attached to the VPC"}`,
          command: `aws ec2 create-route --route-table-id ${table.routeTableId} ${v6 ? "--destination-ipv6-cidr-block ::/0" : "--destination-cidr-block 0.0.0.0/0"} --gateway-id ${internetGatewayId ?? "igw-…"}`,
        };
    return { outcome: "no-route", text: `${table_} has no route to ${address}`, change };
  }
  const { route } = best;
  if (route.State === "blackhole") {
    return {
      outcome: "no-route",
      route,
      text: `${table_} routes ${destinationOf(route)} to ${targetText(route)}, which is gone (blackhole): the packet is dropped`,
    };
  }
  return {
    outcome: "allow",
    route,
    text: `${table_}: ${destinationOf(route)} via ${targetText(route)}`,
    internet: route.GatewayId?.startsWith("igw-") === true,
  };
}

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/** Addresses no internet gateway reaches: RFC 1918, RFC 6598 and unique local IPv6. */
export const isPrivate = (address: string): boolean => PRIVATE.some((block) => contains(block, address));
