import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { portLabel, portName } from "./ports.js";
import { protocolName, protocolNumber } from "./protocols.js";
import { decodeTcpFlags, encodeTcpFlags, tcpFlagsLabel } from "./tcp-flags.js";

describe("tcp-flags", () => {
  test("single flags", () => {
    assert.deepEqual(decodeTcpFlags(1), ["FIN"]);
    assert.deepEqual(decodeTcpFlags(2), ["SYN"]);
    assert.deepEqual(decodeTcpFlags(4), ["RST"]);
    assert.deepEqual(decodeTcpFlags(18), ["SYN-ACK"]);
    assert.deepEqual(decodeTcpFlags(0), []);
  });
  test("values OR-ed over an interval", () => {
    assert.deepEqual(decodeTcpFlags(3), ["SYN", "FIN"]);
    assert.deepEqual(decodeTcpFlags(19), ["SYN-ACK", "FIN"]);
    assert.deepEqual(decodeTcpFlags(6), ["SYN", "RST"]);
    assert.equal(tcpFlagsLabel(19), "SYN-ACK|FIN");
    assert.equal(tcpFlagsLabel(null), "-");
  });
  test("bits AWS never sets are refused", () => {
    assert.equal(decodeTcpFlags(8), undefined);
    assert.equal(decodeTcpFlags(32), undefined);
    assert.equal(decodeTcpFlags(-1), undefined);
    assert.equal(tcpFlagsLabel(40), "40");
  });
  test("encoding is the inverse of decoding", () => {
    for (const value of [0, 1, 2, 3, 4, 5, 6, 7, 18, 19, 22, 23]) {
      assert.equal(encodeTcpFlags(decodeTcpFlags(value)!), value);
    }
    assert.throws(() => encodeTcpFlags(["PSH"]), RangeError);
  });
});

describe("protocols and ports", () => {
  test("IANA protocol numbers", () => {
    assert.equal(protocolName(6), "TCP");
    assert.equal(protocolName(17), "UDP");
    assert.equal(protocolName(1), "ICMP");
    assert.equal(protocolName(58), "ICMPv6");
    assert.equal(protocolName(253), "253");
    assert.equal(protocolName(null), "-");
    assert.equal(protocolNumber("tcp"), 6);
    assert.equal(protocolNumber("17"), 17);
    assert.equal(protocolNumber("nope"), undefined);
  });
  test("well-known ports", () => {
    assert.equal(portName(22), "ssh");
    assert.equal(portName(3389), "rdp");
    assert.equal(portName(49152), undefined);
    assert.equal(portLabel(443), "443/https");
    assert.equal(portLabel(49152), "49152");
    assert.equal(portLabel(null), "-");
  });
});
