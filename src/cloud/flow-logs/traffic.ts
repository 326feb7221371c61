/**
 * Scenario traffic on the VPC's interfaces (`flowwatch traffic`): live, paced by the clock into the
 * data plane's aggregators, or backfilled over a past range as fast as the machine allows, through
 * aggregators of its own whose windows are delivered as they close.
 */
import { FlowAggregator } from "../../network/aggregator.js";
import type { Observation } from "../../network/observation.js";
import { SCENARIOS, type ScenarioInterface } from "../../network/scenarios/index.js";
import type { Clock } from "../clock.js";
import { AwsError } from "../protocol/aws-error.js";
import type { DeliveryOutcome, FlowLogDelivery } from "./delivery.js";
import type { MonitoredInterface, VpcView } from "./ports.js";

export interface TrafficRequest {
  scenario: string;
  seed?: number;
  /** Arrivals per second (see each scenario); default 2. */
  rate?: number;
  /** Live: seconds to run from now; default 60. */
  duration?: number;
  /** Backfill: the past range [start, end) in epoch milliseconds. */
  start?: number;
  end?: number;
}

export interface TrafficResult {
  scenario: string;
  mode: "live" | "backfill";
  interfaces: number;
  observations: number;
  records: number;
  deliveries: number;
  failedDeliveries: number;
  seconds: number;
}

const INTERVALS = [60, 600] as const;
const PACE_MS = 200;

export class TrafficRunner {
  private readonly live = new Set<{ stopped: boolean }>();

  constructor(
    private readonly vpc: VpcView,
    private readonly delivery: FlowLogDelivery,
    private readonly observe: (observation: Observation) => void,
    private readonly clock: Clock,
  ) {}

  /** Running interfaces that a flow log covers: where traffic would be recorded. */
  private targets(): MonitoredInterface[] {
    return this.vpc.interfaces().filter((i) => i.running && this.vpc.flowLogsCovering(i.account, i.region, i.interfaceId).length > 0);
  }

  private scenario(request: TrafficRequest) {
    const scenario = SCENARIOS[request.scenario];
    if (scenario === undefined)
      throw new AwsError("InvalidParameterException", `unknown scenario '${request.scenario}'; known: ${Object.keys(SCENARIOS).join(", ")}`);
    const rate = request.rate ?? 2;
    if (!(rate > 0 && rate <= 10_000)) throw new AwsError("InvalidParameterException", "rate must be between 0 and 10000 per second");
    const targets = this.targets();
    if (targets.length === 0)
      throw new AwsError("InvalidParameterException", "no running instance is covered by a flow log: create one first (flowwatch setup)");
    const interfaces: ScenarioInterface[] = targets.map((i) => ({ interfaceId: i.interfaceId, privateIp: i.privateIp, publicIp: i.publicIp }));
    return { scenario, rate, targets, interfaces, seed: request.seed ?? 1 };
  }

  /** Feeds the scenario into the live data plane at the clock's pace; resolves when it ends or is stopped. */
  async runLive(request: TrafficRequest): Promise<TrafficResult> {
    const { scenario, rate, targets, interfaces, seed } = this.scenario(request);
    const duration = request.duration ?? 60;
    if (!(duration > 0 && duration <= 86_400)) throw new AwsError("InvalidParameterException", "duration must be between 1 and 86400 seconds");
    const began = this.clock.now();
    const iterator = scenario(interfaces, { seed, start: began, end: began + duration * 1000, rate })[Symbol.iterator]();
    const handle = { stopped: false };
    this.live.add(handle);
    let observations = 0;
    let pending = iterator.next();
    try {
      while (!pending.done && !handle.stopped) {
        const now = this.clock.now();
        while (!pending.done && pending.value.time <= now) {
          this.observe(pending.value);
          observations++;
          pending = iterator.next();
        }
        if (!pending.done) await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      }
    } finally {
      this.live.delete(handle);
    }
    return {
      scenario: request.scenario,
      mode: "live",
      interfaces: targets.length,
      observations,
      records: 0,
      deliveries: 0,
      failedDeliveries: 0,
      seconds: (this.clock.now() - began) / 1000,
    };
  }

  stopAll(): number {
    for (const handle of this.live) handle.stopped = true;
    return this.live.size;
  }

  /** Generates [start, end) at once, delivering each window as the generated time passes its end. */
  async backfill(request: TrafficRequest): Promise<TrafficResult> {
    const { scenario, rate, targets, interfaces, seed } = this.scenario(request);
    const start = request.start ?? 0;
    const end = request.end ?? 0;
    const now = this.clock.now();
    if (!(start < end && end <= now)) throw new AwsError("InvalidParameterException", "backfill needs start < end <= now");
    // Older events than 14 days would be refused by PutLogEvents, as on AWS.
    if (now - start > 14 * 86_400_000) throw new AwsError("InvalidParameterException", "backfill can reach at most 14 days back");
    const began = Date.now();
    const byId = new Map(targets.map((t) => [t.interfaceId, t]));
    const aggregators = new Map(INTERVALS.map((i) => [i, new FlowAggregator({ defaultInterval: i })]));
    for (const target of targets) {
      for (const interval of INTERVALS) {
        if (this.vpc.flowLogsCovering(target.account, target.region, target.interfaceId).some((f) => f.maxAggregationInterval === interval)) {
          aggregators.get(interval)?.monitor(target.interfaceId, { aggregationInterval: interval, since: start });
        }
      }
    }
    const outcomes: DeliveryOutcome[] = [];
    const deliver = async (closeAt: number, final: boolean) => {
      for (const interval of INTERVALS) {
        const aggregator = aggregators.get(interval) as FlowAggregator;
        for (const window of final ? aggregator.flush(closeAt) : aggregator.closeWindows(closeAt)) {
          const iface = byId.get(window.interfaceId);
          if (iface !== undefined) outcomes.push(...(await this.delivery.deliver(window, iface, interval)));
        }
      }
    };
    let observations = 0;
    let nextClose = start - (start % 60_000) + 60_000;
    for (const observation of scenario(interfaces, { seed, start, end, rate })) {
      if (observation.time >= nextClose) {
        await deliver(observation.time, false);
        nextClose = observation.time - (observation.time % 60_000) + 60_000;
      }
      for (const interval of INTERVALS) aggregators.get(interval)?.add(observation);
      observations++;
    }
    await deliver(end, true);
    return {
      scenario: request.scenario,
      mode: "backfill",
      interfaces: targets.length,
      observations,
      records: outcomes.reduce((n, o) => n + o.records, 0),
      deliveries: outcomes.length,
      failedDeliveries: outcomes.filter((o) => o.status === "FAILED").length,
      seconds: (Date.now() - began) / 1000,
    };
  }
}
