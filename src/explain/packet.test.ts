/** Which leg a record shows: tcp-flags first, then the ports, else the record as the request. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { connectionOfPacket } from "./packet.js";

const p = { protocol: 6, src: "10.0.1.5", dst: "203.0.113.9" };

test("SYN-ACK is the reply, SYN alone the request, whatever the ports", () => {
  const reply = connectionOfPacket({ ...p, srcPort: 40000, dstPort: 50000, tcpFlags: 18 });
  assert.equal(reply.leg, "reply");
  assert.equal(reply.connection.initiator.address, "203.0.113.9");
  assert.equal(reply.how, "tcp-flags");
  assert.equal(connectionOfPacket({ ...p, srcPort: 80, dstPort: 51234, tcpFlags: 2 }).leg, "request");
});

test("from a service port to an ephemeral one is a reply; the other way, or two of a kind, a request", () => {
  const r = connectionOfPacket({ ...p, srcPort: 80, dstPort: 51234 });
  assert.equal(r.leg, "reply");
  assert.deepEqual(r.connection.responder, { address: "10.0.1.5", port: 80 });
  assert.deepEqual(r.connection.initiator, { address: "203.0.113.9", port: 51234 });
  assert.equal(connectionOfPacket({ ...p, srcPort: 51234, dstPort: 8080 }).leg, "request");
  assert.equal(connectionOfPacket({ ...p, srcPort: 40000, dstPort: 50000 }).leg, "request");
});

test("ports are dropped for protocols without them", () => {
  const r = connectionOfPacket({ protocol: 1, src: "198.51.100.1", dst: "10.0.1.5", srcPort: 0, dstPort: 0 });
  assert.equal(r.leg, "request");
  assert.equal(r.connection.responder.port, undefined);
});
