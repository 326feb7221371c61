/**
 * One evaluation of a metric alarm: the last EvaluationPeriods periods, DatapointsToAlarm of them
 * breaching for ALARM, TreatMissingData for the gaps; the reason texts are AWS's.
 */
import type { AlarmDefinition, StateValue } from "./types.js";

/** One evaluated period, most recent first; value undefined when the period has no data. */
export interface PeriodValue {
  ts: number;
  value?: number;
  sampleCount?: number;
}

export interface Evaluation {
  state: StateValue;
  reason: string;
  reasonData: Record<string, unknown>;
}

const OP_TEXT: Record<string, string> = {
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  GreaterThanThreshold: "greater than",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

export function breaches(operator: string, value: number, threshold: number): boolean {
  switch (operator) {
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "GreaterThanThreshold":
      return value > threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
    default:
      return false;
  }
}

/** Java's Double.toString for the values AWS prints: `10.0`, `0.5`. */
export function javaDouble(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.0` : String(v);
}

const pad = (n: number) => String(n).padStart(2, "0");
/** `(27/11/26 04:40:00)`: AWS's dd/MM/yy HH:mm:ss, UTC. */
function reasonTime(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** ISO 8601 with `+0000`, as AWS writes dates inside StateReasonData and history data. */
export const reasonDate = (ts: number) => new Date(ts).toISOString().replace("Z", "+0000");

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The alarm's state after looking at `periods` (EvaluationPeriods of them, newest first), or
 * undefined when TreatMissingData `ignore` keeps the current state.
 */
export function evaluateAlarm(def: AlarmDefinition, periods: readonly PeriodValue[], now: number): Evaluation | undefined {
  const n = periods.length;
  const m = def.DatapointsToAlarm ?? def.EvaluationPeriods;
  const threshold = def.Threshold ?? 0;
  const op = def.ComparisonOperator ?? "GreaterThanThreshold";
  const treat = def.TreatMissingData ?? "missing";
  const present = periods.filter((p) => p.value !== undefined);
  const period = def.Period ?? def.Metrics?.find((q) => q.MetricStat !== undefined)?.MetricStat?.Period ?? 60;
  const reasonData: Record<string, unknown> = {
    version: "1.0",
    queryDate: reasonDate(now),
    ...(n > 0 ? { startDate: reasonDate((periods[n - 1] as PeriodValue).ts) } : {}),
    ...(def.Statistic !== undefined ? { statistic: def.Statistic } : {}),
    ...(def.ExtendedStatistic !== undefined ? { statistic: def.ExtendedStatistic } : {}),
    ...(def.Unit !== undefined ? { unit: def.Unit } : {}),
    period,
    recentDatapoints: present.map((p) => p.value),
    threshold,
  };
  if (present.length > 0) {
    reasonData.evaluatedDatapoints = present.map((p) => ({
      timestamp: reasonDate(p.ts),
      ...(p.sampleCount !== undefined ? { sampleCount: p.sampleCount } : {}),
      value: p.value,
    }));
  }

  if (present.length === 0 && treat !== "breaching" && treat !== "notBreaching") {
    if (treat === "ignore") return undefined;
    return { state: "INSUFFICIENT_DATA", reason: `Insufficient Data: ${plural(n, "datapoint")} ${n === 1 ? "was" : "were"} unknown.`, reasonData };
  }
  let breaching = 0;
  for (const p of periods) {
    if (p.value === undefined) {
      if (treat === "breaching") breaching++;
    } else if (breaches(op, p.value, threshold)) {
      breaching++;
    }
  }
  const state: StateValue = breaching >= m ? "ALARM" : "OK";
  const threshText = `the threshold (${javaDouble(threshold)})`;
  const opText = (state === "ALARM" ? "" : "not ") + (OP_TEXT[op] ?? op);
  const shown = present.map((p) => `${javaDouble(p.value as number)} (${reasonTime(p.ts)})`).join(", ");
  const missing = n - present.length;
  let reason: string;
  if (missing > 0 && (treat === "breaching" || treat === "notBreaching")) {
    // AWS's wording when gaps were filled in, as its alarms' StateReason shows it.
    const filled = `${plural(missing, "missing datapoint")} ${missing === 1 ? "was" : "were"} treated as [${treat === "breaching" ? "Breaching" : "NonBreaching"}]`;
    if (present.length === 0) {
      reason = `Threshold Crossed: no datapoints were received for ${plural(n, "period")} and ${filled}.`;
    } else {
      const agreeing = present.filter((p) => breaches(op, p.value as number, threshold) === (state === "ALARM")).length;
      const counted = agreeing === present.length ? plural(agreeing, "datapoint") : `${agreeing} out of the last ${present.length} datapoints`;
      reason = `Threshold Crossed: ${counted} [${shown}] ${agreeing === 1 ? "was" : "were"} ${opText} ${threshText} and ${filled}.`;
    }
  } else {
    const counted = state === "ALARM" ? breaching : n - breaching;
    reason =
      n === 1
        ? `Threshold Crossed: 1 datapoint [${shown}] was ${opText} ${threshText}.`
        : `Threshold Crossed: ${counted} out of the last ${n} datapoints [${shown}] ${counted === 1 ? "was" : "were"} ${opText} ${threshText} (minimum ${plural(m, "datapoint")} for ${state === "ALARM" ? "OK -> ALARM" : "ALARM -> OK"} transition).`;
  }
  return { state, reason, reasonData };
}
