/**
 * The resources each CloudWatch action acts on, from AWS's service authorization reference: alarm
 * actions on the alarm's ARN, tagging on the ARN given; metric actions on `*` (they take no resource).
 */
import type { RequestContext } from "../service.js";
import { alarmArn } from "./arn.js";

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function cloudwatchResourcesFor(operation: string, input: unknown, ctx: RequestContext): readonly string[] {
  const body = (input ?? {}) as Record<string, unknown>;
  const one = (v: unknown) => (typeof v === "string" ? [alarmArn(ctx, v)] : ["*"]);
  switch (operation) {
    case "PutMetricAlarm":
    case "SetAlarmState":
      return one(body.AlarmName);
    case "DescribeAlarmHistory":
      return typeof body.AlarmName === "string" ? one(body.AlarmName) : ["*"];
    case "DeleteAlarms":
    case "EnableAlarmActions":
    case "DisableAlarmActions": {
      const list = names(body.AlarmNames).map((n) => alarmArn(ctx, n));
      return list.length > 0 ? list : ["*"];
    }
    case "TagResource":
    case "UntagResource":
    case "ListTagsForResource":
      return typeof body.ResourceARN === "string" ? [body.ResourceARN] : ["*"];
    default:
      return ["*"];
  }
}
