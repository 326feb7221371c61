/**
 * IAM's request shapes, as in the API model (iam/2010-05-08) and @aws-sdk/client-iam, after Query decoding
 * and coercion: only the members flowwatch reads. Written here because client-iam is not a dependency.
 */
import type { PageInput } from "./pagination.js";
import type { Tag } from "./state.js";

export interface CreatePolicyRequest {
  PolicyName: string;
  Path?: string;
  PolicyDocument: string;
  Description?: string;
  Tags?: Tag[];
}
export interface PolicyArnRequest {
  PolicyArn: string;
}
export interface PolicyVersionRequest extends PolicyArnRequest {
  VersionId: string;
}
export interface ListPoliciesRequest extends PageInput {
  Scope?: "All" | "AWS" | "Local";
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: "PermissionsPolicy" | "PermissionsBoundary";
}
export interface CreatePolicyVersionRequest extends PolicyArnRequest {
  PolicyDocument: string;
  SetAsDefault?: boolean;
}
export interface ListPolicyVersionsRequest extends PolicyArnRequest, PageInput {}
export interface ListEntitiesForPolicyRequest extends PolicyArnRequest, PageInput {
  EntityFilter?: "User" | "Role" | "Group" | "LocalManagedPolicy" | "AWSManagedPolicy";
  PathPrefix?: string;
  PolicyUsageFilter?: "PermissionsPolicy" | "PermissionsBoundary";
}

export interface CreateRoleRequest {
  Path?: string;
  RoleName: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}
export interface RoleNameRequest {
  RoleName: string;
}
export interface ListRolesRequest extends PageInput {
  PathPrefix?: string;
}
export interface UpdateRoleRequest extends RoleNameRequest {
  Description?: string;
  MaxSessionDuration?: number;
}
export interface UpdateAssumeRolePolicyRequest extends RoleNameRequest {
  PolicyDocument: string;
}
export interface TagRoleRequest extends RoleNameRequest {
  Tags: Tag[];
}
export interface UntagRoleRequest extends RoleNameRequest {
  TagKeys: string[];
}
export interface ListRoleTagsRequest extends RoleNameRequest, PageInput {}

export interface CreateUserRequest {
  Path?: string;
  UserName: string;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}
export interface UserNameRequest {
  UserName: string;
}
export interface OptionalUserRequest {
  UserName?: string;
}
export interface ListUsersRequest extends PageInput {
  PathPrefix?: string;
}
export interface ListAccessKeysRequest extends OptionalUserRequest, PageInput {}
export interface UpdateAccessKeyRequest extends OptionalUserRequest {
  AccessKeyId: string;
  Status: "Active" | "Inactive";
}
export interface DeleteAccessKeyRequest extends OptionalUserRequest {
  AccessKeyId: string;
}

/** Attach/Detach{Role,User}Policy, ListAttached… and the inline policy operations, for either owner. */
export interface AttachPolicyRequest {
  RoleName?: string;
  UserName?: string;
  GroupName?: string;
  PolicyArn: string;
}
export interface ListAttachedRequest extends PageInput {
  RoleName?: string;
  UserName?: string;
  GroupName?: string;
  PathPrefix?: string;
}
export interface PutInlinePolicyRequest {
  RoleName?: string;
  UserName?: string;
  GroupName?: string;
  PolicyName: string;
  PolicyDocument: string;
}
export interface InlinePolicyRequest {
  RoleName?: string;
  UserName?: string;
  GroupName?: string;
  PolicyName: string;
}
export interface ListInlineRequest extends PageInput {
  RoleName?: string;
  UserName?: string;
  GroupName?: string;
}

export interface CreateGroupRequest {
  Path?: string;
  GroupName: string;
}
export interface GroupNameRequest {
  GroupName: string;
}
export interface GetGroupRequest extends GroupNameRequest, PageInput {}
export interface ListGroupsRequest extends PageInput {
  PathPrefix?: string;
}
export interface UpdateGroupRequest extends GroupNameRequest {
  NewPath?: string;
  NewGroupName?: string;
}
export interface GroupMemberRequest extends GroupNameRequest {
  UserName: string;
}
export interface ListGroupsForUserRequest extends PageInput {
  UserName: string;
}

export interface ContextEntry {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}
export interface SimulateCustomPolicyRequest extends PageInput {
  PolicyInputList: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  ResourceHandlingOption?: string;
}
export interface SimulatePrincipalPolicyRequest extends Omit<SimulateCustomPolicyRequest, "PolicyInputList"> {
  PolicySourceArn: string;
  PolicyInputList?: string[];
}
