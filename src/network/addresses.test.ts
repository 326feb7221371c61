import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Cidr, formatIPv4, parseIPv4, parseIp } from "./addresses.js";
import { NetworkError } from "./errors.js";
import { isUnloggedTraffic, reservedVpcAddresses } from "./not-logged.js";

describe("addresses", () => {
  it("parses IPv4 and refuses near misses", () => {
    assert.equal(parseIPv4("10.0.1.5"), 0x0a000105);
    assert.equal(formatIPv4(0xfffffffe), "255.255.255.254");
    for (const bad of ["10.0.1", "10.0.1.256", "1..2.3", "a.b.c.d", "10.0.1.5.6", ""]) assert.equal(parseIPv4(bad), undefined, bad);
  });

  it("parses IPv6 with :: and embedded IPv4", () => {
    assert.deepEqual(parseIp("2001:db8::1")?.words, [0x20010db8, 0, 0, 1]);
    assert.deepEqual(parseIp("::ffff:10.0.0.1")?.words, [0, 0, 0xffff, 0x0a000001]);
    assert.equal(parseIp("2001:db8::1::2"), undefined);
    assert.equal(parseIp("2001:db8:1:2:3:4:5:6:7"), undefined);
  });

  it("tests CIDR membership for both families", () => {
    assert.equal(Cidr.parse("0.0.0.0/0").containsText("203.0.113.1"), true);
    assert.equal(Cidr.parse("0.0.0.0/0").containsText("2001:db8::1"), false);
    assert.equal(Cidr.parse("::/0").containsText("2001:db8::1"), true);
    assert.equal(Cidr.parse("10.0.0.0/16").containsText("10.0.255.255"), true);
    assert.equal(Cidr.parse("10.0.0.0/16").containsText("10.1.0.0"), false);
    assert.equal(Cidr.parse("2001:db8:1234:a100::/56").containsText("2001:db8:1234:a1ff::1"), true);
    assert.throws(() => Cidr.parse("10.0.0.0/-1"), NetworkError);
  });

  it("knows the traffic flow logs leave out", () => {
    assert.deepEqual(reservedVpcAddresses("10.0.0.0/16"), ["10.0.0.1", "10.0.0.2"]);
    const dns = { srcaddr: "10.0.1.10", dstaddr: "10.0.0.2", protocol: 17, srcport: 40000, dstport: 53 };
    assert.equal(isUnloggedTraffic(dns, ["10.0.0.0/16"]), true, "the Amazon DNS server");
    assert.equal(isUnloggedTraffic({ ...dns, dstaddr: "10.0.2.53" }, ["10.0.0.0/16"]), false, "your own DNS server is logged");
    assert.equal(isUnloggedTraffic({ ...dns, dstaddr: "169.254.169.254", protocol: 6, dstport: 80 }, []), true);
    assert.equal(isUnloggedTraffic({ ...dns, dstaddr: "255.255.255.255", dstport: 67 }, []), true, "DHCP");
  });
});
