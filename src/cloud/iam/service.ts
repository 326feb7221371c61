/**
 * The IAM service: Query protocol, 2010-05-08, global (state per account, never per region). Every
 * input is coerced and checked against the constraint table generated from the API model first.
 */
import { IAM_AUTHORIZATION, iamResourcesFor } from "./authorization.js";
import type { OperationTable, ServiceDefinition, ServiceDeps } from "../service.js";
import { InputDecoder, QUERY_FRONT_END } from "../validation/decode.js";
import { iamModel } from "../validation/iam-model.js";
import type { IamOperations } from "../validation/iam-types.js";
import { accessKeyOperations, registerAccessKey } from "./access-keys.js";
import { IamDirectory } from "./directory.js";
import { instanceProfileOperations } from "./instance-profiles.js";
import { groupPolicyOperations } from "./group-policies.js";
import { groupOperations } from "./groups.js";
import { policyOperations } from "./policies.js";
import { policyVersionOperations } from "./policy-versions.js";
import { rolePolicyOperations } from "./role-policies.js";
import { roleOperations } from "./roles.js";
import { IAM_SCHEMA, IAM_TABLES } from "./schema.js";
import { ACCESS_KEY_LAST_USED_SCHEMA, accessKeyLastUsedOperations } from "./access-key-last-used.js";
import { ACCOUNT_ALIAS_SCHEMA, accountAliasOperations } from "./account-alias.js";
import { LOGIN_PROFILE_SCHEMA, loginProfileOperations } from "./login-profiles.js";
import { PASSWORD_POLICY_SCHEMA, passwordPolicyOperations } from "./password-policy.js";
import { PERMISSIONS_BOUNDARY_SCHEMA, permissionsBoundaryOperations } from "./permissions-boundaries.js";
import { OIDC_PROVIDER_SCHEMA, oidcProviderOperations } from "./oidc-providers.js";
import { SAML_PROVIDER_SCHEMA, samlProviderOperations } from "./saml-providers.js";
import { CREDENTIAL_REPORT_SCHEMA, credentialReportOperations } from "./credential-report.js";
import { SSH_PUBLIC_KEY_SCHEMA, sshPublicKeyOperations } from "./ssh-public-keys.js";
import { MFA_DEVICE_SCHEMA, mfaDeviceOperations } from "./mfa-devices.js";
import { SERVICE_LINKED_ROLE_SCHEMA, serviceLinkedRoleOperations } from "./service-linked-roles.js";
import { SERVICE_CREDENTIAL_SCHEMA, serviceSpecificCredentialOperations } from "./service-specific-credentials.js";
import { simulateOperations } from "./simulate.js";
import { resourceTagConditions, tagOperations } from "./tags.js";
import { type AccessKeyRow, IamState } from "./state.js";
import { userPolicyOperations } from "./user-policies.js";
import { userOperations } from "./users.js";

/** The IAM service definition plus the identity directory that enforcement and STS read. */
export interface IamService extends ServiceDefinition {
  readonly directory: IamDirectory;
}

export const IAM_XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";

export function createIamService(deps: ServiceDeps): IamService {
  deps.store.migrate(IAM_SCHEMA);
  deps.store.migrate([
    ACCOUNT_ALIAS_SCHEMA,
    PASSWORD_POLICY_SCHEMA,
    LOGIN_PROFILE_SCHEMA,
    ACCESS_KEY_LAST_USED_SCHEMA,
    PERMISSIONS_BOUNDARY_SCHEMA,
    OIDC_PROVIDER_SCHEMA,
    SAML_PROVIDER_SCHEMA,
    CREDENTIAL_REPORT_SCHEMA,
    SSH_PUBLIC_KEY_SCHEMA,
    SERVICE_LINKED_ROLE_SCHEMA,
    SERVICE_CREDENTIAL_SCHEMA,
    MFA_DEVICE_SCHEMA,
  ]);
  const db = deps.store.db;
  const state = new IamState(db, deps.clock, deps.credentials);
  const directory = new IamDirectory(state);
  // Keys created before a restart keep working, and inactive or deleted ones stay refused: the registry
  // lives in memory, the keys in the store.
  const reregister = () => {
    for (const row of db.prepare<[], AccessKeyRow>("SELECT * FROM iam_access_keys").all()) {
      if (row.status === "Active") registerAccessKey(state, row);
      else deps.credentials?.removeKey(row.access_key_id);
    }
    for (const row of db.prepare<[], { access_key_id: string }>("SELECT access_key_id FROM iam_deleted_access_keys").all())
      deps.credentials?.removeKey(row.access_key_id);
  };
  reregister();

  const policies = policyOperations(state);
  const versions = policyVersionOperations(state);
  const roles = roleOperations(state);
  const rolePolicies = rolePolicyOperations(state);
  const users = userOperations(state);
  const userPolicies = userPolicyOperations(state);
  const keys = accessKeyOperations(state);
  const groups = groupOperations(state);
  const groupPolicies = groupPolicyOperations(state);
  const simulate = simulateOperations(state, directory);
  const alias = accountAliasOperations(state);
  const passwordPolicy = passwordPolicyOperations(state);
  const loginProfiles = loginProfileOperations(state);
  const lastUsed = accessKeyLastUsedOperations(state, deps.credentials);

  const handlers: OperationTable<IamOperations> = {
    CreatePolicy: policies.createPolicy,
    GetPolicy: policies.getPolicy,
    ListPolicies: policies.listPolicies,
    DeletePolicy: policies.deletePolicy,
    ListEntitiesForPolicy: policies.listEntitiesForPolicy,
    CreatePolicyVersion: versions.createPolicyVersion,
    GetPolicyVersion: versions.getPolicyVersion,
    ListPolicyVersions: versions.listPolicyVersions,
    SetDefaultPolicyVersion: versions.setDefaultPolicyVersion,
    DeletePolicyVersion: versions.deletePolicyVersion,
    CreateRole: roles.createRole,
    GetRole: roles.getRole,
    ListRoles: roles.listRoles,
    UpdateRole: roles.updateRole,
    DeleteRole: roles.deleteRole,
    UpdateAssumeRolePolicy: roles.updateAssumeRolePolicy,
    TagRole: roles.tagRole,
    UntagRole: roles.untagRole,
    ListRoleTags: roles.listRoleTags,
    AttachRolePolicy: rolePolicies.attachRolePolicy,
    DetachRolePolicy: rolePolicies.detachRolePolicy,
    ListAttachedRolePolicies: rolePolicies.listAttachedRolePolicies,
    PutRolePolicy: rolePolicies.putRolePolicy,
    GetRolePolicy: rolePolicies.getRolePolicy,
    DeleteRolePolicy: rolePolicies.deleteRolePolicy,
    ListRolePolicies: rolePolicies.listRolePolicies,
    CreateUser: users.createUser,
    GetUser: users.getUser,
    ListUsers: users.listUsers,
    DeleteUser: users.deleteUser,
    CreateAccessKey: keys.createAccessKey,
    ListAccessKeys: keys.listAccessKeys,
    UpdateAccessKey: keys.updateAccessKey,
    DeleteAccessKey: keys.deleteAccessKey,
    AttachUserPolicy: userPolicies.attachUserPolicy,
    DetachUserPolicy: userPolicies.detachUserPolicy,
    ListAttachedUserPolicies: userPolicies.listAttachedUserPolicies,
    PutUserPolicy: userPolicies.putUserPolicy,
    GetUserPolicy: userPolicies.getUserPolicy,
    DeleteUserPolicy: userPolicies.deleteUserPolicy,
    ListUserPolicies: userPolicies.listUserPolicies,
    CreateGroup: groups.createGroup,
    GetGroup: groups.getGroup,
    ListGroups: groups.listGroups,
    UpdateGroup: groups.updateGroup,
    DeleteGroup: groups.deleteGroup,
    AddUserToGroup: groups.addUserToGroup,
    RemoveUserFromGroup: groups.removeUserFromGroup,
    ListGroupsForUser: groups.listGroupsForUser,
    AttachGroupPolicy: groupPolicies.attachGroupPolicy,
    DetachGroupPolicy: groupPolicies.detachGroupPolicy,
    ListAttachedGroupPolicies: groupPolicies.listAttachedGroupPolicies,
    PutGroupPolicy: groupPolicies.putGroupPolicy,
    GetGroupPolicy: groupPolicies.getGroupPolicy,
    DeleteGroupPolicy: groupPolicies.deleteGroupPolicy,
    ListGroupPolicies: groupPolicies.listGroupPolicies,
    SimulatePrincipalPolicy: simulate.simulatePrincipalPolicy,
    SimulateCustomPolicy: simulate.simulateCustomPolicy,
    CreateAccountAlias: alias.createAccountAlias,
    DeleteAccountAlias: alias.deleteAccountAlias,
    ListAccountAliases: alias.listAccountAliases,
    UpdateAccountPasswordPolicy: passwordPolicy.updateAccountPasswordPolicy,
    GetAccountPasswordPolicy: passwordPolicy.getAccountPasswordPolicy,
    DeleteAccountPasswordPolicy: passwordPolicy.deleteAccountPasswordPolicy,
    CreateLoginProfile: loginProfiles.createLoginProfile,
    GetLoginProfile: loginProfiles.getLoginProfile,
    UpdateLoginProfile: loginProfiles.updateLoginProfile,
    DeleteLoginProfile: loginProfiles.deleteLoginProfile,
    GetAccessKeyLastUsed: lastUsed.getAccessKeyLastUsed,
    ...tagOperations(state),
    ...instanceProfileOperations(state),
    ...permissionsBoundaryOperations(state),
    ...oidcProviderOperations(state),
    ...samlProviderOperations(state),
    ...credentialReportOperations(state),
    ...sshPublicKeyOperations(state),
    ...mfaDeviceOperations(state),
    ...serviceLinkedRoleOperations(state),
    ...serviceSpecificCredentialOperations(state),
  };

  return {
    signingName: "iam",
    serviceId: "IAM",
    apiVersion: "2010-05-08",
    protocols: ["query"],
    xmlNamespace: IAM_XMLNS,
    inputs: new InputDecoder(iamModel, QUERY_FRONT_END),
    operations: handlers,
    resourcesFor: iamResourcesFor(state),
    resourceConditions: (resource, ctx) => resourceTagConditions(state, ctx.account, resource),
    authorization: IAM_AUTHORIZATION,
    directory,
    reset(): void {
      const keyIds = db.prepare<[], { access_key_id: string }>("SELECT access_key_id FROM iam_access_keys").all();
      db.transaction(() => {
        for (const table of IAM_TABLES) db.exec(`DELETE FROM ${table}`);
        for (const table of [
          "iam_account_aliases",
          "iam_password_policies",
          "iam_login_profiles",
          "iam_access_key_last_used",
          "iam_permissions_boundaries",
          "iam_oidc_providers",
          "iam_saml_providers",
          "iam_credential_reports",
          "iam_ssh_public_keys",
          "iam_service_linked_role_deletions",
          "iam_service_credentials",
          "iam_mfa_devices",
        ])
          db.exec(`DELETE FROM ${table}`);
      })();
      for (const k of keyIds) deps.credentials?.removeKey(k.access_key_id);
      state.cache.clear();
      state.changed();
    },
  };
}
