/**
 * STS's rows of the authorization table (Service Authorization Reference, AWS Security Token
 * Service): AssumeRole acts on the role, GetCallerIdentity needs no permission.
 */
import { type AuthorizationTable, row } from "../authorization-table.js";
import { resourcesFrom } from "../service.js";
import type { StsOperations } from "../validation/sts-types.js";

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
  // The rows below precede their operations (issue 17, item 2), so they are authorized as AWS does once served.
  // IAM UG, "Permissions for GetSessionToken": no permissions are required, and policies cannot control it.
  GetSessionToken: { action: "sts:GetSessionToken", resources: ["*"], conditionKeys: [], decider: "none" },
  // Called without credentials: the role's trust policy, evaluated by the operation, decides.
  AssumeRoleWithWebIdentity: {
    action: "sts:AssumeRoleWithWebIdentity",
    resources: ["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"],
    conditionKeys: [],
    decider: "operation",
  },
  AssumeRoleWithSAML: {
    action: "sts:AssumeRoleWithSAML",
    resources: ["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"],
    conditionKeys: [],
    decider: "operation",
  },
  // IAM UG, "Permissions for GetFederationToken": policies name the federated user (`federated-user/NAME`).
  GetFederationToken: row("sts:GetFederationToken", ["arn:${Partition}:sts::${Account}:federated-user/${UserName}"]),
  GetAccessKeyInfo: row("sts:GetAccessKeyInfo"),
};

export const stsResourcesFor = resourcesFrom<StsOperations>({
  AssumeRole: (input) => [input.RoleArn],
  GetFederationToken: (input, ctx) => {
    const partition = ctx.principal.arn.split(":")[1] || "aws";
    return [`arn:${partition}:sts::${ctx.account}:federated-user/${input.Name}`];
  },
});
