/** Metric filters publishing through PutLogEvents: one statistic set per metric and minute, filters on one metric merged. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { T0, newCloudWatch } from "../../../test/support/cloudwatch-harness.js";

const MIN = 60_000;
const FIELDS = "[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action, flowlogstatus]";
const flow = (src: string, port: number, bytes: number, action: string) =>
  `2 123456789010 eni-0a1b ${src} 10.0.1.5 40000 ${port} 6 3 ${bytes} 1767225000 1767225060 ${action} OK`;

describe("metric filter sink", () => {
  it("publishes matches at their minutes, merging filters that share a metric, with units and dimensions", async () => {
    const t = newCloudWatch();
    t.clock.set(T0 + 10 * MIN);
    await t.call("CreateLogGroup", { logGroupName: "g" });
    await t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    const filter = (filterName: string, filterPattern: string, transformation: Record<string, unknown>) =>
      t.call("PutMetricFilter", { logGroupName: "g", filterName, filterPattern, metricTransformations: [{ metricNamespace: "Flow", ...transformation }] });
    await filter("rejects", FIELDS.replace("action,", 'action="REJECT",'), { metricName: "Rejects", metricValue: "1" });
    await filter("rejects-words", "REJECT", { metricName: "Rejects", metricValue: "1" });
    await filter("bytes", FIELDS, { metricName: "Bytes", metricValue: "$bytes", unit: "Bytes", dimensions: { Source: "$source" } });
    const events = [
      { timestamp: T0 + 1 * MIN + 1_000, message: flow("198.51.100.7", 22, 100, "REJECT") },
      { timestamp: T0 + 1 * MIN + 2_000, message: flow("198.51.100.7", 23, 300, "REJECT") },
      { timestamp: T0 + 1 * MIN + 3_000, message: flow("198.51.100.8", 80, 5000, "ACCEPT") },
      { timestamp: T0 + 2 * MIN + 1_000, message: flow("198.51.100.7", 24, 200, "REJECT") },
    ];
    await t.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: events });

    const stats = (MetricName: string, Dimensions?: unknown[]) =>
      t.call("GetMetricStatistics", {
        Namespace: "Flow",
        MetricName,
        ...(Dimensions ? { Dimensions } : {}),
        StartTime: new Date(T0),
        EndTime: new Date(T0 + 5 * MIN),
        Period: 60,
        Statistics: ["Sum", "SampleCount", "Minimum", "Maximum"],
      });
    // Each REJECT event matches both filters: two data points of 1 per event.
    const rejects = (await stats("Rejects")).Datapoints.map((d: Record<string, unknown>) => [
      (d.Timestamp as Date).getTime() - T0,
      d.Sum,
      d.SampleCount,
      d.Unit,
    ]);
    assert.deepEqual(rejects, [
      [1 * MIN, 4, 4, "None"],
      [2 * MIN, 2, 2, "None"],
    ]);
    const bytes7 = (await stats("Bytes", [{ Name: "Source", Value: "198.51.100.7" }])).Datapoints.map((d: Record<string, unknown>) => [
      (d.Timestamp as Date).getTime() - T0,
      d.Sum,
      d.Minimum,
      d.Maximum,
      d.Unit,
    ]);
    assert.deepEqual(bytes7, [
      [1 * MIN, 400, 100, 300, "Bytes"],
      [2 * MIN, 200, 200, 200, "Bytes"],
    ]);
    const listed = (await t.call("ListMetrics", { Namespace: "Flow", MetricName: "Bytes" })).Metrics.map((m: { Dimensions: unknown }) => m.Dimensions);
    assert.deepEqual(listed, [[{ Name: "Source", Value: "198.51.100.7" }], [{ Name: "Source", Value: "198.51.100.8" }]]);
    // One row per metric and minute: Rejects x 2 minutes, Bytes x (2 + 1).
    assert.deepEqual(t.store.db.prepare("SELECT count(*) AS n FROM cw_datapoints").get(), { n: 5 });
  });
});
