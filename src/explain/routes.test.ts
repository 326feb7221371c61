/** Route tables: the longest prefix wins, local for the VPC, blackholes and missing routes drop, prefix lists as blocks. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Route } from "@aws-sdk/client-ec2";
import { lookupRoute } from "./routes.js";

const local: Route = { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" };
const internet: Route = { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active" };
const table = (routes: Route[]) => ({ routeTableId: "rtb-1", routes });

test("the most specific route wins: the VPC's own addresses are local, the rest to the internet gateway", () => {
  const t = table([internet, local]);
  const inVpc = lookupRoute(t, "10.0.3.4", {});
  assert.equal(inVpc.outcome === "allow" && inVpc.route.GatewayId, "local");
  const out = lookupRoute(t, "203.0.113.9", {});
  assert.equal(out.outcome, "allow");
  assert.equal(out.text, "route table rtb-1: 0.0.0.0/0 via internet gateway igw-1");
  const nat = lookupRoute(table([internet, local, { DestinationCidrBlock: "203.0.113.0/24", NatGatewayId: "nat-1", State: "active" }]), "203.0.113.9", {});
  assert.match(nat.text, /203.0.113.0\/24 via NAT gateway nat-1/);
});

test("no route to an internet address drops it, and the fix points 0.0.0.0/0 at the VPC's gateway", () => {
  const r = lookupRoute(table([local]), "203.0.113.9", {}, "igw-9");
  assert.equal(r.outcome, "no-route");
  assert.equal(r.text, "route table rtb-1 has no route to 203.0.113.9");
  assert.equal(
    r.outcome === "no-route" && r.change?.command,
    "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 0.0.0.0/0 --gateway-id igw-9",
  );
  const v6 = lookupRoute(table([local]), "2001:db8::1", {});
  assert.match(v6.outcome === "no-route" ? (v6.change?.command ?? "") : "", /--destination-ipv6-cidr-block ::\/0 --gateway-id igw-…/);
});

test("a blackhole route drops what it would carry", () => {
  const r = lookupRoute(table([local, { ...internet, State: "blackhole" }]), "203.0.113.9", {});
  assert.equal(r.outcome, "no-route");
  assert.match(r.text, /blackhole/);
});

test("a prefix-list destination routes its blocks when read, and leaves the answer open when not", () => {
  const pl: Route = { DestinationPrefixListId: "pl-s3", GatewayId: "vpce-1", State: "active" };
  assert.equal(lookupRoute(table([local, pl]), "52.216.0.1", { prefixLists: new Map([["pl-s3", ["52.216.0.0/15"]]]) }).outcome, "allow");
  assert.equal(lookupRoute(table([local, pl]), "52.216.0.1", {}).outcome, "unknown");
});

test("IPv6 destinations meet only IPv6 routes", () => {
  const t = table([internet, local, { DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: "eigw-1", State: "active" }]);
  assert.match(lookupRoute(t, "2001:db8::1", {}).text, /egress-only internet gateway eigw-1/);
  assert.equal(lookupRoute(table([internet]), "2001:db8::1", {}).outcome, "no-route");
});
