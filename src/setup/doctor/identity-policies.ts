/**
 * Reading an IAM role's or user's policies through the SDK (attached managed, inline, a user's groups',
 * the permissions boundary) and compiling them with the policy engine, for doctor's own evaluation.
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from "@aws-sdk/client-iam";
import { type CompiledPolicy, parsePolicyDocument, type PolicyInput } from "../../policy/index.js";
import { isAwsError } from "../errors.js";

export interface IdentityPolicies {
  /** Attached and inline policies: what may allow. */
  policies: PolicyInput[];
  /** The permissions boundary, when one is set: it must allow too. */
  boundary: PolicyInput | undefined;
  /** What was read, for the check's detail: `2 attached, 1 inline`. */
  summary: string;
}

/** IAM returns documents URL-encoded; the SDK does not decode them. */
function decode(text: string | undefined, where: string): string {
  if (text === undefined) throw new Error(`${where}: the answer has no policy document`);
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compile(text: string, id: string, sourceType: string): PolicyInput {
  let policy: CompiledPolicy;
  try {
    policy = parsePolicyDocument(text, "identity");
  } catch (error) {
    throw new Error(`${id}: flowwatch's policy engine cannot read this document (${(error as Error).message})`);
  }
  return { policy, id, sourceType };
}

/** Every page of an IAM listing (Marker / IsTruncated). */
async function pages<T>(fetch: (marker: string | undefined) => Promise<{ items: T[]; IsTruncated?: boolean; Marker?: string }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  // IAM lists at most 100 per page; a role holds at most 20 attached policies, a user at most 10 groups.
  for (let page = 0; page < 50; page++) {
    const answer = await fetch(marker);
    out.push(...answer.items);
    if (!answer.IsTruncated || answer.Marker === undefined) return out;
    marker = answer.Marker;
  }
  return out;
}

async function managed(iam: IAMClient, arn: string): Promise<PolicyInput> {
  const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy?.DefaultVersionId ?? "v1" }));
  return compile(decode(version.PolicyVersion?.Document, `GetPolicyVersion ${arn}`), arn, arn.includes(":iam::aws:policy/") ? "aws-managed" : "user-managed");
}

const page = (marker: string | undefined) => (marker === undefined ? {} : { Marker: marker });

/** A role's policies, as GetRole, ListAttachedRolePolicies, ListRolePolicies and GetRolePolicy give them. */
export async function rolePolicies(iam: IAMClient, roleName: string): Promise<IdentityPolicies> {
  const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  const attached = await pages(async (m) => {
    const a = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...page(m) }));
    return { ...a, items: (a.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? "") };
  });
  const inlineNames = await pages(async (m) => {
    const a = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName, ...page(m) }));
    return { ...a, items: a.PolicyNames ?? [] };
  });
  const policies = [
    ...(await Promise.all(attached.map((arn) => managed(iam, arn)))),
    ...(await Promise.all(
      inlineNames.map(async (name) =>
        compile(
          decode((await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }))).PolicyDocument, `GetRolePolicy ${name}`),
          name,
          "role",
        ),
      ),
    )),
  ];
  const boundaryArn = role?.PermissionsBoundary?.PermissionsBoundaryArn;
  const boundary = boundaryArn === undefined ? undefined : await managed(iam, boundaryArn);
  return { policies, boundary, summary: summary(attached.length, inlineNames.length, 0, boundary) };
}

/**
 * A user's policies, its groups' included. An endpoint without IAM groups (ListGroupsForUser answered
 * as an unknown action) has no group policies to read.
 */
export async function userPolicies(iam: IAMClient, userName: string): Promise<IdentityPolicies> {
  const user = (await iam.send(new GetUserCommand({ UserName: userName }))).User;
  const attached = await pages(async (m) => {
    const a = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, ...page(m) }));
    return { ...a, items: (a.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? "") };
  });
  const inlineNames = await pages(async (m) => {
    const a = await iam.send(new ListUserPoliciesCommand({ UserName: userName, ...page(m) }));
    return { ...a, items: a.PolicyNames ?? [] };
  });
  let groups: string[] = [];
  try {
    groups = await pages(async (m) => {
      const a = await iam.send(new ListGroupsForUserCommand({ UserName: userName, ...page(m) }));
      return { ...a, items: (a.Groups ?? []).map((g) => g.GroupName ?? "") };
    });
  } catch (error) {
    if (!isAwsError(error, "InvalidAction", "UnknownOperationException", "NotImplemented")) throw error;
  }
  const policies = [
    ...(await Promise.all(attached.map((arn) => managed(iam, arn)))),
    ...(await Promise.all(
      inlineNames.map(async (name) =>
        compile(
          decode((await iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: name }))).PolicyDocument, `GetUserPolicy ${name}`),
          name,
          "user",
        ),
      ),
    )),
  ];
  let groupPolicies = 0;
  for (const group of groups) {
    const groupAttached = (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group }))).AttachedPolicies ?? [];
    const groupInline = (await iam.send(new ListGroupPoliciesCommand({ GroupName: group }))).PolicyNames ?? [];
    policies.push(...(await Promise.all(groupAttached.map((p) => managed(iam, p.PolicyArn ?? "")))));
    for (const name of groupInline) {
      policies.push(
        compile(
          decode((await iam.send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: name }))).PolicyDocument, `GetGroupPolicy ${name}`),
          name,
          "group",
        ),
      );
    }
    groupPolicies += groupAttached.length + groupInline.length;
  }
  const boundaryArn = user?.PermissionsBoundary?.PermissionsBoundaryArn;
  const boundary = boundaryArn === undefined ? undefined : await managed(iam, boundaryArn);
  return { policies, boundary, summary: summary(attached.length, inlineNames.length, groupPolicies, boundary) };
}

function summary(attached: number, inline: number, group: number, boundary: PolicyInput | undefined): string {
  const parts = [`${attached} attached`, `${inline} inline`, ...(group > 0 ? [`${group} of its groups`] : []), ...(boundary ? ["a permissions boundary"] : [])];
  return `${parts.join(", ")} ${attached + inline + group === 1 ? "policy" : "policies"}`;
}
