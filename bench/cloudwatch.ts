/**
 * CloudWatch benchmarks, in process (the pipeline's HTTP cost is measured by the logs benchmark):
 * PutLogEvents throughput with no metric filters and with five on the group (the ingest cost of
 * publishing), and GetMetricData over one day of one-minute points for 100 metrics.
 */
import { ManualClock } from "../src/cloud/clock.js";
import type { CloudWatchService } from "../src/cloud/cloudwatch/service.js";
import type { PointRow } from "../src/cloud/cloudwatch/metric-store.js";
import type { RequestContext, ServiceDefinition } from "../src/cloud/service.js";
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
  const ctx: RequestContext = { account: "000000000000", region: "us-east-1", requestId: "bench", principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true }, clock };
  const call = async (service: ServiceDefinition, op: string, input: unknown) => (service.operations[op] as (i: unknown, c: RequestContext) => unknown)(input, ctx);
  return { clock, logs: by("logs"), cw: by("monitoring") as CloudWatchService, ctx, call };
}

/** Events per second through PutLogEvents, 7,000-event batches (1 MiB) of flow records, median of rounds. */
async function ingestRate(filters: number): Promise<number> {
  const start = Date.now() - 60 * MIN;
  const c = cloud(start + 30 * MIN);
  await c.call(c.logs, "CreateLogGroup", { logGroupName: "g" });
  await c.call(c.logs, "CreateLogStream", { logGroupName: "g", logStreamName: "s" });
  for (const f of FILTERS.slice(0, filters)) {
    await c.call(c.logs, "PutMetricFilter", { logGroupName: "g", filterName: f.filterName, filterPattern: f.filterPattern, metricTransformations: [{ metricName: f.filterName, metricNamespace: "Flow", metricValue: f.metricValue }] });
  }
  const random = prng(11);
  const batches = Array.from({ length: 8 }, (_, b) =>
    Array.from({ length: 7_000 }, (_, i) => ({ timestamp: start + b * MIN + Math.floor(i / 200) * 1000, message: formatRecord(syntheticRecord(random, b * 7_000 + i), DEFAULT_FORMAT) })),
  );
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    for (const batch of batches) await c.call(c.logs, "PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: batch });
    rates.push((batches.length * 7_000) / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(rates.slice(1));
}

/** GetMetricData for 100 metrics x 1,440 one-minute points (144,000 values), median wall time. */
async function getMetricDataMs(): Promise<number> {
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
    MetricDataQueries: Array.from({ length: 100 }, (_, m) => ({ Id: `m${m}`, MetricStat: { Metric: { Namespace: "Bench", MetricName: "Rejects", Dimensions: [{ Name: "Eni", Value: `eni-${m}` }] }, Period: 60, Stat: "Sum" } })),
  };
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = process.hrtime.bigint();
    // AWS answers at most 100,800 points a call: the day of 144,000 takes two pages, both timed.
    let points = 0;
    let token: string | undefined;
    do {
      const out = (await c.call(c.cw, "GetMetricData", { ...input, ...(token === undefined ? {} : { NextToken: token }) })) as { MetricDataResults: Array<{ Values: number[] }>; NextToken?: string };
      points += out.MetricDataResults.reduce((s, r) => s + r.Values.length, 0);
      token = out.NextToken;
    } while (token !== undefined);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (points !== 144_000) throw new Error(`GetMetricData answered ${points} points, expected 144000`);
  }
  return median(times.slice(1));
}

export async function benchCloudWatch(): Promise<Figure[]> {
  const bare = await ingestRate(0);
  const five = await ingestRate(5);
  const cost = (1 - five / bare) * 100;
  const gmd = await getMetricDataMs();
  return [
    { name: "cloudwatch: PutLogEvents, no metric filters (in memory)", value: Math.round(bare), unit: "events/s" },
    { name: "cloudwatch: PutLogEvents, five metric filters publishing", value: Math.round(five), unit: "events/s" },
    { name: "cloudwatch: ingest cost of five metric filters", value: Math.round(cost * 10) / 10, unit: "%", note: "target <= 20%" },
    { name: "cloudwatch: GetMetricData, 100 metrics x 1,440 one-minute points (2 pages)", value: Math.round(gmd), unit: "ms", note: "target <= 200 ms" },
  ];
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  for (const f of await benchCloudWatch()) console.log(`${f.name}: ${f.value} ${f.unit}${f.note ? ` (${f.note})` : ""}`);
}
