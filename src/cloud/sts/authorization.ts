/**
 * STS's rows of the authorization table (Service Authorization Reference, AWS Security Token
 * Service): AssumeRole acts on the role, GetCallerIdentity needs no permission.
 */
import type { AuthorizationTable } from "../authorization-table.js";
import type { RequestContext } from "../service.js";

export const STS_AUTHORIZATION: AuthorizationTable = {
  // The caller's identity policies and the role's trust policy are evaluated together by the
  // operation: in the same account a trust policy naming the user allows without an identity policy.
  AssumeRole: {
    action: "sts:AssumeRole",
    resources: ["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"],
    conditionKeys: ["sts:ExternalId", "sts:RoleSessionName"],
    decider: "operation",
  },
  // STS API reference: "No permissions are required to perform this operation", even under an explicit deny.
  GetCallerIdentity: { action: "sts:GetCallerIdentity", resources: ["*"], conditionKeys: [], decider: "none" },
};

export function stsResourcesFor(operation: string, raw: unknown, _ctx: RequestContext): readonly string[] {
  const input = (raw ?? {}) as Record<string, unknown>;
  if (operation === "AssumeRole" && typeof input.RoleArn === "string") return [input.RoleArn];
  return ["*"];
}
