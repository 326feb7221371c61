/**
 * The resource ARN each CloudWatch Logs operation is authorized on. AWS's denials name
 * `log-group:G:log-stream:S`, with S (and for account-wide listings G) left empty, so a policy's
 * `log-group:G:*` covers both the group's own operations and its streams.
 */
import type { RequestContext } from "../service.js";
import { destinationArn, groupNameFromIdentifier, parseArn } from "./arn.js";
import { arnPrefix } from "../partitions.js";

const streamScoped = (ctx: RequestContext, group: string, stream: string) =>
  `${arnPrefix(ctx.region)}logs:${ctx.region}:${ctx.account}:log-group:${group}:log-stream:${stream}`;

/** The group an input names by logGroupName, logGroupIdentifier or resourceArn. */
function groupOf(input: Record<string, unknown>, ctx: RequestContext): string | undefined {
  if (typeof input.logGroupName === "string") return input.logGroupName;
  if (typeof input.logGroupIdentifier === "string") return groupNameFromIdentifier(ctx, input.logGroupIdentifier);
  if (typeof input.resourceArn === "string") {
    const arn = parseArn(input.resourceArn);
    const match = arn === undefined ? null : /^log-group:([^:]+)/.exec(arn.resource);
    return match?.[1];
  }
  return undefined;
}

export function logsResourcesFor(operation: string, raw: unknown, ctx: RequestContext): readonly string[] {
  const input = (raw ?? {}) as Record<string, unknown>;
  if (operation.includes("Destination") && !operation.includes("Delivery") && typeof input.destinationName === "string") {
    return [destinationArn(ctx, input.destinationName)];
  }
  const group = groupOf(input, ctx);
  if (group !== undefined) {
    const stream = typeof input.logStreamName === "string" ? input.logStreamName : "";
    return [streamScoped(ctx, group, stream)];
  }
  if (operation === "DescribeLogGroups") return [streamScoped(ctx, "", "")];
  return ["*"];
}
