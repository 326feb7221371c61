import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, describe, test } from "node:test";
import { estimateSide, type GatewayTarget, TrafficGateway } from "./gateway.js";
import type { Observation } from "./observation.js";

const clock = { now: () => Date.now() };
const target: GatewayTarget = { publicIp: "127.77.0.10", interfaceId: "eni-0123456789abcdef0", privateIp: "10.0.1.5", instanceId: "i-0123456789abcdef0" };
const observations: Observation[] = [];
const gateway = new TrafficGateway({
  clock,
  ports: [18080, 18022],
  httpPorts: [18080],
  decide: (_t, packet) => (packet.dstport === 18080 ? "ACCEPT" : "REJECT"),
  observe: (o) => observations.push(o),
});
after(() => gateway.stop());

const settle = async (count: number) => {
  for (let i = 0; i < 200 && observations.length < count; i++) await new Promise((r) => setTimeout(r, 10));
};

describe("the traffic gateway", () => {
  test("an allowed HTTP request is answered and reported in both directions with private addresses", async () => {
    await gateway.setTargets([target]);
    const response = await fetch(`http://${target.publicIp}:18080/`, { headers: { connection: "close" } });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /instance i-0123456789abcdef0/);
    await settle(4);
    const ingress = observations.filter((o) => o.direction === "ingress");
    const egress = observations.filter((o) => o.direction === "egress");
    assert.equal(ingress.length, 2);
    assert.equal(egress.length, 2);
    for (const o of ingress) {
      assert.equal(o.dstaddr, "10.0.1.5");
      assert.equal(o.dstport, 18080);
      assert.equal(o.srcaddr, "127.0.0.1");
      assert.equal(o.action, "ACCEPT");
    }
    assert.equal(
      ingress.reduce((f, o) => f | o.tcpFlags, 0),
      3,
      "the client's side: SYN and FIN",
    );
    assert.equal(
      egress.reduce((f, o) => f | o.tcpFlags, 0),
      19,
      "the server's side: SYN-ACK and FIN",
    );
    const served = egress.reduce((n, o) => n + o.bytes, 0);
    assert.ok(served > 100, `the response's bytes are counted (${served})`);
  });

  test("a connection to a denied port is reset and reported as REJECT", async () => {
    observations.length = 0;
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(18022, target.publicIp);
      socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      socket.on("close", () => resolve("closed"));
    });
    assert.ok(["ECONNRESET", "closed"].includes(refused), refused);
    await settle(1);
    assert.equal(observations.length, 1);
    assert.equal(observations[0]?.action, "REJECT");
    assert.equal(observations[0]?.dstport, 18022);
    assert.equal(observations[0]?.tcpFlags, 2);
  });

  test("a target that goes away stops listening", async () => {
    await gateway.setTargets([]);
    assert.deepEqual(gateway.addresses, []);
    await assert.rejects(fetch(`http://${target.publicIp}:18080/`));
  });

  test("packet estimates grow with payload", () => {
    assert.deepEqual(estimateSide(0, 0), { packets: 3, bytes: 60 + 2 * 52 });
    assert.equal(estimateSide(10 * 1448, 0).packets, 13);
  });
});

describe("the traffic gateway, with a reply the subnet's edge denies and a connection no route carries", () => {
  const other: GatewayTarget = { publicIp: "127.77.0.11", interfaceId: "eni-0fedcba9876543210", privateIp: "10.0.2.5", instanceId: "i-0fedcba9876543210" };
  const seen: Observation[] = [];
  const edge = new TrafficGateway({
    clock,
    ports: [18081, 18023],
    httpPorts: [18081],
    decide: (_t, packet) => (packet.dstport === 18081 ? { request: "ACCEPT", reply: "REJECT" } : { request: "REJECT", routed: false }),
    observe: (o) => seen.push(o),
  });
  after(() => edge.stop());
  const attempt = (port: number) =>
    new Promise<string>((resolve) => {
      const socket = connect(port, other.publicIp);
      socket.on("data", () => resolve("answered"));
      socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      socket.on("close", () => resolve("closed"));
    });

  test("a denied SYN-ACK: ACCEPT for the SYN that came in, REJECT for the reply, and the client gets no answer", async () => {
    await edge.setTargets([other]);
    const outcome = await attempt(18081);
    assert.notEqual(outcome, "answered");
    for (let i = 0; i < 200 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      seen.map((o) => [o.direction, o.action, o.tcpFlags, o.packets]),
      [
        ["ingress", "ACCEPT", 2, 1],
        ["egress", "REJECT", 18, 1],
      ],
    );
    assert.equal(seen[1]?.srcaddr, "10.0.2.5");
    assert.equal(seen[1]?.srcport, 18081);
  });

  test("a connection no route carries is dropped and not recorded at all", async () => {
    seen.length = 0;
    assert.notEqual(await attempt(18023), "answered");
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(seen, []);
  });
});
