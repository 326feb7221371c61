import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newCloudWatch, T0 } from "../../../test/support/cloudwatch-harness.js";

const MIN = 60_000;
const host = [{ Name: "Host", Value: "a" }];

describe("PutMetricData / GetMetricStatistics / ListMetrics", () => {
  it("stores values, statistic sets and value arrays; statistics per period, aligned to the period", async () => {
    const t = newCloudWatch();
    t.clock.set(T0 + 10 * MIN);
    await t.call("PutMetricData", {
      Namespace: "App",
      MetricData: [
        { MetricName: "Latency", Dimensions: host, Timestamp: (T0 + 61_000) / 1000, Value: 10, Unit: "Milliseconds" },
        {
          MetricName: "Latency",
          Dimensions: host,
          Timestamp: new Date(T0 + 62_000),
          StatisticValues: { SampleCount: 2, Sum: 30, Minimum: 5, Maximum: 25 },
          Unit: "Milliseconds",
        },
        { MetricName: "Latency", Dimensions: host, Timestamp: (T0 + 3 * MIN) / 1000, Values: [1, 2, 3], Counts: [1, 1, 2], Unit: "Milliseconds" },
      ],
    });
    const out = await t.call("GetMetricStatistics", {
      Namespace: "App",
      MetricName: "Latency",
      Dimensions: host,
      StartTime: T0 / 1000,
      EndTime: (T0 + 10 * MIN) / 1000,
      Period: 60,
      Statistics: ["SampleCount", "Sum", "Minimum", "Maximum", "Average"],
    });
    assert.equal(out.Label, "Latency");
    assert.deepEqual(
      out.Datapoints.map((d: Record<string, unknown>) => ({ ...d, Timestamp: (d.Timestamp as Date).getTime() })),
      [
        { Timestamp: T0 + MIN, SampleCount: 3, Sum: 40, Minimum: 5, Maximum: 25, Average: 40 / 3, Unit: "Milliseconds" },
        { Timestamp: T0 + 3 * MIN, SampleCount: 4, Sum: 9, Minimum: 1, Maximum: 3, Average: 9 / 4, Unit: "Milliseconds" },
      ],
    );
    const p = await t.call("GetMetricStatistics", {
      Namespace: "App",
      MetricName: "Latency",
      Dimensions: host,
      StartTime: T0 / 1000,
      EndTime: (T0 + 10 * MIN) / 1000,
      Period: 600,
      ExtendedStatistics: ["p50", "p99"],
    });
    assert.deepEqual(Object.fromEntries(p.Datapoints[0].ExtendedStatistics), { p50: 3, p99: 15 });
  });

  it("dimensions are a set; other regions and accounts see nothing", async () => {
    const t = newCloudWatch();
    await t.call("PutMetricData", {
      Namespace: "App",
      MetricData: [
        {
          MetricName: "M",
          Dimensions: [
            { Name: "b", Value: "2" },
            { Name: "a", Value: "1" },
          ],
          Value: 1,
        },
      ],
    });
    const listed = await t.call("ListMetrics", { Dimensions: [{ Name: "a" }] });
    assert.deepEqual(listed.Metrics, [
      {
        Namespace: "App",
        MetricName: "M",
        Dimensions: [
          { Name: "a", Value: "1" },
          { Name: "b", Value: "2" },
        ],
      },
    ]);
    assert.deepEqual((await t.call("ListMetrics", { Dimensions: [{ Name: "a", Value: "9" }] })).Metrics, []);
    assert.deepEqual((await t.call("ListMetrics", {}, t.other)).Metrics, []);
    const stats = await t.call("GetMetricStatistics", {
      Namespace: "App",
      MetricName: "M",
      Dimensions: [
        { Name: "a", Value: "1" },
        { Name: "b", Value: "2" },
      ],
      StartTime: (T0 - MIN) / 1000,
      EndTime: (T0 + MIN) / 1000,
      Period: 60,
      Statistics: ["Sum"],
    });
    assert.equal(stats.Datapoints.length, 1);
  });

  it("answers AWS's errors", async () => {
    const t = newCloudWatch();
    await t.fails(
      "PutMetricData",
      { Namespace: "AWS/EC2", MetricData: [{ MetricName: "M", Value: 1 }] },
      "InvalidParameterValue",
      "The value AWS/EC2 for parameter Namespace is invalid.",
    );
    await t.fails(
      "PutMetricData",
      { Namespace: "A", MetricData: [{ MetricName: "M", Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }] },
      "InvalidParameterCombination",
      "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
    );
    await t.fails(
      "PutMetricData",
      { Namespace: "A", MetricData: [{ MetricName: "M", Value: 1, Timestamp: (T0 + 3 * 3_600_000) / 1000 }] },
      "InvalidParameterValue",
      /two hours in the future/,
    );
    await t.fails(
      "PutMetricData",
      { Namespace: "A", MetricData: [{ MetricName: "M", Value: 1, Unit: "Furlongs" }] },
      "ValidationError",
      /at 'metricData.1.member.unit' failed to satisfy constraint: Member must satisfy enum value set/,
    );
    await t.fails("PutMetricData", { Namespace: "A", MetricData: [{ MetricName: "M", Value: true }] }, "SerializationException");
    await t.fails("PutMetricData", { Namespace: "A", MetricData: [{ MetricName: "M", Value: "x" }] }, "ValidationError", /Member must be a number/);
    const base = { Namespace: "A", MetricName: "M", StartTime: T0 / 1000, EndTime: T0 / 1000 + 86_400 * 2, Period: 60, Statistics: ["Sum"] };
    await t.fails(
      "GetMetricStatistics",
      base,
      "InvalidParameterCombination",
      "You have requested up to 2,880 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
    );
    await t.fails(
      "GetMetricStatistics",
      { ...base, EndTime: T0 / 1000 - 60 },
      "InvalidParameterValue",
      "The parameter StartTime must be less than the parameter EndTime.",
    );
    await t.fails("GetMetricStatistics", { ...base, Period: 61 }, "InvalidParameterValue", "The parameter Period must be a multiple of 60.");
    await t.fails("ListMetrics", { NextToken: "garbage" }, "InvalidNextToken");
    // A bad datum refuses the whole request: nothing of the good ones before it is stored.
    await t.fails(
      "PutMetricData",
      {
        Namespace: "Partial",
        MetricData: [
          { MetricName: "Good", Value: 1 },
          { MetricName: "Bad", Value: 1, StorageResolution: 5 },
        ],
      },
      "InvalidParameterValue",
    );
    assert.deepEqual((await t.call("ListMetrics", { Namespace: "Partial" })).Metrics, []);
  });

  it("Query-protocol strings are coerced by the model's types", async () => {
    const t = newCloudWatch();
    await t.call("PutMetricData", { Namespace: "Q", MetricData: [{ MetricName: "M", Value: "2.5", Timestamp: new Date(T0).toISOString() }] });
    const out = await t.call("GetMetricStatistics", {
      Namespace: "Q",
      MetricName: "M",
      StartTime: "2025-12-31T23:59:00Z",
      EndTime: "2026-01-01T00:01:00Z",
      Period: "60",
      Statistics: ["Maximum"],
    });
    assert.equal(out.Datapoints[0].Maximum, 2.5);
  });
});

describe("GetMetricData", () => {
  it("stat queries and expressions, newest first, with ReturnData false hidden", async () => {
    const t = newCloudWatch();
    t.clock.set(T0 + 5 * MIN);
    for (let i = 0; i < 4; i++) {
      await t.call("PutMetricData", {
        Namespace: "N",
        MetricData: [
          { MetricName: "A", Value: i, Timestamp: new Date(T0 + i * MIN) },
          { MetricName: "B", Value: 10, Timestamp: new Date(T0 + i * MIN) },
        ],
      });
    }
    const stat = (Id: string, MetricName: string, ReturnData = false) => ({
      Id,
      ReturnData,
      MetricStat: { Metric: { Namespace: "N", MetricName }, Period: 60, Stat: "Sum" },
    });
    const out = await t.call("GetMetricData", {
      MetricDataQueries: [
        stat("a", "A", true),
        stat("b", "B"),
        { Id: "total", Expression: "SUM([a, b])" },
        { Id: "r", Expression: "RATE(a) * 60", Label: "per minute" },
        { Id: "x", Expression: "(a + b) / 2" },
      ],
      StartTime: T0 / 1000,
      EndTime: (T0 + 5 * MIN) / 1000,
    });
    const byId = Object.fromEntries(out.MetricDataResults.map((r: { Id: string }) => [r.Id, r]));
    assert.deepEqual(Object.keys(byId), ["a", "total", "r", "x"]);
    assert.deepEqual(byId.a.Values, [3, 2, 1, 0]);
    assert.deepEqual(
      byId.a.Timestamps.map((d: Date) => d.getTime()),
      [T0 + 3 * MIN, T0 + 2 * MIN, T0 + MIN, T0],
    );
    assert.deepEqual(byId.total.Values, [13, 12, 11, 10]);
    assert.deepEqual(byId.r.Values, [1, 1, 1]);
    assert.equal(byId.r.Label, "per minute");
    assert.deepEqual(byId.x.Values, [6.5, 6, 5.5, 5]);
    assert.equal(byId.a.StatusCode, "Complete");

    const paged = await t.call("GetMetricData", {
      MetricDataQueries: [stat("a", "A", true)],
      StartTime: T0 / 1000,
      EndTime: (T0 + 5 * MIN) / 1000,
      MaxDatapoints: 3,
      ScanBy: "TimestampAscending",
    });
    assert.deepEqual(paged.MetricDataResults[0].Values, [0, 1, 2]);
    assert.equal(paged.MetricDataResults[0].StatusCode, "PartialData");
    const rest = await t.call("GetMetricData", {
      MetricDataQueries: [stat("a", "A", true)],
      StartTime: T0 / 1000,
      EndTime: (T0 + 5 * MIN) / 1000,
      MaxDatapoints: 3,
      ScanBy: "TimestampAscending",
      NextToken: paged.NextToken,
    });
    assert.deepEqual(rest.MetricDataResults[0].Values, [3]);
    assert.equal(rest.NextToken, undefined);
  });

  it("refuses functions it does not run, duplicate ids and bad ids", async () => {
    const t = newCloudWatch();
    const q = { StartTime: T0 / 1000, EndTime: T0 / 1000 + 600 };
    await t.fails(
      "GetMetricData",
      { ...q, MetricDataQueries: [{ Id: "e", Expression: "ANOMALY_DETECTION_BAND(m)" }] },
      "ValidationError",
      /Error in expression e: Unsupported function ANOMALY_DETECTION_BAND/,
    );
    await t.fails(
      "GetMetricData",
      {
        ...q,
        MetricDataQueries: [
          { Id: "e", Expression: "1" },
          { Id: "e", Expression: "2" },
        ],
      },
      "ValidationError",
      /not unique/,
    );
    await t.fails("GetMetricData", { ...q, MetricDataQueries: [{ Id: "E1", Expression: "1" }] }, "ValidationError", /must start with a lowercase letter/);
    await t.fails(
      "GetMetricData",
      {
        ...q,
        MetricDataQueries: [
          { Id: "e", Expression: "f" },
          { Id: "f", Expression: "e" },
        ],
      },
      "ValidationError",
      /Circular|Unrecognized/,
    );
  });
});
