/**
 * The resources each CloudWatch action acts on, from AWS's service authorization reference: alarm
 * actions on the alarm's ARN, tagging on the ARN given; metric actions on `*` (they take no resource).
 */
import { type RequestContext, resourcesFrom } from "../service.js";
import type { CloudWatchOperations } from "../validation/cloudwatch-types.js";
import { alarmArn } from "./arn.js";

const alarm = (name: string, ctx: RequestContext) => [alarmArn(ctx, name)];
/** Alarms named in a list; none named acts on `*`. */
const alarms = (names: readonly string[], ctx: RequestContext) => (names.length > 0 ? names.map((n) => alarmArn(ctx, n)) : ["*"]);

export const cloudwatchResourcesFor = resourcesFrom<CloudWatchOperations>({
  PutMetricAlarm: (input, ctx) => alarm(input.AlarmName, ctx),
  SetAlarmState: (input, ctx) => alarm(input.AlarmName, ctx),
  DescribeAlarmHistory: (input, ctx) => (input.AlarmName === undefined ? ["*"] : alarm(input.AlarmName, ctx)),
  DeleteAlarms: (input, ctx) => alarms(input.AlarmNames, ctx),
  EnableAlarmActions: (input, ctx) => alarms(input.AlarmNames, ctx),
  DisableAlarmActions: (input, ctx) => alarms(input.AlarmNames, ctx),
  TagResource: (input) => [input.ResourceARN],
  UntagResource: (input) => [input.ResourceARN],
  ListTagsForResource: (input) => [input.ResourceARN],
});
