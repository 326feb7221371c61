/**
 * Alarm actions. flowwatch runs one kind: a webhook, `arn:flowwatch:webhook:::<http(s) URL>` (a
 * flowwatch extension), POSTed the SNS alarm notification's JSON. Any other ARN (SNS, Auto Scaling,
 * EC2, Lambda...) is kept on the alarm and reported in its history as not executed.
 */
import type { AlarmRow } from "./alarm-store.js";
import { alarmArn } from "./arn.js";
import type { StateValue } from "./types.js";

export const WEBHOOK_PREFIX = "arn:flowwatch:webhook:::";
/** A webhook that does not answer within this long counts as failed; evaluation never hangs on one. */
const WEBHOOK_TIMEOUT_MS = 5_000;

export function webhookUrl(arn: string): URL | undefined {
  if (!arn.startsWith(WEBHOOK_PREFIX)) return undefined;
  try {
    const url = new URL(arn.slice(WEBHOOK_PREFIX.length));
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

export interface ActionOutcome {
  arn: string;
  ok: boolean;
  /** Why it failed, for the history item. */
  error?: string;
}

/** The message SNS would publish for the alarm's state change (its field names and order). */
export function notification(alarm: AlarmRow, oldState: StateValue, changedAt: number): Record<string, unknown> {
  const d = alarm.definition;
  return {
    AlarmName: alarm.name,
    AlarmDescription: d.AlarmDescription ?? null,
    AWSAccountId: alarm.account,
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configUpdated).toISOString().replace("Z", "+0000"),
    NewStateValue: alarm.state,
    NewStateReason: alarm.stateReason,
    StateChangeTime: new Date(changedAt).toISOString().replace("Z", "+0000"),
    Region: alarm.region,
    AlarmArn: alarmArn(alarm, alarm.name),
    OldStateValue: oldState,
    OKActions: d.OKActions ?? [],
    AlarmActions: d.AlarmActions ?? [],
    InsufficientDataActions: d.InsufficientDataActions ?? [],
    Trigger: {
      MetricName: d.MetricName,
      Namespace: d.Namespace,
      StatisticType: d.ExtendedStatistic !== undefined ? "ExtendedStatistic" : "Statistic",
      Statistic: d.Statistic?.toUpperCase(),
      ExtendedStatistic: d.ExtendedStatistic,
      Unit: d.Unit ?? null,
      Dimensions: (d.Dimensions ?? []).map((x) => ({ value: x.Value, name: x.Name })),
      Period: d.Period,
      EvaluationPeriods: d.EvaluationPeriods,
      DatapointsToAlarm: d.DatapointsToAlarm ?? d.EvaluationPeriods,
      ComparisonOperator: d.ComparisonOperator,
      Threshold: d.Threshold,
      TreatMissingData: d.TreatMissingData ?? "missing",
      EvaluateLowSampleCountPercentile: d.EvaluateLowSampleCountPercentile ?? "",
    },
  };
}

/** Runs one action: POSTs a webhook, or reports an action flowwatch does not run. */
export async function runAction(arn: string, message: Record<string, unknown>): Promise<ActionOutcome> {
  const url = webhookUrl(arn);
  if (url === undefined) return { arn, ok: false, error: "flowwatch does not run this kind of action: only arn:flowwatch:webhook::: actions are executed" };
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? { arn, ok: true } : { arn, ok: false, error: `the webhook answered HTTP ${response.status}` };
  } catch (e) {
    return { arn, ok: false, error: `the webhook could not be reached: ${unreachableReason(e)}` };
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED 127.0.0.1:9, a timeout) is in its cause. */
function unreachableReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: unknown; address?: unknown; port?: unknown; message?: unknown } }).cause;
  if (cause === undefined || cause === null) return error.message;
  const where = typeof cause.address === "string" ? ` ${cause.address}${cause.port !== undefined ? `:${String(cause.port)}` : ""}` : "";
  if (typeof cause.code === "string") return `${cause.code}${where}`;
  return typeof cause.message === "string" ? cause.message : error.message;
}
