/**
 * doctor's checks of the alarm preset, when it exists or doctor is told `--alarms`: each metric filter
 * and alarm present and as the preset has it (missing or drifted: a failure `--fix` repairs), and each
 * alarm's state. An alarm in ALARM is a finding (warn, with its StateReason), not a broken link.
 */
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { MetricFilter } from "@aws-sdk/client-cloudwatch-logs";
import { adoptFoundSettings } from "../alarms/adopt.js";
import { alarmDifferences, filterDifferences } from "../alarms/compare.js";
import { discoverAlarms, discoverFilters } from "../alarms/discover.js";
import { buildPreset, describeAlarm, type PresetAlarm } from "../alarms/preset.js";
import type { AwsClients } from "../clients.js";
import type { SetupConfig } from "../config.js";
import type { Check, CheckId } from "./check.js";

const presetFix = "flowwatch setup --alarms (or doctor --fix)";

export const isPresetCheck = (id: CheckId) => id.startsWith("filter-") || id.startsWith("alarm-");

/** What to look at when an alarm of the preset is in ALARM. */
function investigate(alarm: PresetAlarm, config: SetupConfig, pattern: string | undefined): string {
  if (alarm.key === "no-data") return "see delivery and newest record above; a VPC without traffic has no records either";
  return `see the records: flowwatch tail --log-group ${config.logGroupName} --since 1h${pattern === undefined ? "" : ` --filter '${pattern}'`}`;
}

/**
 * The no-data alarm against the pipeline checks already made: it agrees with a stale or failed
 * delivery; with a fresh newest record it lags (it is evaluated once a minute over whole periods).
 */
function noDataAgreement(earlier: readonly Check[]): string {
  const troubled = earlier.filter((c) => (c.id === "delivery" || c.id === "freshness") && c.status !== "ok" && c.status !== "skip");
  if (troubled.length > 0) return `; agrees with ${troubled.map((c) => `${c.title} (${c.detail})`).join(", ")}`;
  const fresh = earlier.find((c) => c.id === "freshness" && c.status === "ok");
  if (fresh !== undefined) return `; but the newest record is ${fresh.detail}: the alarm clears at an evaluation that sees it in the metric`;
  return "";
}

function stateCheck(
  id: CheckId,
  title: string,
  found: MetricAlarm,
  alarm: PresetAlarm,
  config: SetupConfig,
  pattern: string | undefined,
  earlier: readonly Check[],
): Check {
  const state = found.StateValue ?? "INSUFFICIENT_DATA";
  const reason = found.StateReason ?? "";
  const alarmState = {
    name: alarm.AlarmName,
    state,
    reason,
    since: found.StateTransitionedTimestamp?.toISOString() ?? found.StateUpdatedTimestamp?.toISOString(),
  };
  if (state === "ALARM") {
    const extra = alarm.key === "no-data" ? noDataAgreement(earlier) : "";
    return {
      id,
      title,
      status: "warn",
      detail: `ALARM since ${alarmState.since ?? "?"}: ${reason}${extra}`,
      fix: investigate(alarm, config, pattern),
      alarm: alarmState,
    };
  }
  // INSUFFICIENT_DATA before the first evaluation, or for a metric with no data under `missing`: nothing is wrong.
  return { id, title, status: "ok", detail: `${state === "OK" ? "OK" : `${state}: ${reason}`} (${describeAlarm(alarm)})`, alarm: alarmState };
}

/**
 * The preset's checks; none when the preset is neither asked for nor found. Settings not given as
 * options are judged as the found alarms have them (adopt.ts).
 */
export async function presetChecks(clients: AwsClients, config: SetupConfig, logGroupExists: boolean, earlier: readonly Check[]): Promise<Check[]> {
  let filters: Map<string, MetricFilter>;
  let alarms: Map<string, MetricAlarm>;
  try {
    [filters, alarms] = await Promise.all([
      logGroupExists ? discoverFilters(clients, config.logGroupName) : new Map<string, MetricFilter>(),
      discoverAlarms(clients, config.logGroupName, false),
    ]);
  } catch (error) {
    // The preset is opt-in: a caller without CloudWatch permissions (or an endpoint without CloudWatch) was not asked about it.
    if (!config.alarmPreset) return [];
    return [
      {
        id: "alarm-preset",
        title: "alarm preset",
        status: "warn",
        detail: `could not look: ${(error as Error).name}: ${(error as Error).message}`,
        fix: "the caller needs logs:DescribeMetricFilters and cloudwatch:DescribeAlarms",
      },
    ];
  }
  if (!config.alarmPreset && filters.size === 0 && alarms.size === 0) return [];
  config = { ...config, alarmPreset: true, alarms: adoptFoundSettings(config, alarms) };
  const preset = buildPreset(config);
  const checks: Check[] = [];
  for (const f of preset.filters) {
    const id: CheckId = `filter-${f.key}`;
    const title = `metric filter ${f.filterName}`;
    const found = filters.get(f.filterName);
    if (!logGroupExists) checks.push({ id, title, status: "skip", detail: "not checked: no log group" });
    else if (found === undefined)
      checks.push({
        id,
        title,
        status: "fail",
        detail: `missing on ${config.logGroupName} (${f.counts} -> ${f.metricNamespace} ${f.metricName})`,
        fix: presetFix,
      });
    else {
      const changes = filterDifferences(found, f);
      checks.push(
        changes.length === 0
          ? { id, title, status: "ok", detail: `${f.counts} -> ${f.metricNamespace} ${f.metricName}` }
          : { id, title, status: "fail", detail: changes.join("; "), fix: presetFix },
      );
    }
  }
  for (const a of preset.alarms) {
    const id: CheckId = `alarm-${a.key}`;
    const title = `alarm ${a.AlarmName}`;
    const found = alarms.get(a.AlarmName);
    if (found === undefined) {
      checks.push({ id, title, status: "fail", detail: `missing (${describeAlarm(a)})`, fix: presetFix });
      continue;
    }
    const changes = alarmDifferences(found, a);
    if (changes.length > 0) {
      checks.push({ id, title, status: "fail", detail: `${changes.join("; ")} (now ${found.StateValue ?? "?"})`, fix: presetFix });
      continue;
    }
    const metricFilter = preset.filters.find((f) => f.metricName === a.MetricName);
    checks.push(stateCheck(id, title, found, a, config, metricFilter?.filterPattern, earlier));
  }
  for (const why of preset.omitted) checks.push({ id: "alarm-preset", title: "alarm preset", status: "skip", detail: `no alarm for ${why}` });
  return checks;
}
