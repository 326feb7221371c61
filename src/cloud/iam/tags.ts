/**
 * Tags on users, customer managed policies and instance profiles (Tag/Untag/List…Tags), the tag rules
 * every taggable IAM entity shares, and the aws:ResourceTag/KEY values enforcement reads from an IAM ARN.
 */
import type { ConditionValues } from "../authorization-table.js";
import type { RequestContext } from "../service.js";
import type {
  ListInstanceProfileTagsRequest,
  ListInstanceProfileTagsResponse,
  ListPolicyTagsRequest,
  ListPolicyTagsResponse,
  ListUserTagsRequest,
  ListUserTagsResponse,
  TagInstanceProfileRequest,
  TagPolicyRequest,
  TagUserRequest,
  UntagInstanceProfileRequest,
  UntagPolicyRequest,
  UntagUserRequest,
} from "../validation/iam-types.js";
import { parseArn } from "./arn.js";
import {
  awsManagedPolicy,
  duplicateTagKeys,
  instanceProfileNotFound,
  policyNotFound,
  reservedTagKey,
  tooManyTags,
  unparsableArn,
  userNotFound,
} from "./errors.js";
import type { PageInput } from "./pagination.js";
import { paginate } from "./pagination.js";
import type { TagOwnerKind } from "./schema.js";
import type { IamState, Tag } from "./state.js";

/** IAM UG, IAM and STS quotas: 50 tags per user, role, policy or instance profile. */
const MAX_TAGS = 50;

/** What IAM lets you tag (groups have no tags on AWS). */
export type TaggableKind = Exclude<TagOwnerKind, "group">;

const QUOTA_NAME: Record<TaggableKind, "Role" | "User" | "Policy" | "InstanceProfile" | "OpenIDConnectProvider" | "SAMLProvider"> = {
  role: "Role",
  user: "User",
  policy: "Policy",
  "instance-profile": "InstanceProfile",
  "oidc-provider": "OpenIDConnectProvider",
  "saml-provider": "SAMLProvider",
};

/**
 * The rules AWS applies to tags being added (IAM UG, tagging IAM resources): no key in the reserved
 * `aws:` space, no key twice in one request (compared without case), at most 50 on the entity after
 * the request. Lengths and characters are checked from the model before an operation runs.
 */
export function checkTags(state: IamState, account: string, kind: TaggableKind, owner: string, tags: readonly Tag[]): void {
  for (const t of tags) if (t.Key.toLowerCase().startsWith("aws:")) throw reservedTagKey(t.Key);
  const keys = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (keys.size !== tags.length) throw duplicateTagKeys();
  const existing = state.tags(account, kind, owner).map((t) => t.Key.toLowerCase());
  if (new Set([...existing, ...keys]).size > MAX_TAGS) throw tooManyTags(QUOTA_NAME[kind]);
}

/** Adds tags after the checks; the caller has found the owner. Principal tags feed aws:PrincipalTag, so permissions may change. */
export function addTags(state: IamState, account: string, kind: TaggableKind, owner: string, tags: readonly Tag[]): void {
  checkTags(state, account, kind, owner, tags);
  state.putTags(account, kind, owner, tags);
  state.changed();
}

/** Removes the named keys, without regard to case; keys the entity does not have are ignored, as on AWS. */
export function removeTags(state: IamState, account: string, kind: TaggableKind, owner: string, keys: readonly string[]): void {
  const drop = state.db.prepare("DELETE FROM iam_tags WHERE account = ? AND kind = ? AND owner = ? AND key = ?");
  for (const key of keys) drop.run(account, kind, owner, key);
  state.changed();
}

/** One page of an entity's tags, the answer of every List…Tags. */
export interface TagPage {
  Tags: Tag[];
  IsTruncated: boolean;
  Marker?: string;
}

export function listTags(state: IamState, account: string, kind: TaggableKind, owner: string, input: PageInput): TagPage {
  const page = paginate(state.tags(account, kind, owner), input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function tagOperations(state: IamState) {
  const user = (name: string, ctx: RequestContext): string => {
    const row = state.user(ctx.account, name);
    if (row === undefined) throw userNotFound(name);
    return row.name;
  };
  // AWS managed policies cannot be tagged: the customer's own only.
  const policy = (arn: string, ctx: RequestContext): string => {
    if (parseArn(arn) === undefined) throw unparsableArn();
    const p = state.policy(ctx.account, arn);
    if (p === undefined) throw policyNotFound(arn);
    if (p.kind === "aws") throw awsManagedPolicy(arn);
    return p.row.arn;
  };
  const profile = (name: string, ctx: RequestContext): string => {
    const row = state.db
      .prepare<[string, string], { name: string }>("SELECT name FROM iam_instance_profiles WHERE account = ? AND name = ?")
      .get(ctx.account, name);
    if (row === undefined) throw instanceProfileNotFound(name);
    return row.name;
  };

  return {
    TagUser: (input: TagUserRequest, ctx: RequestContext): void => addTags(state, ctx.account, "user", user(input.UserName, ctx), input.Tags),
    UntagUser: (input: UntagUserRequest, ctx: RequestContext): void => removeTags(state, ctx.account, "user", user(input.UserName, ctx), input.TagKeys),
    ListUserTags: (input: ListUserTagsRequest, ctx: RequestContext): ListUserTagsResponse =>
      listTags(state, ctx.account, "user", user(input.UserName, ctx), input),
    TagPolicy: (input: TagPolicyRequest, ctx: RequestContext): void => addTags(state, ctx.account, "policy", policy(input.PolicyArn, ctx), input.Tags),
    UntagPolicy: (input: UntagPolicyRequest, ctx: RequestContext): void =>
      removeTags(state, ctx.account, "policy", policy(input.PolicyArn, ctx), input.TagKeys),
    ListPolicyTags: (input: ListPolicyTagsRequest, ctx: RequestContext): ListPolicyTagsResponse =>
      listTags(state, ctx.account, "policy", policy(input.PolicyArn, ctx), input),
    TagInstanceProfile: (input: TagInstanceProfileRequest, ctx: RequestContext): void =>
      addTags(state, ctx.account, "instance-profile", profile(input.InstanceProfileName, ctx), input.Tags),
    UntagInstanceProfile: (input: UntagInstanceProfileRequest, ctx: RequestContext): void =>
      removeTags(state, ctx.account, "instance-profile", profile(input.InstanceProfileName, ctx), input.TagKeys),
    ListInstanceProfileTags: (input: ListInstanceProfileTagsRequest, ctx: RequestContext): ListInstanceProfileTagsResponse =>
      listTags(state, ctx.account, "instance-profile", profile(input.InstanceProfileName, ctx), input),
  };
}

/** The taggable kinds an IAM ARN's resource type names. */
const KIND_IN_ARN: Readonly<Record<string, TaggableKind>> = { role: "role", user: "user", policy: "policy", "instance-profile": "instance-profile" };

/**
 * aws:ResourceTag/KEY (and iam:ResourceTag/KEY, its IAM-specific twin) for an IAM ARN of the caller's
 * account: the tags of the role, user, customer managed policy or instance profile it names; nothing
 * for other ARNs or entities that do not exist.
 */
export function resourceTagConditions(state: IamState, account: string, arn: string): ConditionValues {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== "iam" || parsed.account !== account) return {};
  const m = /^(role|user|policy|instance-profile)\/(?:.*\/)?([^/]+)$/.exec(parsed.resource);
  if (m === null) return {};
  const kind = KIND_IN_ARN[m[1] ?? ""];
  if (kind === undefined) return {};
  const owner = kind === "policy" ? arn : (m[2] ?? "");
  const out: Record<string, string> = {};
  for (const t of state.tags(account, kind, owner)) {
    out[`aws:ResourceTag/${t.Key}`] = t.Value;
    out[`iam:ResourceTag/${t.Key}`] = t.Value;
  }
  return out;
}
