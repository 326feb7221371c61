/** MetricStore: series (GetMetricData's path for the basic statistics) against buckets + statValue; write's commits. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { Store } from "../store/store.js";
import { type BasicStatistic, MetricStore } from "./metric-store.js";
import { CLOUDWATCH_SCHEMA } from "./schema.js";
import { BASIC_STATISTICS, statValue } from "./statistics.js";

const scope = { account: "000000000000", region: "us-east-1" };

describe("MetricStore.series", () => {
  it("gives what buckets and statValue give, for any rows, period, range and unit", () => {
    const row = fc.record({
      ts: fc.integer({ min: 0, max: 3_600_000 }),
      count: fc.constantFrom(0, 1, 2, 5),
      value: fc.integer({ min: -50, max: 50 }),
      spread: fc.integer({ min: 0, max: 10 }),
      unit: fc.constantFrom("Count", "Bytes"),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.constantFrom(1_000, 60_000, 300_000),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.constantFrom(undefined, "Count", "Bytes"),
        fc.constantFrom(...BASIC_STATISTICS),
        (rows, periodMs, start, length, unit, stat) => {
          const store = new Store({ memory: true });
          store.migrate(CLOUDWATCH_SCHEMA);
          const metrics = new MetricStore(store.db);
          const id = metrics.metricId(scope, "N", "M", undefined, 0);
          metrics.addPoints(
            rows.map((r) => ({
              metricId: id,
              ts: r.ts,
              count: r.count,
              sum: r.value * r.count,
              min: r.value - r.spread,
              max: r.value + r.spread,
              unit: r.unit,
            })),
          );
          const expected: { ts: number[]; v: number[] } = { ts: [], v: [] };
          for (const b of metrics.buckets(id, start, start + length, periodMs, unit, false).values()) {
            const v = statValue(b, stat);
            if (v === undefined) continue;
            expected.ts.push(b.ts);
            expected.v.push(v);
          }
          assert.deepEqual(metrics.series(id, start, start + length, periodMs, unit, stat as BasicStatistic), expected);
          store.close();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("MetricStore.write", () => {
  it("commits derived points without a sync of their own and leaves the connection's FULL in place", () => {
    const dir = mkdtempSync(join(tmpdir(), "fw-metric-store-"));
    try {
      let store = new Store({ dataDir: dir });
      store.migrate(CLOUDWATCH_SCHEMA);
      let metrics = new MetricStore(store.db);
      const point = (ts: number) => ({ ts, count: 1, sum: 2, min: 2, max: 2, unit: "Count" as const });
      metrics.write(scope, [{ namespace: "N", name: "Filter", dimensions: undefined, latest: 60_000, points: [point(60_000)] }], { derived: true });
      assert.equal(store.db.pragma("synchronous", { simple: true }), 2);
      metrics.write(scope, [{ namespace: "N", name: "Api", dimensions: [{ Name: "a", Value: "1" }], latest: 120_000, points: [point(120_000)] }]);
      assert.equal(store.db.pragma("synchronous", { simple: true }), 2);
      store.close();
      store = new Store({ dataDir: dir });
      store.migrate(CLOUDWATCH_SCHEMA);
      metrics = new MetricStore(store.db);
      assert.deepEqual(
        metrics.list(scope).map((m) => [m.name, m.lastTs]),
        [
          ["Api", 120_000],
          ["Filter", 60_000],
        ],
      );
      assert.deepEqual(metrics.series(metrics.find(scope, "N", "Filter", undefined) as number, 0, 3_600_000, 60_000, undefined, "Sum"), {
        ts: [60_000],
        v: [2],
      });
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
