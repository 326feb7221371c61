/**
 * The detections over scenario traffic made as `flowwatch traffic --backfill` makes it (scenario, aggregator,
 * enrichment, default format), decoded as `flowwatch watch` decodes it: in-process, seeded, no server.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_FORMAT, formatRecord } from "../../flowlog/index.js";
import { runQuerySync } from "../../insights/index.js";
import { FlowAggregator } from "../../network/aggregator.js";
import { FlowEnricher } from "../../network/enrich.js";
import type { ClosedWindow, Observation } from "../../network/observation.js";
import { baseline, exfiltration, mergeByTime, portScan, type Scenario, type ScenarioInterface, sshBruteForce } from "../../network/scenarios/index.js";
import type { Alert } from "../alert.js";
import { FlowDecoder, type FlowView } from "../flow-view.js";
import { DetectionEngine, defaultDetectionConfig } from "./engine.js";

const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const HOURS = 3;
// As `flowwatch traffic` passes them: the running instances a flow log covers, with no roles.
const VPC: ScenarioInterface[] = [
  { interfaceId: "eni-0a11", privateIp: "10.0.0.11", publicIp: "127.101.0.1" },
  { interfaceId: "eni-0b12", privateIp: "10.0.0.12", publicIp: "127.101.0.2" },
];
/** `flowwatch traffic`'s default rate and seed; the attacks at the rates of the `incident` mix. */
const RATE = 2;
const SEED = 1;
const ATTACK = { start: START + 90 * MINUTE, end: START + 100 * MINUTE };

/** One poll's worth of events per delivery: a flow log's windows as they close, like the backfill. */
function* deliveries(observations: Iterable<Observation>, end: number, interval: 60 | 600): Generator<FlowView[]> {
  const aggregator = new FlowAggregator({ defaultInterval: interval });
  for (const i of VPC) aggregator.monitor(i.interfaceId, { aggregationInterval: interval, since: START });
  const enricher = new FlowEnricher();
  const decoder = new FlowDecoder(DEFAULT_FORMAT);
  let id = 0;
  const deliver = (windows: ClosedWindow[]) =>
    windows
      .flatMap((w) => {
        const iface = VPC.find((i) => i.interfaceId === w.interfaceId) as ScenarioInterface;
        const metadata = {
          ...iface,
          accountId: "000000000000",
          vpcId: "vpc-0a1",
          subnetId: "subnet-0a1",
          instanceId: `i-${iface.interfaceId}`,
          region: "us-east-1",
          azId: "use1-az1",
        };
        return w.records.map((flow) =>
          decoder.decode({
            eventId: String(id++),
            timestamp: flow.start * 1000,
            ingestionTime: w.end * 1000,
            logStreamName: `${iface.interfaceId}-all`,
            message: formatRecord(enricher.record(flow, metadata, DEFAULT_FORMAT.version), DEFAULT_FORMAT),
          }),
        );
      })
      .sort((a, b) => a.timestamp - b.timestamp);
  let nextClose = START + MINUTE;
  for (const o of observations) {
    if (o.time >= nextClose) {
      const batch = deliver(aggregator.closeWindows(o.time));
      if (batch.length > 0) yield batch;
      nextClose = o.time - (o.time % MINUTE) + MINUTE;
    }
    aggregator.add(o);
  }
  yield deliver(aggregator.flush(end));
}

/** The baseline for HOURS hours with `attack` (if any) in ATTACK's ten minutes: the alerts, and every event. */
function watch(attack?: { scenario: Scenario; rate: number }, interval: 60 | 600 = 600) {
  const end = START + HOURS * 3_600_000;
  const streams = [baseline(VPC, { seed: SEED, start: START, end, rate: RATE })];
  if (attack) streams.push(attack.scenario(VPC, { seed: SEED, ...ATTACK, rate: attack.rate }));
  const engine = new DetectionEngine(defaultDetectionConfig, "MyVpc22-Log", () => end);
  const alerts: Alert[] = [];
  const events: FlowView[] = [];
  for (const batch of deliveries(mergeByTime(streams), end, interval)) {
    events.push(...batch);
    alerts.push(...engine.ingest(batch));
  }
  return { alerts, events };
}

/** The attack's own external address, from its observations alone. */
function attacker(scenario: Scenario, rate: number, side: "srcaddr" | "dstaddr"): string {
  const addresses = new Set([...scenario(VPC, { seed: SEED, ...ATTACK, rate })].map((o) => o[side]).filter((a) => !a.startsWith("10.")));
  assert.equal(addresses.size, 1);
  return [...addresses][0] as string;
}

const pairs = (alerts: Alert[]) => [...new Set(alerts.map((a) => `${a.rule} ${a.who}`))].sort();

/** Each alert's query, run over the events of its [from, to], lists records that name its subject. */
function assertEvidence(alerts: Alert[], events: FlowView[]) {
  for (const alert of alerts) {
    const [from, to] = [Date.parse(alert.from), Date.parse(alert.to)];
    const inRange = events
      .filter((e) => e.timestamp >= from && e.timestamp <= to)
      .map((e) => ({ timestamp: e.timestamp, ingestionTime: e.timestamp, message: e.message, logStream: e.logStreamName, log: alert.logGroup }));
    const rows = runQuerySync(alert.query, inRange).results;
    assert.ok(rows.length > 0, `${alert.rule}: ${alert.query} gives no row over [${alert.from}, ${alert.to}]`);
  }
}

describe("detections over the scenarios' records", () => {
  test(`${HOURS} hours of baseline give no alert from any rule`, () => {
    const { alerts, events } = watch();
    assert.ok(events.length > 50_000, `${events.length} records`);
    assert.deepEqual(pairs(alerts), []);
  });

  test(`${HOURS} hours of baseline through a 60 s flow log give no alert either`, () => {
    assert.deepEqual(pairs(watch(undefined, 60).alerts), []);
  });

  test("a port scan in the baseline: port-scan names the scanner; the rejected-spike it causes names it too", () => {
    const scanner = attacker(portScan, 20, "srcaddr");
    const { alerts, events } = watch({ scenario: portScan, rate: 20 });
    assert.deepEqual(pairs(alerts), [`port-scan ${scanner}`, `rejected-spike ${scanner}`]);
    assert.equal(alerts.filter((a) => a.rule === "rejected-spike").length, 1, "one spike episode");
    assertEvidence(alerts, events);
  });

  test("an SSH brute force in the baseline: brute-force names the attacker, nothing else fires", () => {
    const source = attacker(sshBruteForce, 2, "srcaddr");
    const { alerts, events } = watch({ scenario: sshBruteForce, rate: 2 });
    assert.deepEqual(pairs(alerts), [`brute-force ${source}`]);
    assertEvidence(alerts, events);
  });

  test("an exfiltration burst in the baseline: exfiltration names the destination; new-talker names it too", () => {
    const destination = attacker(exfiltration, 5, "dstaddr");
    const { alerts, events } = watch({ scenario: exfiltration, rate: 5 });
    assert.deepEqual(pairs(alerts), [`exfiltration ${destination}`, `new-talker ${destination}`]);
    assertEvidence(alerts, events);
  });
});
