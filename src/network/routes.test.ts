import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRouted, type RouteTable, routeFor } from "./routes.js";

const table = (...extra: RouteTable["Routes"]): RouteTable => ({
  RouteTableId: "rtb-0123456789abcdef0",
  Routes: [{ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" }, ...extra],
});

describe("routes", () => {
  it("takes the most specific route", () => {
    const t = table(
      { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0123456789abcdef0", State: "active" },
      { DestinationCidrBlock: "203.0.113.0/24", GatewayId: "igw-0fedcba9876543210", State: "blackhole" },
    );
    assert.equal(routeFor(t, "10.0.3.7")?.GatewayId, "local");
    assert.equal(routeFor(t, "198.51.100.1")?.GatewayId, "igw-0123456789abcdef0");
    assert.equal(routeFor(t, "203.0.113.9")?.GatewayId, "igw-0fedcba9876543210");
    assert.equal(isRouted(t, "198.51.100.1"), true);
    assert.equal(isRouted(t, "203.0.113.9"), false, "a blackhole route carries nothing");
  });

  it("carries nothing outside the VPC without a route to an internet gateway", () => {
    assert.equal(isRouted(table(), "127.0.0.1"), false);
    assert.equal(isRouted(table(), "10.0.1.5"), true);
    assert.equal(routeFor(table(), "not an address"), undefined);
  });
});
