/**
 * aws:ResourceTag/KEY for the resource ARN a Logs request is authorized on. The Service Authorization
 * Reference gives the key to log groups, destinations, delivery sources, delivery destinations and
 * deliveries; log streams have no tags, so a stream-scoped ARN supplies none.
 */
import type { ConditionValues } from "../authorization-table.js";
import { arnPrefix } from "../partitions.js";
import type { RequestContext } from "../service.js";
import { logGroupArn } from "./arn.js";
import type { TagStore } from "./tag-store.js";

type Scope = Pick<RequestContext, "account" | "region">;

/** The ARN the tag store keys a resource's tags by, or undefined for an ARN that names no taggable resource. */
function taggedArn(s: Scope, arn: string): string | undefined {
  const prefix = `${arnPrefix(s.region)}logs:${s.region}:${s.account}:`;
  if (!arn.startsWith(prefix) || arn.includes("*")) return undefined;
  const resource = arn.slice(prefix.length);
  // Group operations are authorized on `log-group:G:log-stream:` (stream left empty), see authorization.ts.
  const group = /^log-group:([^:]+)(?::log-stream:)?$/.exec(resource);
  if (group !== null) return logGroupArn(s, group[1] ?? "");
  return /^(destination|delivery-source|delivery-destination|delivery):[^:]+$/.test(resource) ? arn : undefined;
}

export function logsResourceTagConditions(tags: TagStore, s: Scope, arn: string): ConditionValues {
  const key = taggedArn(s, arn);
  if (key === undefined) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags.list(key))) out[`aws:ResourceTag/${k}`] = v;
  return out;
}
