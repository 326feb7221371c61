/**
 * Delivery broken: a flow log of the group reports DeliverLogsStatus FAILED, or no event has reached the
 * group for more than `threshold` aggregation intervals. Each fires once per episode.
 */
import type { Alert } from "../alert.js";
import type { RuleConfig } from "./config.js";
import { alertOf } from "./rule.js";

/** What `flowwatch watch` knows of the group's delivery: DescribeFlowLogs' answer and the newest event. */
export interface DeliveryHealth {
  flowLogs: { FlowLogId?: string; DeliverLogsStatus?: string; DeliverLogsErrorMessage?: string; MaxAggregationInterval?: number }[];
  /**
   * When the newest event reached the group (ms). `flowwatch watch` passes the newest ingestionTime: record
   * timestamps are their window's start, up to an interval before delivery, and an idle interface's NODATA
   * record would then look two intervals old just before the next one arrives.
   */
  lastEventTime?: number;
}

/** The newest event of each stream: where delivery stopped. */
const EVIDENCE = "stats count(*) as events, max(@timestamp) as newest by @logStream | sort newest desc";

export class DeliveryBrokenRule {
  /**
   * Flow logs in a FAILED episode: open from the first check that sees FAILED to the first that does not,
   * so an hour of failing deliveries gives one alert, and a recovery followed by a new failure two.
   */
  private readonly failing = new Set<string>();
  /** The lastEventTime whose silence was reported: a newer event ends the episode. */
  private reportedSilence: number | undefined;
  private watchingSince: number | undefined;

  constructor(
    private readonly config: RuleConfig,
    private readonly logGroup: string,
  ) {}

  /** `now` is the wall clock: silence cannot be measured in event time. */
  check(health: DeliveryHealth, now: number): Alert[] {
    this.watchingSince ??= now;
    const alerts: Alert[] = [];
    const present = new Set<string>();
    for (const flowLog of health.flowLogs) {
      const id = flowLog.FlowLogId ?? "(flow log)";
      present.add(id);
      if (flowLog.DeliverLogsStatus !== "FAILED") {
        this.failing.delete(id);
        continue;
      }
      if (this.failing.has(id)) continue;
      this.failing.add(id);
      const message = flowLog.DeliverLogsErrorMessage ?? "no error message";
      alerts.push(
        alertOf({
          rule: "delivery-broken",
          severity: "high",
          who: id,
          from: health.lastEventTime ?? this.watchingSince,
          to: now,
          logGroup: this.logGroup,
          what: `flow log ${id} reports DeliverLogsStatus FAILED (${message}): its records do not reach ${this.logGroup}`,
          query: EVIDENCE,
        }),
      );
    }
    for (const id of this.failing) if (!present.has(id)) this.failing.delete(id);

    // The slowest flow log sets the pace: a 600 s one delivers once in ten minutes even beside a 60 s one.
    const interval = Math.max(...health.flowLogs.map((f) => f.MaxAggregationInterval ?? this.config.windowSeconds), 0) || this.config.windowSeconds;
    const since = health.lastEventTime ?? this.watchingSince;
    const silentSeconds = (now - since) / 1000;
    // A FAILED flow log already says why nothing arrives; a second alert for the same outage adds nothing.
    if (silentSeconds <= this.config.threshold * interval || this.failing.size > 0 || this.reportedSilence === since) return alerts;
    this.reportedSilence = since;
    const what =
      health.lastEventTime === undefined
        ? `no event has reached ${this.logGroup} since watching began`
        : `no event has reached ${this.logGroup} since ${new Date(since).toISOString()}`;
    alerts.push(
      alertOf({
        rule: "delivery-broken",
        severity: "high",
        who: this.logGroup,
        from: since,
        to: now,
        logGroup: this.logGroup,
        what: `${what}: ${Math.round(silentSeconds)} s, more than ${this.config.threshold} aggregation intervals of ${interval} s${health.flowLogs.length === 0 ? "; no flow log delivers to this group" : ""}`,
        query: EVIDENCE,
      }),
    );
    return alerts;
  }
}
