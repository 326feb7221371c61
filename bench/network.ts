/** The data plane's figures: aggregator throughput (target >= 1M observations/s), scenario generation, enrichment. */
import { DEFAULT_FORMAT, V5_FORMAT, formatRecord } from "../src/flowlog/index.js";
import { FlowAggregator } from "../src/network/aggregator.js";
import { FlowEnricher, type InterfaceMetadata } from "../src/network/enrich.js";
import type { Observation } from "../src/network/observation.js";
import { type ScenarioInterface, incident } from "../src/network/scenarios/index.js";
import { type Figure, medianSeconds } from "./measure.js";

const OBSERVATIONS = 500_000;
const INTERFACES = 50;
const RUNS = 3;
const START = Date.UTC(2026, 0, 1);

function vpc(): ScenarioInterface[] {
  const roles = ["web", "app", "database", "dns", "bastion"] as const;
  return Array.from({ length: INTERFACES }, (_, i) => ({
    interfaceId: `eni-${(0x10000000000000000n + BigInt(i)).toString(16).slice(1)}`,
    privateIp: `10.0.${1 + (i >> 6)}.${10 + (i & 63)}`,
    roles: [roles[i % roles.length] as (typeof roles)[number]],
    openPorts: [22, 80, 443],
  }));
}

export async function benchNetwork(): Promise<Figure[]> {
  const interfaces = vpc();
  // A web rate of 200 connections/s gives the incident mix about 5,000 observations a second of traffic.
  const options = { seed: 1, start: START, end: START + 24 * 3_600_000, rate: 200 };
  const observations: Observation[] = [];
  const generation = process.hrtime.bigint();
  for (const o of incident(interfaces, options)) {
    observations.push(o);
    if (observations.length === OBSERVATIONS) break;
  }
  const generated = Number(process.hrtime.bigint() - generation) / 1e9;
  const simulated = ((observations[observations.length - 1] as Observation).time - START) / 1000;

  let windows = 0;
  let records = 0;
  const aggregate = (interval: 60 | 600) => {
    const agg = new FlowAggregator({ defaultInterval: interval });
    for (const i of interfaces) agg.monitor(i.interfaceId, { aggregationInterval: interval, since: START });
    for (let i = 0; i < observations.length; i++) agg.add(observations[i] as Observation);
    const closed = agg.flush(START + simulated * 1000 + 1000);
    windows = closed.length;
    records = closed.reduce((n, w) => n + w.records.length, 0);
    return closed;
  };
  const seconds60 = medianSeconds(RUNS, () => void aggregate(60));
  const records60 = records;
  const seconds600 = medianSeconds(RUNS, () => void aggregate(600));

  // The same count of observations over 10,000 long-lived flows: the hot path without flow creation.
  const steady: Observation[] = Array.from({ length: OBSERVATIONS }, (_, n) => {
    const template = observations[n % 10_000] as Observation;
    return { ...template, time: START + Math.floor((n / OBSERVATIONS) * 600_000) };
  });
  const steadySeconds = medianSeconds(RUNS, () => {
    const agg = new FlowAggregator({ defaultInterval: 600 });
    for (let i = 0; i < steady.length; i++) agg.add(steady[i] as Observation);
    agg.flush(START + 600_000);
  });

  const closed = aggregate(60);
  const meta = new Map<string, InterfaceMetadata>(
    interfaces.map((i) => [
      i.interfaceId,
      {
        interfaceId: i.interfaceId,
        accountId: "000000000000",
        vpcId: "vpc-0123456789abcdef0",
        subnetId: "subnet-0123456789abcdef0",
        instanceId: "i-0123456789abcdef0",
        region: "us-east-1",
        azId: "use1-az1",
        privateIp: i.privateIp,
        vpcCidrs: ["10.0.0.0/16"],
      },
    ]),
  );
  const enricher = new FlowEnricher();
  let sink = 0;
  const enrichSeconds = medianSeconds(RUNS, () => {
    for (const window of closed) {
      const iface = meta.get(window.interfaceId) as InterfaceMetadata;
      for (const flow of window.records)
        sink +=
          formatRecord(enricher.record(flow, iface, V5_FORMAT.version), V5_FORMAT).length +
          formatRecord(enricher.record(flow, iface, 2), DEFAULT_FORMAT).length;
    }
  });
  if (sink === 0) throw new Error("unreachable: keeps the loop from being optimised away");

  return [
    {
      name: "network aggregator, 60 s windows",
      value: OBSERVATIONS / seconds60,
      unit: "observations/s",
      note: `target >= 1,000,000; ${INTERFACES} interfaces, ${records60.toLocaleString("en-US")} records in ${windows.toLocaleString("en-US")} windows`,
    },
    { name: "network aggregator, 600 s windows", value: OBSERVATIONS / seconds600, unit: "observations/s", note: "target >= 1,000,000" },
    { name: "network aggregator, 10,000 long-lived flows", value: OBSERVATIONS / steadySeconds, unit: "observations/s", note: "target >= 1,000,000" },
    {
      name: "network scenario generation (incident mix)",
      value: OBSERVATIONS / generated,
      unit: "observations/s",
      note: `${(simulated / generated).toFixed(0)}x real time for ${INTERFACES} interfaces`,
    },
    { name: "network enrich + format (v5 and default)", value: (2 * records60) / enrichSeconds, unit: "records/s" },
  ];
}
