/**
 * A subnet's route table as EC2 describes it (RouteTable.Routes), read as the VPC router reads it: the
 * most specific route whose destination holds the address decides; a `blackhole` route, or none,
 * carries nothing.
 */
import { Cidr, parseIp } from "./addresses.js";

/** The EC2 API's Route, the members routing needs. */
export interface Route {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  /** `local` or an internet gateway id. */
  GatewayId?: string;
  State: "active" | "blackhole";
}

export interface RouteTable {
  RouteTableId: string;
  Routes: readonly Route[];
}

/** The route an address takes (longest prefix), or undefined when none holds it. */
export function routeFor(table: RouteTable, address: string): Route | undefined {
  const ip = parseIp(address);
  if (ip === undefined) return undefined;
  let best: { route: Route; length: number } | undefined;
  for (const route of table.Routes) {
    const block = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock;
    if (block === undefined) continue;
    const cidr = Cidr.parse(block);
    if (cidr.contains(ip) && (best === undefined || cidr.prefixLength > best.length)) best = { route, length: cidr.prefixLength };
  }
  return best?.route;
}

/** Whether traffic to `address` leaves the subnet: inside the VPC by the local route, else through an internet gateway. */
export function isRouted(table: RouteTable, address: string): boolean {
  const route = routeFor(table, address);
  if (route === undefined || route.State !== "active") return false;
  return route.GatewayId === "local" || (route.GatewayId?.startsWith("igw-") ?? false);
}
