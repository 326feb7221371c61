/** What a record rule reads (DetectionRecord), the interface every rule implements, and the alert it builds. */
import type { Alert } from "../alert.js";
import type { FlowView } from "../flow-view.js";

/** A decoded flow record; srcport is optional so that callers with the original five fields keep working. */
export type DetectionRecord = Pick<FlowView, "timestamp" | "srcaddr" | "dstaddr" | "dstport" | "action" | "bytes"> & Partial<Pick<FlowView, "srcport">>;

/**
 * A rule over records. `now` is event time, the newest record timestamp the engine has seen: flow logs deliver
 * records up to an aggregation interval late, so windows measured on the wall clock would miss them.
 */
export interface RecordRule {
  observe(record: DetectionRecord, now: number): Alert[];
}

export interface AlertParts {
  rule: string;
  severity: Alert["severity"];
  who: string;
  what: string;
  /** The evidence spans [from, to] (ms); the alert fires at `to`. */
  from: number;
  to: number;
  logGroup: string;
  /** The query's commands after `fields @timestamp, @message`. */
  query: string;
}

export function alertOf(p: AlertParts): Alert {
  return {
    rule: p.rule,
    severity: p.severity,
    what: p.what,
    who: p.who,
    when: new Date(p.to).toISOString(),
    from: new Date(p.from).toISOString(),
    to: new Date(p.to).toISOString(),
    logGroup: p.logGroup,
    query: `fields @timestamp, @message | ${p.query}`,
  };
}
