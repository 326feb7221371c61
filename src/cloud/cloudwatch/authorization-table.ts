/**
 * CloudWatch's rows of the authorization table (Service Authorization Reference, Amazon
 * CloudWatch): alarm actions on the alarm, metric actions on `*`, PutMetricData with its namespace.
 */
import { type AuthorizationTable, row, tagConditions, withTagConditions } from "../authorization-table.js";
import type { CloudWatchOperations } from "../validation/cloudwatch-types.js";

const ALARM = "arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${AlarmName}";
const on = (resources: readonly string[], ...names: string[]) => names.map((n) => [n, row(`cloudwatch:${n}`, resources)] as const);

const UNTAGGED: AuthorizationTable = Object.fromEntries([
  [
    "PutMetricData",
    {
      ...row("cloudwatch:PutMetricData", ["*"], ["cloudwatch:namespace"]),
      conditions: (input: Record<string, unknown>): Record<string, string> =>
        typeof input.Namespace === "string" ? { "cloudwatch:namespace": input.Namespace } : {},
    },
  ],
  ...on(["*"], "GetMetricData", "GetMetricStatistics", "ListMetrics", "DescribeAlarmsForMetric"),
  // (chosen) the reference lists alarm* for DescribeAlarms, but not which ARN a listing is checked
  // against; the local cloud checks `*`, so a policy scoped to alarms refuses it.
  ...on(["*"], "DescribeAlarms"),
  ...on([ALARM], "PutMetricAlarm", "DeleteAlarms", "SetAlarmState", "DescribeAlarmHistory", "EnableAlarmActions", "DisableAlarmActions"),
  ...on([ALARM], "TagResource", "UntagResource", "ListTagsForResource"),
]);

export const CLOUDWATCH_AUTHORIZATION: AuthorizationTable = withTagConditions<CloudWatchOperations>(UNTAGGED, {
  PutMetricAlarm: (i) => tagConditions(i.Tags),
  TagResource: (i) => tagConditions(i.Tags),
  UntagResource: (i) => tagConditions(undefined, i.TagKeys),
});
