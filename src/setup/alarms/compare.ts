/** How a found metric filter or alarm differs from the preset's: one phrase per difference, none when it matches. */
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { MetricFilter } from "@aws-sdk/client-cloudwatch-logs";
import type { PresetAlarm, PresetFilter } from "./preset.js";

const shown = (value: unknown) => (value === undefined ? "none" : Array.isArray(value) ? `[${value.join(", ")}]` : String(value));
const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

export function filterDifferences(found: MetricFilter, wanted: PresetFilter): string[] {
  const changes: string[] = [];
  if (found.filterPattern !== wanted.filterPattern) changes.push(`filterPattern is '${found.filterPattern ?? ""}', expected '${wanted.filterPattern}'`);
  const transformations = found.metricTransformations ?? [];
  const t = transformations[0];
  if (transformations.length !== 1 || t === undefined) return [...changes, `${transformations.length} metric transformations, expected 1`];
  const expected: Array<[string, unknown, unknown]> = [
    ["metricNamespace", t.metricNamespace, wanted.metricNamespace],
    ["metricName", t.metricName, wanted.metricName],
    ["metricValue", t.metricValue, wanted.metricValue],
    ["unit", t.unit, wanted.unit],
    ["defaultValue", t.defaultValue ?? undefined, undefined],
  ];
  for (const [name, is, want] of expected) if (is !== want) changes.push(`${name} ${shown(is)} -> ${shown(want)}`);
  if (Object.keys(t.dimensions ?? {}).length > 0) changes.push("dimensions -> none");
  return changes;
}

export function alarmDifferences(found: MetricAlarm, wanted: PresetAlarm): string[] {
  const changes: string[] = [];
  const scalars: Array<keyof PresetAlarm & keyof MetricAlarm> = [
    "Namespace",
    "MetricName",
    "Statistic",
    "Period",
    "EvaluationPeriods",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "AlarmDescription",
  ];
  for (const key of scalars) {
    // AWS leaves TreatMissingData out when it was never set: that is `missing`.
    const is = key === "TreatMissingData" ? (found.TreatMissingData ?? "missing") : found[key];
    if (is !== wanted[key]) changes.push(key === "AlarmDescription" ? "AlarmDescription differs" : `${key} ${shown(is)} -> ${shown(wanted[key])}`);
  }
  // Absent DatapointsToAlarm means all of EvaluationPeriods.
  const datapoints = found.DatapointsToAlarm ?? found.EvaluationPeriods;
  if (datapoints !== wanted.DatapointsToAlarm) changes.push(`DatapointsToAlarm ${shown(datapoints)} -> ${wanted.DatapointsToAlarm}`);
  if ((found.ActionsEnabled ?? true) !== wanted.ActionsEnabled) changes.push(`ActionsEnabled ${shown(found.ActionsEnabled)} -> ${wanted.ActionsEnabled}`);
  for (const key of ["AlarmActions", "OKActions"] as const) {
    if (!sameSet(found[key], wanted[key])) changes.push(`${key} ${shown(found[key] ?? [])} -> ${shown(wanted[key])}`);
  }
  if ((found.InsufficientDataActions ?? []).length > 0) changes.push("InsufficientDataActions -> none");
  if ((found.Dimensions ?? []).length > 0) changes.push("Dimensions -> none");
  if (found.ExtendedStatistic !== undefined) changes.push(`ExtendedStatistic ${found.ExtendedStatistic} -> none`);
  if (found.Unit !== undefined) changes.push(`Unit ${found.Unit} -> none`);
  if ((found.Metrics ?? []).length > 0) changes.push("metric math -> the metric itself");
  return changes;
}
