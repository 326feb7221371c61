/** The rejected-traffic spike: fires on a burst against its trailing baseline, quiet on steady or few rejects. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileQuery } from "../../insights/index.js";
import { type DetectionRecord, DetectionEngine, defaultDetectionConfig } from "./engine.js";

const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);
const MINUTE = 60_000;
const reject = (minute: number, i: number, srcaddr = `198.51.100.${i % 200}`): DetectionRecord => ({
  timestamp: T0 + minute * MINUTE + ((i * 997) % MINUTE),
  srcaddr,
  dstaddr: "10.0.1.10",
  dstport: 23 + (i % 3),
  action: "REJECT",
  bytes: 40,
});
/** `perMinute(m)` rejects in minute m, from many sources, in time order. */
const minutes = (from: number, to: number, perMinute: (m: number) => number) =>
  Array.from({ length: to - from }, (_, k) =>
    Array.from({ length: perMinute(from + k) }, (_, i) => reject(from + k, i)).sort((a, b) => a.timestamp - b.timestamp),
  ).flat();
const engine = () => new DetectionEngine(defaultDetectionConfig, "MyVpc22-Log", () => T0);
// Steady background noise of an internet-facing VPC: 70 to 90 rejects a minute (above the minimum of 50).
const steady = (m: number) => 80 + ((m * 7) % 21) - 10;

test("steady rejects above the minimum give no spike, for hours", () => {
  assert.deepEqual(engine().ingest(minutes(0, 240, steady)), []);
});

test("a burst against a steady baseline fires once, naming the top source", () => {
  const e = engine();
  assert.deepEqual(e.ingest(minutes(0, 60, steady)), []);
  const burst = [...minutes(60, 61, steady), ...Array.from({ length: 300 }, (_, i) => reject(60, i, "203.0.113.66"))].sort((a, b) => a.timestamp - b.timestamp);
  const alerts = e.ingest(burst);
  assert.deepEqual(
    alerts.map((a) => [a.rule, a.who]),
    [["rejected-spike", "203.0.113.66"]],
  );
  assert.match(alerts[0]?.what ?? "", /^\d+ REJECT records in the 60 s from .* baseline of \d+\.\d ± \d+\.\d over the 30 before/);
  assert.doesNotThrow(() => compileQuery(alerts[0]?.query ?? ""));
  // The burst going on in the next minute is the same episode; after a calm minute a new one fires.
  assert.deepEqual(e.ingest(Array.from({ length: 400 }, (_, i) => reject(61, i, "203.0.113.66"))), []);
  assert.deepEqual(e.ingest(minutes(62, 63, steady)), []);
  assert.equal(e.ingest(Array.from({ length: 900 }, (_, i) => reject(63, i, "203.0.113.77"))).length, 1);
});

test("a quiet network: a few rejects are not a spike, the minimum count is", () => {
  const quiet = (m: number) => (m % 10 === 0 ? 1 : 0);
  const e = engine();
  assert.deepEqual(e.ingest(minutes(0, 45, quiet)), []);
  assert.deepEqual(e.ingest(minutes(45, 46, () => 12)), [], "12 rejects against a baseline of almost none: below the minimum of 50");
  assert.equal(e.ingest(minutes(46, 47, () => 60)).length, 1);
});

test("no spike while learning: the first 30 buckets have no baseline", () => {
  const e = engine();
  assert.deepEqual(e.ingest(minutes(0, 1, () => 5)), []);
  assert.deepEqual(e.ingest(minutes(10, 11, () => 500)), []);
  assert.equal(e.ingest(minutes(40, 41, () => 500)).length, 1);
});
