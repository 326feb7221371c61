/**
 * The resource ARN an operation on a log group or stream is authorized on. AWS's denials name
 * `log-group:G:log-stream:S`, with S (and for account-wide listings G) left empty, so a policy's
 * `log-group:G:*` covers both the group's own operations and its streams.
 */
import { arnPrefix } from "../partitions.js";
import type { RequestContext } from "../service.js";
import { groupNameFromIdentifier, parseArn } from "./arn.js";

type Scope = Pick<RequestContext, "account" | "region">;

/** The members by which Logs operations name a log group (and stream), as the generated inputs spell them. */
export interface GroupNaming {
  logGroupName?: string;
  logGroupIdentifier?: string;
  resourceArn?: string;
  logStreamName?: string;
}

export const streamScoped = (s: Scope, group: string, stream: string) =>
  `${arnPrefix(s.region)}logs:${s.region}:${s.account}:log-group:${group}:log-stream:${stream}`;

/** The group an input names by logGroupName, logGroupIdentifier or resourceArn. */
function groupOf(input: GroupNaming, s: Scope): string | undefined {
  if (input.logGroupName !== undefined) return input.logGroupName;
  if (input.logGroupIdentifier !== undefined) return groupNameFromIdentifier(s, input.logGroupIdentifier);
  if (input.resourceArn !== undefined) {
    const arn = parseArn(input.resourceArn);
    const match = arn === undefined ? null : /^log-group:([^:]+)/.exec(arn.resource);
    return match?.[1];
  }
  return undefined;
}

/** `log-group:G:log-stream:S` for the group (and stream) the input names, `*` when it names none. */
export function groupResources(input: GroupNaming, s: Scope): readonly string[] {
  const group = groupOf(input, s);
  return group === undefined ? ["*"] : [streamScoped(s, group, input.logStreamName ?? "")];
}
