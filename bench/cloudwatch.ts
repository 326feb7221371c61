/**
 * CloudWatch benchmarks: PutLogEvents throughput into a group without metric filters and one with
 * five (the ingest cost of publishing), in process and over HTTP; GetMetricData over one day of
 * one-minute points for 100 metrics.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalCloud } from "../src/cloud/cloud.js";
import { ManualClock } from "../src/cloud/clock.js";
import { type CloudWatchService, createCloudWatchService } from "../src/cloud/cloudwatch/service.js";
import type { MetricMinute } from "../src/cloud/logs/metric-filter-ingest.js";
import { createLogsService } from "../src/cloud/logs/service.js";
import type { PointRow } from "../src/cloud/cloudwatch/metric-store.js";
import { invokeOperation, type RequestContext, type ServiceDefinition } from "../src/cloud/service.js";
import { createServices } from "../src/cloud/services.js";
import { Store } from "../src/cloud/store/store.js";
import { DEFAULT_FORMAT, formatRecord } from "../src/flowlog/index.js";
import { prng, syntheticRecord } from "./flow-lines.js";
import { type Figure, median } from "./measure.js";

const MIN = 60_000;
const FIELDS = "[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action, flowlogstatus]";
/** Five filters a flow log group plausibly carries: rejects, SSH, RDP, bytes, no-data records. */
const FILTERS = [
  { filterName: "rejects", filterPattern: FIELDS.replace("action,", 'action="REJECT",'), metricValue: "1" },
  { filterName: "ssh", filterPattern: FIELDS.replace("destport,", "destport=22,"), metricValue: "1" },
  { filterName: "rdp", filterPattern: FIELDS.replace("destport,", "destport=3389,"), metricValue: "1" },
  { filterName: "bytes", filterPattern: FIELDS, metricValue: "$bytes" },
  { filterName: "nodata", filterPattern: "NODATA", metricValue: "1" },
];

function cloud(now: number) {
  const clock = new ManualClock(now);
  const services = createServices({ store: new Store({ memory: true }), clock });
  const by = (name: string) => services.find((s) => s.signingName === name) as ServiceDefinition;
  const ctx: RequestContext = {
    account: "000000000000",
    region: "us-east-1",
    requestId: "bench",
    principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true },
    clock,
  };
  const call = async (service: ServiceDefinition, op: string, input: unknown) => invokeOperation(service, op, input, ctx);
  return { clock, logs: by("logs"), cw: by("monitoring") as CloudWatchService, ctx, call };
}

/** 7,000-event batches (1 MiB) of default-format flow records, one minute apart. */
function flowBatches(count: number, start: number): Array<Array<{ timestamp: number; message: string }>> {
  const random = prng(11);
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: 7_000 }, (_, i) => ({
      timestamp: start + b * MIN + Math.floor(i / 200) * 1000,
      message: formatRecord(syntheticRecord(random, b * 7_000 + i), DEFAULT_FORMAT),
    })),
  );
}

export interface IngestComparison {
  /** Median events/s into the group without filters and into the group with five. */
  bare: number;
  five: number;
  /** Median over rounds of 1 - five/bare, each round timing both groups back to back (ABBA order). */
  cost: number;
}

/**
 * Two groups on one cloud, one with the five filters; each round times `perRound` batches into each,
 * the order alternating, so the machine's drifting load (a shared 2-core box) falls on both alike.
 */
async function compareIngest(rounds: number, perRound: number, put: (group: string, batch: number) => Promise<void>): Promise<IngestComparison> {
  const time = async (group: string, round: number) => {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < perRound; k++) await put(group, round * perRound + k);
    return (perRound * 7_000) / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
  await time("bare", 0);
  await time("five", 0);
  const bare: number[] = [];
  const five: number[] = [];
  const costs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    let b: number;
    let f: number;
    if (round % 2 === 0) {
      b = await time("bare", round);
      f = await time("five", round);
    } else {
      f = await time("five", round);
      b = await time("bare", round);
    }
    bare.push(b);
    five.push(f);
    costs.push((1 - f / b) * 100);
  }
  return { bare: median(bare), five: median(five), cost: median(costs) };
}

async function createGroups(call: (operation: string, input: unknown) => Promise<unknown>): Promise<void> {
  for (const group of ["bare", "five"]) {
    await call("CreateLogGroup", { logGroupName: group });
    await call("CreateLogStream", { logGroupName: group, logStreamName: "s" });
  }
  for (const f of FILTERS) {
    await call("PutMetricFilter", {
      logGroupName: "five",
      filterName: f.filterName,
      filterPattern: f.filterPattern,
      metricTransformations: [{ metricName: f.filterName, metricNamespace: "Flow", metricValue: f.metricValue }],
    });
  }
}

/** PutLogEvents in process, in memory: the service's own cost, with no HTTP or disk around it. */
export async function ingestInProcess(): Promise<IngestComparison> {
  const start = Date.now() - 60 * MIN;
  const c = cloud(start + 30 * MIN);
  await createGroups((op, input) => c.call(c.logs, op, input));
  const batches = flowBatches(8, start);
  return compareIngest(12, 4, async (group, b) => {
    await c.call(c.logs, "PutLogEvents", { logGroupName: group, logStreamName: "s", logEvents: batches[b % batches.length] });
  });
}

/**
 * Where five filters' time goes, per event: evaluating the patterns into per-minute statistic sets
 * (the Logs service's MetricFilterIngest and the filter pattern engine) and publishing them (this
 * service's sink: metric ids and one row per metric and minute).
 */
async function ingestSplit(): Promise<{ evaluate: number; publish: number }> {
  const now = Date.now();
  const clock = new ManualClock(now);
  const store = new Store({ memory: true });
  const cw = createCloudWatchService({ store, clock });
  let minutes: readonly MetricMinute[] = [];
  const logs = createLogsService({ store, clock }, { metricFilterSinks: [{ receiveMinutes: (m) => (minutes = m) }] });
  const ctx: RequestContext = {
    account: "000000000000",
    region: "us-east-1",
    requestId: "bench",
    principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true },
    clock,
  };
  const call = async (op: string, input: unknown) => invokeOperation(logs, op, input, ctx);
  await call("CreateLogGroup", { logGroupName: "g" });
  for (const f of FILTERS)
    await call("PutMetricFilter", {
      logGroupName: "g",
      filterName: f.filterName,
      filterPattern: f.filterPattern,
      metricTransformations: [{ metricName: f.filterName, metricNamespace: "Flow", metricValue: f.metricValue }],
    });
  const random = prng(11);
  const events = Array.from({ length: 7_000 }, (_, i) => ({
    timestamp: now - 30 * MIN + Math.floor(i / 200) * 1000,
    message: formatRecord(syntheticRecord(random, i), DEFAULT_FORMAT),
  }));
  const evaluate: number[] = [];
  const publish: number[] = [];
  const sink = cw.metricFilterSink.receiveMinutes as NonNullable<typeof cw.metricFilterSink.receiveMinutes>;
  for (let round = 0; round < 6; round++) {
    let t0 = process.hrtime.bigint();
    for (let k = 0; k < 10; k++) logs.metricFilters.onIngest(ctx, "g", events);
    evaluate.push(Number(process.hrtime.bigint() - t0) / 1e3 / 70_000);
    t0 = process.hrtime.bigint();
    for (let k = 0; k < 10; k++) sink(minutes);
    publish.push(Number(process.hrtime.bigint() - t0) / 1e3 / 70_000);
  }
  return { evaluate: median(evaluate.slice(1)), publish: median(publish.slice(1)) };
}

/**
 * The same over HTTP into a LocalCloud with a data dir (what `flowwatch up` runs): JSON bodies built
 * beforehand, one keep-alive connection; the ingest throughput a client sees.
 */
export async function ingestOverHttp(): Promise<IngestComparison> {
  const dir = mkdtempSync(join(tmpdir(), "fw-cw-bench-"));
  const cloud = new LocalCloud({ dataDir: dir, port: 0, onWarning: () => undefined });
  await cloud.start();
  try {
    const post = async (operation: string, body: string) => {
      const res = await fetch(cloud.endpoint, {
        method: "POST",
        headers: { "x-amz-target": `Logs_20140328.${operation}`, "content-type": "application/x-amz-json-1.1" },
        body,
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${operation}: HTTP ${res.status} ${text.slice(0, 200)}`);
    };
    await createGroups((op, input) => post(op, JSON.stringify(input)));
    const rounds = 16;
    const perRound = 3;
    const batches = flowBatches((rounds + 1) * perRound, Date.now() - 60 * MIN);
    const bodies = new Map(
      ["bare", "five"].map((group) => [group, batches.map((logEvents) => JSON.stringify({ logGroupName: group, logStreamName: "s", logEvents }))]),
    );
    return await compareIngest(rounds, perRound, (group, b) => post("PutLogEvents", bodies.get(group)?.[b] as string));
  } finally {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GetMetricData for 100 metrics x 1,440 one-minute points (144,000 values), median wall time. */
export async function getMetricDataMs(): Promise<number> {
  const day = 1440 * MIN;
  const end = Math.floor(Date.now() / MIN) * MIN;
  const c = cloud(end);
  const rows: PointRow[] = [];
  for (let m = 0; m < 100; m++) {
    const id = c.cw.metrics.metricId(c.ctx, "Bench", "Rejects", [{ Name: "Eni", Value: `eni-${m}` }], end - MIN);
    for (let i = 0; i < 1440; i++) rows.push({ metricId: id, ts: end - day + i * MIN, count: 1, sum: i % 17, min: i % 17, max: i % 17, unit: "Count" });
  }
  c.cw.metrics.addPoints(rows);
  const input = {
    StartTime: new Date(end - day),
    EndTime: new Date(end),
    MetricDataQueries: Array.from({ length: 100 }, (_, m) => ({
      Id: `m${m}`,
      MetricStat: { Metric: { Namespace: "Bench", MetricName: "Rejects", Dimensions: [{ Name: "Eni", Value: `eni-${m}` }] }, Period: 60, Stat: "Sum" },
    })),
  };
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = process.hrtime.bigint();
    // AWS answers at most 100,800 points a call: the day of 144,000 takes two pages, both timed.
    let points = 0;
    let token: string | undefined;
    do {
      const out = (await c.call(c.cw, "GetMetricData", { ...input, ...(token === undefined ? {} : { NextToken: token }) })) as {
        MetricDataResults: Array<{ Values: number[] }>;
        NextToken?: string;
      };
      points += out.MetricDataResults.reduce((s, r) => s + r.Values.length, 0);
      token = out.NextToken;
    } while (token !== undefined);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (points !== 144_000) throw new Error(`GetMetricData answered ${points} points, expected 144000`);
  }
  return median(times.slice(1));
}

export async function benchCloudWatch(): Promise<Figure[]> {
  const local = await ingestInProcess();
  const http = await ingestOverHttp();
  const split = await ingestSplit();
  const gmd = await getMetricDataMs();
  const pct = (v: number) => Math.round(v * 10) / 10;
  return [
    {
      name: "cloudwatch: five metric filters, evaluating patterns (logs MetricFilterIngest)",
      value: Math.round(split.evaluate * 1000) / 1000,
      unit: "us/event",
      note: "one split per event shared by the four space-delimited filters",
    },
    {
      name: "cloudwatch: five metric filters, publishing minutes (cloudwatch sink)",
      value: Math.round(split.publish * 1000) / 1000,
      unit: "us/event",
      note: "a few statistic sets per batch, not an object per match",
    },
    { name: "cloudwatch: PutLogEvents in process, in memory, no metric filters", value: Math.round(local.bare), unit: "events/s" },
    { name: "cloudwatch: PutLogEvents in process, in memory, five metric filters publishing", value: Math.round(local.five), unit: "events/s" },
    {
      name: "cloudwatch: ingest cost of five metric filters, in process",
      value: pct(local.cost),
      unit: "%",
      note: "median of 12 paired rounds; without HTTP or disk, ingest is under 1 us/event, so evaluation weighs far more here than over HTTP",
    },
    { name: "cloudwatch: PutLogEvents over HTTP, data dir, no metric filters", value: Math.round(http.bare), unit: "events/s" },
    { name: "cloudwatch: PutLogEvents over HTTP, data dir, five metric filters publishing", value: Math.round(http.five), unit: "events/s" },
    { name: "cloudwatch: ingest cost of five metric filters, over HTTP", value: pct(http.cost), unit: "%", note: "median of 16 paired rounds; target <= 20%" },
    { name: "cloudwatch: GetMetricData, 100 metrics x 1,440 one-minute points (2 pages)", value: Math.round(gmd), unit: "ms", note: "target <= 200 ms" },
    { name: "cloudwatch: bench machine load (1-min average)", value: Number((os.loadavg()[0] ?? 0).toFixed(1)), unit: "", note: `${os.cpus().length} cores` },
  ];
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  for (const f of await benchCloudWatch()) console.log(`${f.name}: ${f.value} ${f.unit}${f.note ? ` (${f.note})` : ""}`);
}
