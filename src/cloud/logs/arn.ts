/** ARNs as CloudWatch Logs writes them, and reading a logGroupIdentifier (a name or an ARN without `:*`). */
import type { RequestContext } from "../service.js";
import { arnPrefix, inPartitionOf } from "../partitions.js";

type Scope = Pick<RequestContext, "account" | "region">;

/** `arn` of DescribeLogGroups: with the trailing `:*` that IAM policies on streams need. */
export const logGroupArnWithStar = (s: Scope, name: string) => `${arnPrefix(s.region)}logs:${s.region}:${s.account}:log-group:${name}:*`;
/** `logGroupArn`, and what TagResource and logGroupIdentifier take: no trailing `:*`. */
export const logGroupArn = (s: Scope, name: string) => `${arnPrefix(s.region)}logs:${s.region}:${s.account}:log-group:${name}`;
export const logStreamArn = (s: Scope, group: string, stream: string) =>
  `${arnPrefix(s.region)}logs:${s.region}:${s.account}:log-group:${group}:log-stream:${stream}`;
export const destinationArn = (s: Scope, name: string) => `${arnPrefix(s.region)}logs:${s.region}:${s.account}:destination:${name}`;
export const deliverySourceArn = (s: Scope, name: string) => `${arnPrefix(s.region)}logs:${s.region}:${s.account}:delivery-source:${name}`;
export const deliveryDestinationArn = (s: Scope, name: string) => `${arnPrefix(s.region)}logs:${s.region}:${s.account}:delivery-destination:${name}`;
export const deliveryArn = (s: Scope, id: string) => `${arnPrefix(s.region)}logs:${s.region}:${s.account}:delivery:${id}`;

export interface ParsedArn {
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon: `log-group:NAME`, `destination:NAME`, `stream/NAME`. */
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return { service: parts[2] ?? "", region: parts[3] ?? "", account: parts[4] ?? "", resource: parts.slice(5).join(":") };
}

/**
 * The log group a logGroupIdentifier names in the caller's account and region, or undefined when
 * the ARN points elsewhere (cross-account observability is not simulated).
 */
export function groupNameFromIdentifier(s: Scope, identifier: string): string | undefined {
  if (!identifier.startsWith("arn:")) return identifier;
  const arn = parseArn(identifier);
  if (arn === undefined || !inPartitionOf(identifier, s.region) || arn.service !== "logs" || arn.account !== s.account || arn.region !== s.region)
    return undefined;
  const m = /^log-group:([^:]+)$/.exec(arn.resource);
  return m?.[1];
}
