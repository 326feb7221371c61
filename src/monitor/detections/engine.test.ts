/** Each rule fires on its attack and stays quiet on ordinary traffic (literal records, injected clock). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type DetectionRecord, DetectionEngine, defaultDetectionConfig, detectionConfig } from "./engine.js";

const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);
const rec = (over: Partial<DetectionRecord>): DetectionRecord => ({
  timestamp: T0,
  srcaddr: "10.0.1.10",
  dstaddr: "10.0.2.20",
  dstport: 443,
  action: "ACCEPT",
  bytes: 1000,
  ...over,
});
const engine = () => new DetectionEngine(defaultDetectionConfig, "MyVpc22-Log", () => T0 + 60_000);

test("port scan fires once on 25 rejected ports from one source", () => {
  const e = engine();
  const scan = Array.from({ length: 25 }, (_, i) => rec({ srcaddr: "198.51.100.7", dstport: 1000 + i, action: "REJECT" }));
  const alerts = e.ingest(scan);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.rule, "port-scan");
  assert.equal(alerts[0]?.who, "198.51.100.7");
  assert.match(alerts[0]?.query ?? "", /srcAddr = '198.51.100.7'/);
  assert.deepEqual(e.ingest([rec({ srcaddr: "198.51.100.7", dstport: 9, action: "REJECT" })]), []);
});

test("brute force fires on 40 connections to 22", () => {
  const alerts = engine().ingest(Array.from({ length: 40 }, () => rec({ srcaddr: "203.0.113.9", dstport: 22, action: "REJECT" })));
  assert.deepEqual(
    alerts.map((a) => [a.rule, a.who]),
    [["brute-force", "203.0.113.9"]],
  );
});

test("exfiltration fires on 300 MB to one external address", () => {
  const alerts = engine().ingest(Array.from({ length: 6 }, () => rec({ dstaddr: "192.0.2.50", bytes: 50_000_000 })));
  assert.deepEqual(
    alerts.map((a) => [a.rule, a.who]),
    [["exfiltration", "192.0.2.50"]],
  );
});

test("ordinary traffic gives no alert", () => {
  const normal = Array.from({ length: 200 }, (_, i) => rec({ srcaddr: `10.0.1.${i % 5}`, dstport: [443, 80, 5432, 53][i % 4] ?? 443, bytes: 5000 }));
  normal.push(rec({ srcaddr: "198.51.100.1", dstport: 23, action: "REJECT" }), rec({ srcaddr: "198.51.100.1", dstport: 445, action: "REJECT" }));
  assert.deepEqual(engine().ingest(normal), []);
});

test("new talker: quiet while learning, fires on an external network first seen after, once", () => {
  const e = engine();
  assert.deepEqual(e.ingest([rec({ dstaddr: "192.0.2.1" })]), []);
  const later = (dstaddr: string) => rec({ timestamp: T0 + 3600_000, dstaddr });
  assert.deepEqual(
    e.ingest([later("198.51.100.99"), later("192.0.2.1"), later("192.0.77.3")]).map((a) => [a.rule, a.who]),
    [["new-talker", "198.51.100.99"]],
  );
  assert.deepEqual(e.ingest([later("198.51.7.1")]), [], "the /16 is known now");
});

test("new talker: inbound clients and a web server's replies are not new talkers", () => {
  const e = engine();
  e.ingest([rec({ dstaddr: "192.0.2.1" })]);
  const at = T0 + 3600_000;
  const inbound = rec({ timestamp: at, srcaddr: "203.0.113.5", srcport: 51000, dstaddr: "10.0.1.10", dstport: 443 });
  const reply = rec({ timestamp: at, srcaddr: "10.0.1.10", srcport: 443, dstaddr: "203.0.113.5", dstport: 51000 });
  assert.deepEqual(e.ingest([inbound, reply]), []);
});

test("exfiltration counts what a VPC address sends, not its service's replies", () => {
  const reply = (i: number) => rec({ srcport: 443, dstaddr: "192.0.2.50", dstport: 50_000 + i, bytes: 50_000_000 });
  assert.deepEqual(engine().ingest(Array.from({ length: 6 }, (_, i) => reply(i))), []);
  const upload = Array.from({ length: 6 }, () => rec({ srcport: 40_000, dstaddr: "192.0.2.50", dstport: 8000, bytes: 50_000_000 }));
  assert.deepEqual(
    engine()
      .ingest(upload)
      .map((a) => a.rule),
    ["exfiltration"],
  );
});

test("brute force counts connections: one connection's records in two windows count once", () => {
  const records = Array.from({ length: 29 }, (_, i) => rec({ srcaddr: "203.0.113.9", srcport: 40_000 + i, dstport: 3389 }));
  const again = records.map((r) => ({ ...r, timestamp: r.timestamp + 60_000 }));
  assert.deepEqual(engine().ingest([...records, ...again]), []);
  assert.deepEqual(
    engine()
      .ingest([...records, rec({ srcaddr: "203.0.113.9", srcport: 50_000, dstport: 3389 })])
      .map((a) => [a.rule, a.who]),
    [["brute-force", "203.0.113.9"]],
  );
});

test("an attack that goes on alerts again once per window", () => {
  const e = engine();
  const probe = (t: number, port: number) => rec({ timestamp: T0 + t * 1000, srcaddr: "198.51.100.7", dstport: port, action: "REJECT" });
  const first = e.ingest(Array.from({ length: 25 }, (_, i) => probe(i, 1000 + i)));
  const within = e.ingest(Array.from({ length: 25 }, (_, i) => probe(100 + i, 2000 + i)));
  const after = e.ingest(Array.from({ length: 25 }, (_, i) => probe(400 + i, 3000 + i)));
  assert.deepEqual([first.length, within.length, after.length], [1, 0, 1]);
});

test("a config file's values override the defaults", () => {
  const c = detectionConfig({ portScan: { threshold: 3 }, rejectedSpike: { deviations: 6 } });
  assert.equal(c.portScan.threshold, 3);
  assert.equal(c.portScan.windowSeconds, defaultDetectionConfig.portScan.windowSeconds);
  assert.equal(c.rejectedSpike.deviations, 6);
  assert.equal(c.rejectedSpike.baselineBuckets, defaultDetectionConfig.rejectedSpike.baselineBuckets);
});

test("a config file's unknown rule, unknown field or bad value is refused", () => {
  assert.throws(() => detectionConfig({ portscan: { threshold: 3 } }), /unknown rule 'portscan'/);
  assert.throws(() => detectionConfig({ portScan: { treshold: 3 } }), /portScan: unknown field 'treshold'/);
  assert.throws(() => detectionConfig({ portScan: { threshold: "3" } }), /portScan.threshold: expected a positive number/);
  assert.throws(() => detectionConfig([]), /JSON object/);
});
