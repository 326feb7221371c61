/** The detection engine: flow records and delivery health in, alerts out, with an injected clock; pure (no I/O). */
import type { Alert } from "../alert.js";
import { BruteForceRule } from "./brute-force.js";
import type { DetectionConfig } from "./config.js";
import { DeliveryBrokenRule, type DeliveryHealth } from "./delivery-broken.js";
import { ExfiltrationRule } from "./exfiltration.js";
import { NewTalkerRule } from "./new-talker.js";
import { PortScanRule } from "./port-scan.js";
import { RejectedSpikeRule } from "./rejected-spike.js";
import type { DetectionRecord, RecordRule } from "./rule.js";

export { type DetectionConfig, defaultDetectionConfig, detectionConfig, type RuleConfig, type SpikeConfig } from "./config.js";
export type { DeliveryHealth } from "./delivery-broken.js";
export type { DetectionRecord } from "./rule.js";

export class DetectionEngine {
  private readonly rules: RecordRule[];
  private readonly delivery: DeliveryBrokenRule;
  /** The newest record timestamp seen: the record rules' clock, so a backfill and a live tail are judged alike. */
  private eventTime = Number.NEGATIVE_INFINITY;

  /** `now` is the wall clock; checkDelivery measures silence with it. The record rules run on event time. */
  constructor(
    config: DetectionConfig,
    logGroup: string,
    private readonly now: () => number,
  ) {
    this.rules = [
      new PortScanRule(config.portScan, logGroup),
      new BruteForceRule(config.bruteForce, logGroup),
      new ExfiltrationRule(config.exfiltration, logGroup),
      new NewTalkerRule(config.newTalker, logGroup),
      new RejectedSpikeRule(config.rejectedSpike, logGroup),
    ];
    this.delivery = new DeliveryBrokenRule(config.deliveryBroken, logGroup);
  }

  /** Adds new records (best in time order) and returns the alerts they complete. */
  ingest(batch: DetectionRecord[]): Alert[] {
    const alerts: Alert[] = [];
    for (const record of batch) {
      // NODATA and SKIPDATA records carry no traffic, and a line of another format decodes to `-`.
      if (record.action !== "ACCEPT" && record.action !== "REJECT") continue;
      if (record.timestamp > this.eventTime) this.eventTime = record.timestamp;
      for (const rule of this.rules) alerts.push(...rule.observe(record, this.eventTime));
    }
    return alerts;
  }

  /** Judges the group's delivery: a FAILED flow log, or silence longer than the configured intervals. */
  checkDelivery(health: DeliveryHealth): Alert[] {
    return this.delivery.check(health, this.now());
  }
}
