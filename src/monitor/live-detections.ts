/**
 * The detection engine over LiveMonitor's batches, for the dashboard: the engine's clock follows the
 * newest record seen, so a backfill (the first poll reads an hour) is judged at the records' own times.
 */
import type { Alert } from "./alert.js";
import { type DetectionConfig, DetectionEngine, defaultDetectionConfig } from "./detections/engine.js";
import type { FlowView } from "./flow-view.js";

export class LiveDetections {
  private clock = 0;
  private engine: DetectionEngine | undefined;
  private engineGroup: string | undefined;

  constructor(private readonly config: DetectionConfig = defaultDetectionConfig) {}

  /**
   * Runs a batch through the engine and returns the alerts it completes. Records are fed in time order,
   * one run of equal timestamps at a time (a flow log window's records share one), as `flowwatch watch`
   * feeds them one by one, without its cost per record on an hour's backfill.
   */
  ingest(views: readonly FlowView[], logGroup: string): Alert[] {
    if (this.engine === undefined || this.engineGroup !== logGroup) {
      // LiveMonitor may discover its group after the first polls; a new group starts a new history.
      this.engine = new DetectionEngine(this.config, logGroup, () => this.clock);
      this.engineGroup = logGroup;
      this.clock = 0;
    }
    const records = views.filter((v) => v.record !== undefined).sort((a, b) => a.timestamp - b.timestamp);
    const alerts: Alert[] = [];
    for (let i = 0; i < records.length; ) {
      let j = i + 1;
      while (j < records.length && (records[j] as FlowView).timestamp === (records[i] as FlowView).timestamp) j++;
      // A late record does not turn the clock back.
      this.clock = Math.max(this.clock, (records[i] as FlowView).timestamp);
      alerts.push(...this.engine.ingest(records.slice(i, j)));
      i = j;
    }
    return alerts;
  }
}
