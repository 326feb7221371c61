/**
 * The resource ARN each IAM operation is authorized on (AWS's service authorization reference):
 * the role, user or policy it names; calls about the caller itself (GetUser without UserName) act
 * on the caller's own ARN; listings act on `*`. Paths are not part of the ARN here (roles and users
 * are found by name), so a policy naming `role/path/name` is matched against `role/name`.
 */
import type { RequestContext } from "../service.js";

export function iamResourcesFor(operation: string, raw: unknown, ctx: RequestContext): readonly string[] {
  const input = (raw ?? {}) as Record<string, unknown>;
  const arn = (kind: string, name: unknown) => `arn:aws:iam::${ctx.account}:${kind}/${String(name)}`;
  if (typeof input.PolicyArn === "string") return [input.PolicyArn];
  if (typeof input.RoleName === "string") return [arn("role", input.RoleName)];
  if (typeof input.UserName === "string") return [arn("user", input.UserName)];
  if (typeof input.PolicySourceArn === "string") return [input.PolicySourceArn];
  if (operation === "GetUser" || operation === "ListAccessKeys" || operation === "CreateAccessKey") return [ctx.principal.arn];
  if (operation === "CreatePolicy" && typeof input.PolicyName === "string") return [arn("policy", input.PolicyName)];
  return ["*"];
}
