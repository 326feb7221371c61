/**
 * Random CloudWatch requests in all three protocols (RPC v2 CBOR, JSON 1.0, Query) with the service's own
 * member names: every answer is a 2xx or AWS's 4xx, never a 5xx, and the server stays up.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { LocalCloud } from "../cloud.js";
import { encodeCbor } from "../protocol/cbor.js";

const OPERATIONS = [
  "PutMetricData",
  "GetMetricData",
  "GetMetricStatistics",
  "ListMetrics",
  "PutMetricAlarm",
  "DescribeAlarms",
  "DescribeAlarmsForMetric",
  "DeleteAlarms",
  "SetAlarmState",
  "DescribeAlarmHistory",
  "EnableAlarmActions",
  "DisableAlarmActions",
  "TagResource",
  "UntagResource",
  "ListTagsForResource",
];
const MEMBERS = [
  "Namespace",
  "MetricName",
  "Dimensions",
  "Name",
  "Value",
  "Values",
  "Counts",
  "MetricData",
  "Timestamp",
  "Unit",
  "StatisticValues",
  "SampleCount",
  "Sum",
  "Minimum",
  "Maximum",
  "StorageResolution",
  "MetricDataQueries",
  "Id",
  "Expression",
  "MetricStat",
  "Metric",
  "Period",
  "Stat",
  "Label",
  "ReturnData",
  "StartTime",
  "EndTime",
  "NextToken",
  "ScanBy",
  "MaxDatapoints",
  "Statistics",
  "ExtendedStatistics",
  "AlarmName",
  "AlarmNames",
  "AlarmNamePrefix",
  "ComparisonOperator",
  "EvaluationPeriods",
  "DatapointsToAlarm",
  "Threshold",
  "TreatMissingData",
  "AlarmActions",
  "OKActions",
  "ActionsEnabled",
  "StateValue",
  "StateReason",
  "StateReasonData",
  "HistoryItemType",
  "MaxRecords",
  "ResourceARN",
  "Tags",
  "TagKeys",
  "Key",
  "Metrics",
  "RecentlyActive",
];

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "",
    "Sum",
    "p99",
    "p200",
    "ALARM",
    "breaching",
    "GreaterThanThreshold",
    "m1",
    "m1 * 2",
    "RATE(m1)",
    "SUM(METRICS())",
    "AWS/EC2",
    "arn:flowwatch:webhook:::http://127.0.0.1:9/x",
    "a".repeat(300),
  ),
  fc.integer(),
  fc.constantFrom(0, -1, 60, 86_400, 2 ** 53, 1e308, -1e308, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...MEMBERS), tie("v"), { maxKeys: 4 })),
})).v;

/** The same input in one protocol's body and headers. */
function request(
  protocol: "cbor" | "json" | "query" | "garbage",
  op: string,
  input: Record<string, unknown>,
): { path: string; headers: Record<string, string>; body: Buffer } {
  if (protocol === "cbor") {
    return {
      path: `/service/GraniteServiceVersion20100801/operation/${op}`,
      headers: { "smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor" },
      body: encodeCbor(input),
    };
  }
  if (protocol === "garbage") {
    return {
      path: `/service/GraniteServiceVersion20100801/operation/${op}`,
      headers: { "smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor" },
      body: Buffer.from(JSON.stringify(input)).subarray(1),
    };
  }
  if (protocol === "json") {
    const body = JSON.stringify(input, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
    return {
      path: "/",
      headers: { "x-amz-target": `GraniteServiceVersion20100801.${op}`, "content-type": "application/x-amz-json-1.0" },
      body: Buffer.from(body),
    };
  }
  const form = new URLSearchParams({ Action: op, Version: "2010-08-01" });
  const flatten = (prefix: string, v: unknown) => {
    if (Array.isArray(v))
      v.forEach((item, i) => {
        flatten(`${prefix}.member.${i + 1}`, item);
      });
    else if (v !== null && typeof v === "object") for (const [k, inner] of Object.entries(v)) flatten(prefix === "" ? k : `${prefix}.${k}`, inner);
    else form.append(prefix, String(v));
  };
  flatten("", input);
  return { path: "/", headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from(form.toString()) };
}

test("random CloudWatch requests in CBOR, JSON 1.0 and Query never get a 5xx", async () => {
  const bugs: unknown[] = [];
  const cloud = new LocalCloud({ memory: true, port: 0, onBug: (e) => bugs.push(e) });
  await cloud.start();
  const statuses = new Map<number, number>();
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("cbor", "json", "query", "garbage" as const),
        fc.constantFrom(...OPERATIONS),
        fc.dictionary(fc.constantFrom(...MEMBERS), value, { maxKeys: 6 }),
        async (protocol, op, input) => {
          const r = request(protocol, op, input);
          // Unsigned: relaxed mode takes it for the default account's root, so validation is what answers.
          const response = await fetch(`${cloud.endpoint}${r.path}`, { method: "POST", headers: r.headers, body: r.body });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          assert.ok(response.status < 500, `${protocol} ${op} answered ${response.status} to ${JSON.stringify(input).slice(0, 300)}`);
        },
      ),
      {
        numRuns: 800,
        seed: 20261127,
        // Found by other seeds: a null member or list item once reached the handlers (500).
        examples: [
          ["cbor", "DescribeAlarms", { NextToken: null }],
          ["json", "DescribeAlarmHistory", { NextToken: null }],
          ["json", "PutMetricData", { Namespace: "N", MetricData: [null] }],
          ["cbor", "GetMetricData", { MetricDataQueries: [{ Id: "m1", Expression: null }], StartTime: 0, EndTime: 60 }],
        ],
      },
    );
    assert.deepEqual(bugs, []);
    assert.equal((await fetch(`${cloud.endpoint}/_flowwatch/health`)).status, 200);
    assert.ok((statuses.get(200) ?? 0) > 0, `some requests succeed: ${JSON.stringify([...statuses])}`);
  } finally {
    await cloud.stop();
  }
});
