/** CloudWatch ARNs: `arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME`, the only taggable resource here. */
import type { Scope } from "./types.js";
import { arnPrefix } from "../partitions.js";

export const alarmArn = (scope: Scope, name: string) => `${arnPrefix(scope.region)}cloudwatch:${scope.region}:${scope.account}:alarm:${name}`;

/** The alarm an ARN names, when it is an alarm ARN of this account and region. */
export function alarmNameOf(scope: Scope, arn: string): string | undefined {
  const prefix = `${arnPrefix(scope.region)}cloudwatch:${scope.region}:${scope.account}:alarm:`;
  return arn.startsWith(prefix) && arn.length > prefix.length ? arn.slice(prefix.length) : undefined;
}
