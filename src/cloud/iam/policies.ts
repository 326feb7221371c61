/** Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, ListEntitiesForPolicy; AWS's are read-only. */
import { partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  CreatePolicyRequest,
  CreatePolicyResponse,
  DeletePolicyRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse,
  ListPoliciesRequest,
  ListPoliciesResponse,
  Policy,
} from "../validation/iam-types.js";
import { parseArn, policyArn } from "./arn.js";
import { checkDocument, policySize } from "./documents.js";
import { awsManagedPolicy, policyAttached, policyExists, policyHasVersions, policyNotFound, quota, unparsableArn } from "./errors.js";
import { uniqueId } from "./ids.js";
import { MANAGED_POLICIES } from "./managed-policies.js";
import { paginate } from "./pagination.js";
import { boundaryOwners, boundaryUsageCount } from "./permissions-boundaries.js";
import { checkTags } from "./tags.js";
import type { AnyPolicy, GroupRow, IamState, PolicyRow, RoleRow, UserRow } from "./state.js";

/** IAM UG quotas: a managed policy's document, whitespace not counted. */
export const MANAGED_POLICY_SIZE = 6144;

/** The Policy structure; ListPolicies leaves out Description and Tags, as AWS's does. */
export function policyView(state: IamState, account: string, p: AnyPolicy, full: boolean): Policy {
  const common = (name: string, id: string, arn: string, path: string, version: string) => ({
    PolicyName: name,
    PolicyId: id,
    Arn: arn,
    Path: path,
    DefaultVersionId: version,
    AttachmentCount: state.attachmentCount(account, arn),
    PermissionsBoundaryUsageCount: boundaryUsageCount(state, account, arn),
    IsAttachable: true,
  });
  if (p.kind === "aws") {
    const m = p.policy;
    return {
      ...common(m.name, m.id, m.arn, m.path, m.defaultVersion),
      ...(full ? { Description: m.description } : {}),
      CreateDate: new Date(m.createDate),
      UpdateDate: new Date(m.updateDate),
    };
  }
  const r = p.row;
  const tags = full ? state.tags(account, "policy", r.arn) : [];
  return {
    ...common(r.name, r.id, r.arn, r.path, r.default_version),
    ...(full && r.description !== null ? { Description: r.description } : {}),
    CreateDate: new Date(r.create_date),
    UpdateDate: new Date(r.update_date),
    ...(tags.length > 0 ? { Tags: tags } : {}),
  };
}

/** The policy an ARN names, or AWS's NoSuchEntity; text that is no ARN gets the recorded ValidationError. */
export function requirePolicy(state: IamState, account: string, arn: string): AnyPolicy {
  if (parseArn(arn) === undefined) throw unparsableArn();
  const p = state.policy(account, arn);
  if (p === undefined) throw policyNotFound(arn);
  return p;
}

/** A customer managed policy, for the operations that change one; AWS's own are refused. */
export function requireLocalPolicy(state: IamState, account: string, arn: string): PolicyRow {
  const p = requirePolicy(state, account, arn);
  if (p.kind === "aws") throw awsManagedPolicy(arn);
  return p.row;
}

export function policyOperations(state: IamState) {
  const db = state.db;

  /** CreatePolicy. The document becomes version v1, the default. */
  function createPolicy(input: CreatePolicyRequest, ctx: RequestContext): CreatePolicyResponse {
    const path = input.Path ?? "/";
    if (db.prepare("SELECT 1 FROM iam_policies WHERE account = ? AND name = ?").get(ctx.account, input.PolicyName) !== undefined) {
      throw policyExists(input.PolicyName);
    }
    checkDocument(state.cache, input.PolicyDocument, "identity", { managed: true });
    if (policySize(input.PolicyDocument) > MANAGED_POLICY_SIZE) throw quota("PolicySize", MANAGED_POLICY_SIZE);
    const now = state.clock.now();
    const arn = policyArn(ctx.account, path, input.PolicyName, partitionId(ctx.region));
    checkTags(state, ctx.account, "policy", arn, input.Tags ?? []);
    db.transaction(() => {
      db.prepare(
        `INSERT INTO iam_policies (arn, account, name, path, id, description, default_version, next_version, create_date, update_date)
         VALUES (?, ?, ?, ?, ?, ?, 'v1', 2, ?, ?)`,
      ).run(arn, ctx.account, input.PolicyName, path, uniqueId("ANPA"), input.Description ?? null, now, now);
      db.prepare("INSERT INTO iam_policy_versions (policy_arn, version_id, document, create_date) VALUES (?, 'v1', ?, ?)").run(arn, input.PolicyDocument, now);
      state.putTags(ctx.account, "policy", arn, input.Tags ?? []);
    })();
    return { Policy: policyView(state, ctx.account, requirePolicy(state, ctx.account, arn), true) };
  }

  /** GetPolicy: customer managed policies of the caller's account and AWS managed policies. */
  function getPolicy(input: GetPolicyRequest, ctx: RequestContext): GetPolicyResponse {
    return { Policy: policyView(state, ctx.account, requirePolicy(state, ctx.account, input.PolicyArn), true) };
  }

  /** ListPolicies. Scope All (the default) lists AWS's policies and the account's own. */
  function listPolicies(input: ListPoliciesRequest, ctx: RequestContext): ListPoliciesResponse {
    const scope = input.Scope ?? "All";
    const all: AnyPolicy[] = [];
    const partition = partitionId(ctx.region);
    if (scope !== "Local")
      for (const policy of MANAGED_POLICIES) all.push({ kind: "aws", policy: { ...policy, arn: policy.arn.replace(/^arn:aws:/, `arn:${partition}:`) } });
    if (scope !== "AWS") {
      for (const row of db.prepare<[string], PolicyRow>("SELECT * FROM iam_policies WHERE account = ?").all(ctx.account)) all.push({ kind: "local", row });
    }
    const name = (p: AnyPolicy) => (p.kind === "aws" ? p.policy.name : p.row.name);
    const path = (p: AnyPolicy) => (p.kind === "aws" ? p.policy.path : p.row.path);
    const arn = (p: AnyPolicy) => (p.kind === "aws" ? p.policy.arn : p.row.arn);
    const prefix = input.PathPrefix ?? "/";
    const chosen = all
      .filter((p) => path(p).startsWith(prefix))
      .filter((p) => !input.OnlyAttached || state.attachmentCount(ctx.account, arn(p)) > 0)
      // With a usage filter, only policies in that use (IAM API reference, ListPolicies).
      .filter((p) => input.PolicyUsageFilter !== "PermissionsBoundary" || boundaryUsageCount(state, ctx.account, arn(p)) > 0)
      .filter((p) => input.PolicyUsageFilter !== "PermissionsPolicy" || state.attachmentCount(ctx.account, arn(p)) > 0)
      .sort((a, b) => name(a).localeCompare(name(b), "en"));
    const page = paginate(chosen, input);
    return { Policies: page.items.map((p) => policyView(state, ctx.account, p, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  /**
   * DeletePolicy. As on AWS it must be detached everywhere and have no version but the default first
   * (IAM API reference, DeletePolicy).
   */
  function deletePolicy(input: DeletePolicyRequest, ctx: RequestContext): void {
    const row = requireLocalPolicy(state, ctx.account, input.PolicyArn);
    // A policy in use as a permissions boundary is "attached" too (the console and the API both refuse).
    if (state.attachmentCount(ctx.account, row.arn) > 0 || boundaryUsageCount(state, ctx.account, row.arn) > 0) throw policyAttached();
    const versions = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM iam_policy_versions WHERE policy_arn = ?").get(row.arn)?.n ?? 0;
    if (versions > 1) throw policyHasVersions();
    db.transaction(() => {
      db.prepare("DELETE FROM iam_policies WHERE arn = ?").run(row.arn);
      state.dropOwner(ctx.account, "policy", row.arn);
    })();
    // A new policy of the same name gets the same ARN and starts again at v1.
    state.cache.invalidate(row.arn);
    state.changed();
  }

  /** ListEntitiesForPolicy: the users and roles it is attached to (groups are not modelled: always empty). */
  function listEntitiesForPolicy(input: ListEntitiesForPolicyRequest, ctx: RequestContext): ListEntitiesForPolicyResponse {
    const p = requirePolicy(state, ctx.account, input.PolicyArn);
    const arn = p.kind === "aws" ? p.policy.arn : p.row.arn;
    const prefix = input.PathPrefix ?? "/";
    const filter = input.EntityFilter;
    // PolicyUsageFilter: attachments, boundaries (users and roles only), or both when left out.
    const usage = input.PolicyUsageFilter;
    const owners = (kind: "role" | "user" | "group") => {
      const attached =
        usage === "PermissionsBoundary"
          ? []
          : db
              .prepare<[string, string, string], { owner: string }>(
                "SELECT owner FROM iam_attachments WHERE account = ? AND policy_arn = ? AND kind = ? ORDER BY seq",
              )
              .all(ctx.account, arn, kind);
      const bounded = usage === "PermissionsPolicy" || kind === "group" ? [] : boundaryOwners(state, ctx.account, arn, kind).map((owner) => ({ owner }));
      const seen = new Set(attached.map((o) => o.owner.toLowerCase()));
      return [...attached, ...bounded.filter((o) => !seen.has(o.owner.toLowerCase()))];
    };
    const roles =
      filter === undefined || filter === "Role"
        ? owners("role")
            .map((o) => state.role(ctx.account, o.owner))
            .filter((r): r is RoleRow => r?.path.startsWith(prefix) === true)
        : [];
    const users =
      filter === undefined || filter === "User"
        ? owners("user")
            .map((o) => state.user(ctx.account, o.owner))
            .filter((u): u is UserRow => u?.path.startsWith(prefix) === true)
        : [];
    const groups =
      filter === undefined || filter === "Group"
        ? owners("group")
            .map((o) => state.group(ctx.account, o.owner))
            .filter((g): g is GroupRow => g?.path.startsWith(prefix) === true)
        : [];
    const entities: Array<{ kind: "role"; row: RoleRow } | { kind: "user"; row: UserRow } | { kind: "group"; row: GroupRow }> = [
      ...groups.map((row) => ({ kind: "group", row }) satisfies { kind: "group"; row: GroupRow }),
      ...users.map((row) => ({ kind: "user", row }) satisfies { kind: "user"; row: UserRow }),
      ...roles.map((row) => ({ kind: "role", row }) satisfies { kind: "role"; row: RoleRow }),
    ];
    const page = paginate(entities, input);
    return {
      PolicyGroups: page.items.filter((e) => e.kind === "group").map((e) => ({ GroupName: e.row.name, GroupId: e.row.id })),
      PolicyUsers: page.items.filter((e) => e.kind === "user").map((e) => ({ UserName: e.row.name, UserId: e.row.id })),
      PolicyRoles: page.items.filter((e) => e.kind === "role").map((e) => ({ RoleName: e.row.name, RoleId: e.row.id })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  }

  return { createPolicy, getPolicy, listPolicies, deletePolicy, listEntitiesForPolicy };
}
