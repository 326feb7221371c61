/**
 * aws:ResourceTag/KEY for the resource ARN a CloudWatch request is authorized on: the alarm's tags
 * (alarms are the one resource type the Service Authorization Reference gives the key to here).
 */
import type { ConditionValues } from "../authorization-table.js";
import type { AlarmStore } from "./alarm-store.js";
import { alarmNameOf } from "./arn.js";
import type { TagStore } from "./tags.js";
import type { Scope } from "./types.js";

export function cloudwatchResourceTagConditions(tags: TagStore, alarms: AlarmStore, s: Scope, arn: string): ConditionValues {
  const name = alarmNameOf(s, arn);
  // A wildcard ARN (PutMetricAlarm on `alarm:*`) or a deleted alarm's leftover tags name nothing.
  if (name === undefined || name.includes("*") || alarms.get(s, name) === undefined) return {};
  const out: Record<string, string> = {};
  for (const t of tags.list(arn)) out[`aws:ResourceTag/${t.Key}`] = t.Value;
  return out;
}
