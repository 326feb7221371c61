/**
 * The detection engine over LiveMonitor's batches, for the dashboard. The engine judges records on their
 * own times (a backfill, such as the first poll's hour, is judged as it happened) and delivery on the
 * wall clock.
 */
import type { Alert } from "./alert.js";
import { type DeliveryHealth, type DetectionConfig, DetectionEngine, defaultDetectionConfig } from "./detections/engine.js";
import type { FlowView } from "./flow-view.js";

export class LiveDetections {
  private engine: DetectionEngine | undefined;
  private engineGroup: string | undefined;

  constructor(
    private readonly config: DetectionConfig = defaultDetectionConfig,
    private readonly now: () => number = Date.now,
  ) {}

  private engineFor(logGroup: string): DetectionEngine {
    if (this.engine === undefined || this.engineGroup !== logGroup) {
      // LiveMonitor may discover its group after the first polls; a new group starts a new history.
      this.engine = new DetectionEngine(this.config, logGroup, this.now);
      this.engineGroup = logGroup;
    }
    return this.engine;
  }

  /** Runs a batch through the engine, in time order, and returns the alerts it completes. */
  ingest(views: readonly FlowView[], logGroup: string): Alert[] {
    // Lines that are no record of the format decode with action `-`, which the engine skips.
    return this.engineFor(logGroup).ingest([...views].sort((a, b) => a.timestamp - b.timestamp));
  }

  /** The delivery-broken rule: the group's flow logs as DescribeFlowLogs tells them, and the newest ingestion seen. */
  checkDelivery(logGroup: string, health: DeliveryHealth): Alert[] {
    return this.engineFor(logGroup).checkDelivery(health);
  }
}
