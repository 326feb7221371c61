/**
 * MetricFilterIngest against a naive reference (each filter on its own, `matches` + `valueOf` per
 * event, as the hook once ran): the same data points one by one, and the same sums per minute.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MetricFilter } from "@aws-sdk/client-cloudwatch-logs";
import { compile } from "../../filterpattern/index.js";
import { newLogs } from "../../../test/support/logs-harness.js";
import type { MetricMinute, MetricObservation } from "./metric-filter-ingest.js";

const FIELDS = "[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action, flowlogstatus]";
const T0 = Date.UTC(2026, 0, 1) - 10 * 60_000;
const flow = (src: string, port: string, bytes: string, action: string) =>
  `2 123456789010 eni-0a1b ${src} 10.0.1.5 40000 ${port} 6 3 ${bytes} 1767225000 1767225060 ${action} OK`;

/** Filters covering each way a value and dimensions are read. */
const FILTERS: MetricFilter[] = [
  {
    filterName: "rejects",
    filterPattern: FIELDS.replace("action,", 'action="REJECT",'),
    metricTransformations: [{ metricName: "Rejects", metricNamespace: "Flow", metricValue: "1", defaultValue: 0 }],
  },
  {
    filterName: "bytes",
    filterPattern: FIELDS,
    metricTransformations: [{ metricName: "Bytes", metricNamespace: "Flow", metricValue: "$bytes", unit: "Bytes" }],
  },
  {
    filterName: "by-source",
    filterPattern: FIELDS.replace("destport,", "destport=22,"),
    metricTransformations: [{ metricName: "Ssh", metricNamespace: "Flow", metricValue: "$packets", dimensions: { Source: "$source", Action: "$action" } }],
  },
  {
    filterName: "tail",
    filterPattern: "[version, ..., action, status]",
    metricTransformations: [{ metricName: "Tail", metricNamespace: "Flow", metricValue: "$2" }],
  },
  {
    filterName: "nodata",
    filterPattern: "NODATA",
    metricTransformations: [{ metricName: "NoData", metricNamespace: "Flow", metricValue: "2.5", defaultValue: 7 }],
  },
  {
    filterName: "json",
    filterPattern: "{ $.latency > 0 }",
    metricTransformations: [{ metricName: "Latency", metricNamespace: "App", metricValue: "$.latency", dimensions: { Path: "$.path" } }],
  },
  // Same metric as "rejects": the sink merges the two filters' minutes.
  { filterName: "rejects-too", filterPattern: "REJECT", metricTransformations: [{ metricName: "Rejects", metricNamespace: "Flow", metricValue: "1" }] },
];

/** Events over three minutes, with values AWS reads with Number(): decimals, hex, blanks, signs, "-". */
const EVENTS = [
  flow("198.51.100.7", "22", "180", "REJECT"),
  flow("198.51.100.7", "22", "0180", "ACCEPT"),
  flow("198.51.100.8", "443", "1.5e3", "ACCEPT"),
  flow("198.51.100.8", "22", "0x10", "REJECT"),
  flow("198.51.100.9", "80", "-", "REJECT"),
  flow("198.51.100.9", "80", "+42", "ACCEPT"),
  flow("198.51.100.9", "80", "9007199254740993", "ACCEPT"),
  flow("198.51.100.9", "80", '""', "ACCEPT"),
  flow("198.51.100.9", "80", ".5", "ACCEPT"),
  "2 123456789010 eni-0a1b - - - - - - - 1767225000 1767225060 - NODATA",
  '{"latency": 12.5, "path": "/a"}',
  '{"latency": 3, "path": "/b"}',
  '{"latency": 4}',
  "a short line",
].map((message, i) => ({ timestamp: T0 + i * 17_000, message }));

/** The hook as it was: each filter alone, every event matched and read through the Matcher's string API. */
function reference(filters: MetricFilter[], events: typeof EVENTS): MetricObservation[] {
  const out: MetricObservation[] = [];
  for (const f of filters) {
    const t = (f.metricTransformations ?? [])[0] as NonNullable<MetricFilter["metricTransformations"]>[number];
    const m = compile(f.filterPattern as string);
    const base = {
      account: "000000000000",
      region: "us-east-1",
      logGroupName: "g",
      filterName: f.filterName as string,
      metricNamespace: t.metricNamespace as string,
      metricName: t.metricName as string,
      ...(t.unit ? { unit: t.unit } : {}),
    };
    const literal = (t.metricValue as string).startsWith("$") ? undefined : Number(t.metricValue);
    let matched = false;
    for (const e of events) {
      if (!m.matches(e.message)) continue;
      matched = true;
      const value = literal ?? Number(m.valueOf(e.message, t.metricValue as string) ?? Number.NaN);
      if (!Number.isFinite(value)) continue;
      const entries = Object.entries(t.dimensions ?? {}).map(([k, ref]) => [k, m.valueOf(e.message, ref)] as const);
      if (entries.some(([, v]) => v === undefined)) continue;
      out.push({ ...base, timestamp: e.timestamp, value, ...(entries.length ? { dimensions: Object.fromEntries(entries) as Record<string, string> } : {}) });
    }
    if (!matched && t.defaultValue !== undefined) out.push({ ...base, timestamp: (events.at(-1) as { timestamp: number }).timestamp, value: t.defaultValue });
  }
  return out;
}

/** Observations summed per (filter, dimensions, minute), as MetricMinute spells them. */
function sums(observations: readonly MetricObservation[]): Record<string, number[]> {
  const out: Record<string, [number, number, number, number, number]> = {};
  for (const o of observations) {
    const key = `${o.filterName} ${JSON.stringify(o.dimensions ?? {})} ${o.timestamp - (o.timestamp % 60_000)}`;
    const [count, sum, min, max, latest] = out[key] ?? [0, 0, Infinity, -Infinity, 0];
    out[key] = [count + 1, sum + o.value, Math.min(min, o.value), Math.max(max, o.value), Math.max(latest, o.timestamp)];
  }
  return out;
}

function ingest(filters: MetricFilter[], events: typeof EVENTS) {
  const minutes: MetricMinute[] = [];
  const observations: MetricObservation[] = [];
  const t = newLogs({ metricFilterSinks: [{ receiveMinutes: (m) => minutes.push(...m) }, { receive: (o) => observations.push(...o) }] });
  t.call("CreateLogGroup", { logGroupName: "g" });
  for (const f of filters) t.call("PutMetricFilter", { logGroupName: "g", ...f });
  const returned = t.service.metricFilters.onIngest(t.ctx, "g", events);
  return { minutes, observations, returned };
}

describe("MetricFilterIngest", () => {
  it("gives one-by-one sinks exactly the reference's data points, filter by filter", () => {
    const { observations, returned } = ingest(FILTERS, EVENTS);
    const sorted = [...FILTERS].sort((a, b) => ((a.filterName as string) < (b.filterName as string) ? -1 : 1));
    assert.deepEqual(observations, reference(sorted, EVENTS));
    assert.deepEqual(returned, observations);
    // Spot checks of the Number() semantics kept: "0180" is 180, "0x10" is 16, '""' is 0, "-" is no data point.
    assert.deepEqual(
      observations.filter((o) => o.filterName === "bytes").map((o) => o.value),
      [180, 180, 1500, 16, 42, 9007199254740992, 0, 0.5],
    );
  });

  it("sums the same data points per filter, dimension values and minute for minute sinks", () => {
    const { minutes, observations } = ingest(FILTERS, EVENTS);
    const got: Record<string, number[]> = {};
    for (const m of minutes)
      got[`${m.metric.filterName} ${JSON.stringify(m.dimensions ?? {})} ${m.minute}`] = [m.sampleCount, m.sum, m.minimum, m.maximum, m.latest];
    assert.deepEqual(got, sums(observations));
    assert.ok(minutes.every((m) => m.minute % 60_000 === 0));
  });

  it("sums events out of time order and a batch without matches (defaultValue)", () => {
    const shuffled = [EVENTS[5], EVENTS[0], EVENTS[11], EVENTS[3], EVENTS[10]].map((e) => e as (typeof EVENTS)[number]);
    const { minutes, observations } = ingest(FILTERS, shuffled);
    const got: Record<string, number[]> = {};
    for (const m of minutes)
      got[`${m.metric.filterName} ${JSON.stringify(m.dimensions ?? {})} ${m.minute}`] = [m.sampleCount, m.sum, m.minimum, m.maximum, m.latest];
    assert.deepEqual(got, sums(observations));
    const nodata = observations.filter((o) => o.filterName === "nodata");
    assert.deepEqual(
      nodata.map((o) => [o.timestamp, o.value]),
      [[(EVENTS[10] as { timestamp: number }).timestamp, 7]],
    );
  });

  it("publishes nothing, and builds nothing, without sinks", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.call("PutMetricFilter", { logGroupName: "g", ...(FILTERS[0] as MetricFilter) });
    assert.deepEqual(t.service.metricFilters.onIngest(t.ctx, "g", EVENTS), []);
  });
});
