/** Each rule fires on its attack and stays quiet on ordinary traffic (literal records, injected clock). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type DetectionRecord, DetectionEngine, defaultDetectionConfig, detectionConfig } from "./engine.js";

const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);
const rec = (over: Partial<DetectionRecord>): DetectionRecord => ({ timestamp: T0, srcaddr: "10.0.1.10", dstaddr: "10.0.2.20", dstport: 443, action: "ACCEPT", bytes: 1000, ...over });
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
  assert.deepEqual(alerts.map((a) => [a.rule, a.who]), [["brute-force", "203.0.113.9"]]);
});

test("exfiltration fires on 60 MB to one external address", () => {
  const alerts = engine().ingest(Array.from({ length: 6 }, () => rec({ dstaddr: "192.0.2.50", bytes: 10_000_000 })));
  assert.deepEqual(alerts.map((a) => [a.rule, a.who]), [["exfiltration", "192.0.2.50"]]);
});

test("ordinary traffic gives no alert", () => {
  const normal = Array.from({ length: 200 }, (_, i) => rec({ srcaddr: `10.0.1.${i % 5}`, dstport: [443, 80, 5432, 53][i % 4] ?? 443, bytes: 5000 }));
  normal.push(rec({ srcaddr: "198.51.100.1", dstport: 23, action: "REJECT" }), rec({ srcaddr: "198.51.100.1", dstport: 445, action: "REJECT" }));
  assert.deepEqual(engine().ingest(normal), []);
});

test("new talker: quiet while learning, fires on an external address first seen after", () => {
  const e = engine();
  assert.deepEqual(e.ingest([rec({ dstaddr: "192.0.2.1" })]), []);
  const later = rec({ timestamp: T0 + 3600_000, dstaddr: "192.0.2.99" });
  assert.deepEqual(e.ingest([later, rec({ timestamp: T0 + 3600_000, dstaddr: "192.0.2.1" })]).map((a) => [a.rule, a.who]), [["new-talker", "192.0.2.99"]]);
});

test("a config file's values override the defaults", () => {
  const c = detectionConfig({ portScan: { threshold: 3 } });
  assert.equal(c.portScan.threshold, 3);
  assert.equal(c.portScan.windowSeconds, defaultDetectionConfig.portScan.windowSeconds);
});
