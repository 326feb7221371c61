/**
 * IAM's rows of the authorization table (Service Authorization Reference, AWS Identity and Access
 * Management) and the ARN each call acts on: the user, role, group or policy it names, path included.
 */
import { type AuthorizationRow, type AuthorizationTable, row, tagConditions, withTagConditions } from "../authorization-table.js";
import type { RequestContext } from "../service.js";
import { storedInstanceProfileArn } from "./instance-profiles.js";
import { providerKey } from "./oidc-providers.js";
import { serviceLinkedRoleName } from "./service-linked-roles.js";
import type { IamState } from "./state.js";

const ROLE = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
const USER = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
const POLICY = "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}";
const GROUP = "arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}";
const INSTANCE_PROFILE = "arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}";
const OIDC_PROVIDER = "arn:${Partition}:iam::${Account}:oidc-provider/${OidcProviderName}";
const SAML_PROVIDER = "arn:${Partition}:iam::${Account}:saml-provider/${SamlProviderName}";
const MFA = "arn:${Partition}:iam::${Account}:mfa/${MfaTokenIdWithPath}";

/** Attach and detach carry the policy being attached as iam:PolicyARN. */
const withPolicyArn = (action: string, resource: string): AuthorizationRow => ({
  ...row(action, [resource], ["iam:PolicyARN"]),
  conditions: (input): Record<string, string> => (typeof input.PolicyArn === "string" ? { "iam:PolicyARN": input.PolicyArn } : {}),
});

/**
 * iam:PermissionsBoundary: the boundary a call sets (Put…PermissionsBoundary, CreateUser, CreateRole), from
 * the input (Service Authorization Reference, IAM condition keys). (chosen) Delete…PermissionsBoundary does not
 * supply the boundary it removes: a table row reads the input only.
 */
const withBoundaryArn = (action: string, resource: string): AuthorizationRow => ({
  ...row(action, [resource], ["iam:PermissionsBoundary"]),
  conditions: (input): Record<string, string> =>
    typeof input.PermissionsBoundary === "string" ? { "iam:PermissionsBoundary": input.PermissionsBoundary } : {},
});

const on = (resource: string, ...names: string[]): [string, AuthorizationRow][] => names.map((n) => [n, row(`iam:${n}`, [resource])]);

const UNTAGGED: AuthorizationTable = Object.fromEntries([
  ...on(
    POLICY,
    "CreatePolicy",
    "GetPolicy",
    "DeletePolicy",
    "ListEntitiesForPolicy",
    "CreatePolicyVersion",
    "GetPolicyVersion",
    "ListPolicyVersions",
    "SetDefaultPolicyVersion",
    "DeletePolicyVersion",
  ),
  ...on("*", "ListPolicies", "ListRoles", "ListUsers", "SimulateCustomPolicy", "ListGroups"),
  ...on(
    GROUP,
    "CreateGroup",
    "GetGroup",
    "UpdateGroup",
    "DeleteGroup",
    "AddUserToGroup",
    "RemoveUserFromGroup",
    "PutGroupPolicy",
    "GetGroupPolicy",
    "DeleteGroupPolicy",
    "ListGroupPolicies",
    "ListAttachedGroupPolicies",
  ),
  ...on(USER, "ListGroupsForUser"),
  ["AttachGroupPolicy", withPolicyArn("iam:AttachGroupPolicy", GROUP)],
  ["DetachGroupPolicy", withPolicyArn("iam:DetachGroupPolicy", GROUP)],
  ["CreateRole", withBoundaryArn("iam:CreateRole", ROLE)],
  ["CreateUser", withBoundaryArn("iam:CreateUser", USER)],
  ...on(
    ROLE,
    "GetRole",
    "UpdateRole",
    "DeleteRole",
    "UpdateAssumeRolePolicy",
    "TagRole",
    "UntagRole",
    "ListRoleTags",
    "ListAttachedRolePolicies",
    "PutRolePolicy",
    "GetRolePolicy",
    "DeleteRolePolicy",
    "ListRolePolicies",
  ),
  ...on(
    USER,
    "GetUser",
    "DeleteUser",
    "CreateAccessKey",
    "ListAccessKeys",
    "UpdateAccessKey",
    "DeleteAccessKey",
    "ListAttachedUserPolicies",
    "PutUserPolicy",
    "GetUserPolicy",
    "DeleteUserPolicy",
    "ListUserPolicies",
  ),
  ...on(POLICY, "TagPolicy", "UntagPolicy", "ListPolicyTags"),
  ...on(USER, "TagUser", "UntagUser", "ListUserTags"),
  ...on(
    INSTANCE_PROFILE,
    "CreateInstanceProfile",
    "GetInstanceProfile",
    "DeleteInstanceProfile",
    "AddRoleToInstanceProfile",
    "RemoveRoleFromInstanceProfile",
    "TagInstanceProfile",
    "UntagInstanceProfile",
    "ListInstanceProfileTags",
  ),
  ...on("*", "ListInstanceProfiles"),
  ...on(ROLE, "ListInstanceProfilesForRole"),
  ["AttachRolePolicy", withPolicyArn("iam:AttachRolePolicy", ROLE)],
  ["DetachRolePolicy", withPolicyArn("iam:DetachRolePolicy", ROLE)],
  ["AttachUserPolicy", withPolicyArn("iam:AttachUserPolicy", USER)],
  ["DetachUserPolicy", withPolicyArn("iam:DetachUserPolicy", USER)],
  // Account settings act on no resource ("*" in the reference); login profiles on their user.
  ...on(
    "*",
    "CreateAccountAlias",
    "DeleteAccountAlias",
    "ListAccountAliases",
    "UpdateAccountPasswordPolicy",
    "GetAccountPasswordPolicy",
    "DeleteAccountPasswordPolicy",
  ),
  ...on(USER, "CreateLoginProfile", "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "GetAccessKeyLastUsed"),
  ["SimulatePrincipalPolicy", row("iam:SimulatePrincipalPolicy", [GROUP, ROLE, USER])],
  ["PutUserPermissionsBoundary", withBoundaryArn("iam:PutUserPermissionsBoundary", USER)],
  ["DeleteUserPermissionsBoundary", withBoundaryArn("iam:DeleteUserPermissionsBoundary", USER)],
  ["PutRolePermissionsBoundary", withBoundaryArn("iam:PutRolePermissionsBoundary", ROLE)],
  ["DeleteRolePermissionsBoundary", withBoundaryArn("iam:DeleteRolePermissionsBoundary", ROLE)],
  ...on(
    OIDC_PROVIDER,
    "CreateOpenIDConnectProvider",
    "GetOpenIDConnectProvider",
    "DeleteOpenIDConnectProvider",
    "AddClientIDToOpenIDConnectProvider",
    "RemoveClientIDFromOpenIDConnectProvider",
    "UpdateOpenIDConnectProviderThumbprint",
    "TagOpenIDConnectProvider",
    "UntagOpenIDConnectProvider",
    "ListOpenIDConnectProviderTags",
  ),
  ...on("*", "ListOpenIDConnectProviders"),
  ...on(
    SAML_PROVIDER,
    "CreateSAMLProvider",
    "GetSAMLProvider",
    "UpdateSAMLProvider",
    "DeleteSAMLProvider",
    "TagSAMLProvider",
    "UntagSAMLProvider",
    "ListSAMLProviderTags",
  ),
  ...on("*", "ListSAMLProviders"),
  ...on("*", "GenerateCredentialReport", "GetCredentialReport"),
  // iam:AWSServiceName: the service the role is for (Service Authorization Reference, IAM condition keys).
  [
    "CreateServiceLinkedRole",
    {
      ...row("iam:CreateServiceLinkedRole", [ROLE], ["iam:AWSServiceName"]),
      conditions: (input): Record<string, string> => (typeof input.AWSServiceName === "string" ? { "iam:AWSServiceName": input.AWSServiceName } : {}),
    },
  ],
  ...on(ROLE, "DeleteServiceLinkedRole", "GetServiceLinkedRoleDeletionStatus"),
  ...on(
    USER,
    "CreateServiceSpecificCredential",
    "ListServiceSpecificCredentials",
    "UpdateServiceSpecificCredential",
    "ResetServiceSpecificCredential",
    "DeleteServiceSpecificCredential",
  ),
  ...on(USER, "UploadSSHPublicKey", "GetSSHPublicKey", "ListSSHPublicKeys", "UpdateSSHPublicKey", "DeleteSSHPublicKey"),
  ...on(MFA, "CreateVirtualMFADevice", "DeleteVirtualMFADevice"),
  ...on(USER, "EnableMFADevice", "DeactivateMFADevice", "ResyncMFADevice", "GetMFADevice", "ListMFADevices"),
  ...on("*", "ListVirtualMFADevices"),
]);

export const IAM_AUTHORIZATION: AuthorizationTable = withTagConditions(UNTAGGED, {
  CreateRole: (i) => tagConditions(i.Tags),
  CreateUser: (i) => tagConditions(i.Tags),
  CreatePolicy: (i) => tagConditions(i.Tags),
  TagRole: (i) => tagConditions(i.Tags),
  UntagRole: (i) => tagConditions(undefined, i.TagKeys),
  TagUser: (i) => tagConditions(i.Tags),
  UntagUser: (i) => tagConditions(undefined, i.TagKeys),
  TagPolicy: (i) => tagConditions(i.Tags),
  UntagPolicy: (i) => tagConditions(undefined, i.TagKeys),
  CreateInstanceProfile: (i) => tagConditions(i.Tags),
  TagInstanceProfile: (i) => tagConditions(i.Tags),
  UntagInstanceProfile: (i) => tagConditions(undefined, i.TagKeys),
  CreateOpenIDConnectProvider: (i) => tagConditions(i.Tags),
  TagOpenIDConnectProvider: (i) => tagConditions(i.Tags),
  UntagOpenIDConnectProvider: (i) => tagConditions(undefined, i.TagKeys),
  CreateSAMLProvider: (i) => tagConditions(i.Tags),
  TagSAMLProvider: (i) => tagConditions(i.Tags),
  UntagSAMLProvider: (i) => tagConditions(undefined, i.TagKeys),
});

/** Operations that, without UserName, act on the calling user (IAM API reference). */
const SELF = new Set([
  "DeactivateMFADevice",
  "GetMFADevice",
  "ListMFADevices",
  "CreateServiceSpecificCredential",
  "ListServiceSpecificCredentials",
  "UpdateServiceSpecificCredential",
  "ResetServiceSpecificCredential",
  "DeleteServiceSpecificCredential",
  "ListSSHPublicKeys",
  "GetUser",
  "CreateAccessKey",
  "ListAccessKeys",
  "UpdateAccessKey",
  "DeleteAccessKey",
  "CreateLoginProfile",
  "GetLoginProfile",
  "UpdateLoginProfile",
  "DeleteLoginProfile",
]);

/** The resource ARNs of each IAM call; an entity that does not exist yet (or any more) is named without a path. */
export function iamResourcesFor(state: IamState) {
  return (operation: string, raw: unknown, ctx: RequestContext): readonly string[] => {
    // Read by member name across every operation (each member's type checked below), so the typed input is seen as a record.
    const input = (raw ?? {}) as Record<string, unknown>;
    // IAM is global within a partition: the caller's own ARN says which.
    const partition = ctx.principal.arn.split(":")[1] || "aws";
    const arn = (kind: string, path: string, name: string) => `arn:${partition}:iam::${ctx.account}:${kind}${path}${name}`;
    const path = typeof input.Path === "string" ? input.Path : "/";
    // An operation without a row yet: the entity its input names, as the rows do.
    const inferred =
      typeof input.RoleName === "string" ? ROLE : typeof input.UserName === "string" ? USER : typeof input.PolicyArn === "string" ? POLICY : undefined;
    const resource = IAM_AUTHORIZATION[operation]?.resources[0] ?? inferred;
    if (resource === INSTANCE_PROFILE && typeof input.InstanceProfileName === "string") {
      const name = input.InstanceProfileName;
      return [
        operation === "CreateInstanceProfile"
          ? arn("instance-profile", path, name)
          : (storedInstanceProfileArn(state, ctx.account, name) ?? arn("instance-profile", "/", name)),
      ];
    }
    if ((resource === undefined || resource === GROUP) && typeof input.GroupName === "string") {
      return [
        operation === "CreateGroup"
          ? arn("group", path, input.GroupName)
          : (state.group(ctx.account, input.GroupName)?.arn ?? arn("group", "/", input.GroupName)),
      ];
    }
    if (resource === ROLE && typeof input.RoleName === "string") {
      return [
        operation === "CreateRole" ? arn("role", path, input.RoleName) : (state.role(ctx.account, input.RoleName)?.arn ?? arn("role", "/", input.RoleName)),
      ];
    }
    if (resource === USER) {
      if (typeof input.UserName === "string") {
        return [
          operation === "CreateUser" ? arn("user", path, input.UserName) : (state.user(ctx.account, input.UserName)?.arn ?? arn("user", "/", input.UserName)),
        ];
      }
      if (SELF.has(operation)) return [ctx.principal.arn];
    }
    if (resource === POLICY) {
      if (operation === "CreatePolicy" && typeof input.PolicyName === "string") return [arn("policy", path, input.PolicyName)];
      if (typeof input.PolicyArn === "string") return [input.PolicyArn];
    }
    if (operation === "SimulatePrincipalPolicy" && typeof input.PolicySourceArn === "string") return [input.PolicySourceArn];
    if (operation === "CreateServiceLinkedRole" && typeof input.AWSServiceName === "string") {
      const name = serviceLinkedRoleName(input.AWSServiceName, typeof input.CustomSuffix === "string" ? input.CustomSuffix : undefined);
      if (name !== undefined) return [arn("role", `/aws-service-role/${input.AWSServiceName}/`, name)];
    }
    // A deletion task id names its role: task/aws-service-role/SERVICE/ROLE/UUID.
    const task =
      operation === "GetServiceLinkedRoleDeletionStatus" && typeof input.DeletionTaskId === "string"
        ? /^task(\/aws-service-role\/[^/]+\/)([^/]+)\/[^/]+$/.exec(input.DeletionTaskId)
        : null;
    if (task !== null) return [arn("role", task[1] as string, task[2] as string)];
    if (resource === MFA && typeof input.VirtualMFADeviceName === "string") return [arn("mfa", path, input.VirtualMFADeviceName)];
    if (resource === MFA && typeof input.SerialNumber === "string") return [input.SerialNumber];
    if (typeof input.OpenIDConnectProviderArn === "string") return [input.OpenIDConnectProviderArn];
    if (typeof input.SAMLProviderArn === "string") return [input.SAMLProviderArn];
    if (operation === "CreateSAMLProvider" && typeof input.Name === "string") return [arn("saml-provider", "/", input.Name)];
    if (operation === "CreateOpenIDConnectProvider" && typeof input.Url === "string") return [arn("oidc-provider", "/", providerKey(input.Url) ?? input.Url)];
    // GetAccessKeyLastUsed names only the key: it acts on the key's user (the root's keys on the root).
    if (operation === "GetAccessKeyLastUsed" && typeof input.AccessKeyId === "string") {
      const owner = state.db
        .prepare<[string, string], { user_name: string }>("SELECT user_name FROM iam_access_keys WHERE access_key_id = ? AND account = ?")
        .get(input.AccessKeyId, ctx.account);
      if (owner !== undefined)
        return [
          owner.user_name === ""
            ? `arn:${partition}:iam::${ctx.account}:root`
            : (state.user(ctx.account, owner.user_name)?.arn ?? arn("user", "/", owner.user_name)),
        ];
    }
    return ["*"];
  };
}
