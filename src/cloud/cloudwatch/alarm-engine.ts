/**
 * Moves alarms between states: evaluation on the clock (every alarm, every minute) and SetAlarmState
 * both end here, which writes the state, the history item and runs the new state's actions.
 */
import { notification, runAction } from "./alarm-actions.js";
import { evaluateAlarm, type PeriodValue } from "./alarm-evaluation.js";
import type { AlarmRow, AlarmStore } from "./alarm-store.js";
import { runQueries } from "./get-metric-data.js";
import type { MetricStore } from "./metric-store.js";
import { BASIC_STATISTICS, statValue } from "./statistics.js";
import type { StateValue } from "./types.js";

export class AlarmEngine {
  constructor(
    private readonly alarms: AlarmStore,
    private readonly metrics: MetricStore,
  ) {}

  /**
   * Sets the alarm's state. A change writes a StateUpdate history item and runs the new state's
   * actions (when ActionsEnabled); the promise settles once every action has been tried.
   */
  async transition(row: AlarmRow, state: StateValue, reason: string, reasonData: string | undefined, now: number): Promise<void> {
    const old = row.state;
    const oldReason = row.stateReason;
    const next: AlarmRow = { ...row, state, stateReason: reason, stateUpdated: now };
    if (reasonData === undefined) delete next.stateReasonData;
    else next.stateReasonData = reasonData;
    if (old !== state) next.stateTransitioned = now;
    this.alarms.put(next);
    if (old === state) return;
    this.alarms.addHistory(row, row.name, now, "StateUpdate", `Alarm updated from ${old} to ${state}`, {
      version: "1.0",
      oldState: { stateValue: old, stateReason: oldReason },
      newState: { stateValue: state, stateReason: reason, ...(reasonData === undefined ? {} : { stateReasonData: safeJson(reasonData) }) },
    });
    if (next.definition.ActionsEnabled === false) return;
    const d = next.definition;
    const arns = state === "ALARM" ? d.AlarmActions : state === "OK" ? d.OKActions : d.InsufficientDataActions;
    if (arns === undefined || arns.length === 0) return;
    const message = notification(next, old, now);
    const outcomes = await Promise.all(arns.map((arn) => runAction(arn, message)));
    for (const o of outcomes) {
      this.alarms.addHistory(row, row.name, now, "Action", `${o.ok ? "Successfully executed" : "Failed to execute"} action ${o.arn}`, {
        actionState: o.ok ? "Succeeded" : "Failed",
        stateUpdateTimestamp: now,
        notificationResource: o.arn,
        ...(o.ok ? { publishedMessage: JSON.stringify(message) } : { error: o.error }),
      });
    }
  }

  /** The alarm's EvaluationPeriods most recent complete periods before `now`, newest first. */
  periods(row: AlarmRow, now: number): PeriodValue[] {
    const d = row.definition;
    const period =
      d.Period ?? d.Metrics?.find((q) => q.MetricStat !== undefined)?.MetricStat?.Period ?? d.Metrics?.find((q) => q.Period !== undefined)?.Period ?? 60;
    const periodMs = period * 1000;
    const end = Math.floor(now / periodMs) * periodMs;
    const start = end - d.EvaluationPeriods * periodMs;
    const found = new Map<number, { value: number; sampleCount?: number }>();
    if (d.Metrics !== undefined && d.Metrics.length > 0) {
      const result = runQueries(this.metrics, row, d.Metrics, start, end).find((r) => r.returnData);
      result?.series.ts.forEach((t, i) => {
        found.set(Math.floor(t / periodMs) * periodMs, { value: result.series.v[i] as number });
      });
    } else if (d.Namespace !== undefined && d.MetricName !== undefined) {
      const id = this.metrics.find(row, d.Namespace, d.MetricName, d.Dimensions);
      const stat = d.ExtendedStatistic ?? d.Statistic ?? "Average";
      if (id !== undefined) {
        const withValues = !(BASIC_STATISTICS as readonly string[]).includes(stat);
        for (const b of this.metrics.buckets(id, start, end, periodMs, d.Unit, withValues).values()) {
          const value = statValue(b, stat);
          if (value !== undefined) found.set(b.ts, { value, sampleCount: b.count });
        }
      }
    }
    const out: PeriodValue[] = [];
    for (let ts = end - periodMs; ts >= start; ts -= periodMs) out.push({ ts, ...found.get(ts) });
    return out;
  }

  /** Evaluates every alarm of every account and region at `now`; settles after their actions. */
  async evaluateAll(now: number): Promise<void> {
    const work: Promise<void>[] = [];
    for (const row of this.alarms.list()) {
      const result = evaluateAlarm(row.definition, this.periods(row, now), now);
      if (result === undefined) continue;
      if (result.state === row.state && result.reason === row.stateReason) continue;
      // AWS updates the reason within a state only on a transition; the state is what matters.
      if (result.state === row.state) continue;
      work.push(this.transition(row, result.state, result.reason, JSON.stringify(result.reasonData), now));
    }
    await Promise.all(work);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
