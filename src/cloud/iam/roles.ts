/** Roles: CreateRole, GetRole, ListRoles, UpdateRole, DeleteRole, UpdateAssumeRolePolicy, TagRole, UntagRole, ListRoleTags. */
import { partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  CreateRoleRequest,
  CreateRoleResponse,
  DeleteRoleRequest,
  GetRoleRequest,
  GetRoleResponse,
  ListRolesRequest,
  ListRolesResponse,
  ListRoleTagsRequest,
  ListRoleTagsResponse,
  Role,
  TagRoleRequest,
  UntagRoleRequest,
  UpdateAssumeRolePolicyRequest,
  UpdateRoleRequest,
  UpdateRoleResponse,
} from "../validation/iam-types.js";
import { roleArn } from "./arn.js";
import { checkDocument, encodeDocument, policySize } from "./documents.js";
import { mustDeletePolicies, mustDetachPolicies, mustRemoveRoles, quota, roleExists, roleNotFound, protectedRole } from "./errors.js";
import { uniqueId } from "./ids.js";
import { paginate } from "./pagination.js";
import { boundaryView, checkBoundary, dropBoundary, setBoundary } from "./permissions-boundaries.js";
import type { IamState, RoleRow } from "./state.js";
import { checkTags } from "./tags.js";

/** IAM UG quotas: a role trust policy's length, whitespace not counted. */
const TRUST_POLICY_SIZE = 2048;
const DEFAULT_MAX_SESSION = 3600;

/** The shapes differ by operation, as recorded on AWS: CreateRole has no MaxSessionDuration or RoleLastUsed, ListRoles no RoleLastUsed or Tags. */
export function roleView(state: IamState, r: RoleRow, view: "create" | "get" | "list"): Role {
  const out: Role = {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: new Date(r.create_date),
    AssumeRolePolicyDocument: encodeDocument(r.trust_policy),
  };
  if (r.description !== null) out.Description = r.description;
  if (view !== "create") out.MaxSessionDuration = r.max_session_duration;
  // ListRoles leaves the boundary out (recorded on AWS: test_list_roles_with_permission_boundary).
  if (view !== "list") Object.assign(out, boundaryView(state, r.account, "role", r.name));
  if (view === "get") {
    out.RoleLastUsed = r.last_used_date === null ? {} : { LastUsedDate: new Date(r.last_used_date), Region: r.last_used_region ?? undefined };
  }
  if (view !== "list") {
    const tags = state.tags(r.account, "role", r.name);
    if (tags.length > 0) out.Tags = tags;
  }
  return out;
}

export function requireRole(state: IamState, account: string, name: string): RoleRow {
  const role = state.role(account, name);
  if (role === undefined) throw roleNotFound(name);
  return role;
}

export { checkTags } from "./tags.js";

export function roleOperations(state: IamState) {
  const db = state.db;
  const trust = (text: string) => {
    // IAM refuses a trust policy naming a user or role that does not exist (IAM UG, roles: trust policies).
    checkDocument(state.cache, text, "trust", { principalExists: (arn) => state.principalExists(arn) });
    if (policySize(text) > TRUST_POLICY_SIZE) throw quota("ACLSizePerRole", TRUST_POLICY_SIZE);
  };

  /** CreateRole. Names are unique in the account without regard to case. */
  function createRole(input: CreateRoleRequest, ctx: RequestContext): CreateRoleResponse {
    if (state.role(ctx.account, input.RoleName) !== undefined) throw roleExists(input.RoleName);
    trust(input.AssumeRolePolicyDocument);
    if (input.PermissionsBoundary !== undefined) checkBoundary(state, ctx.account, input.PermissionsBoundary);
    const tags = input.Tags ?? [];
    checkTags(state, ctx.account, "role", input.RoleName, tags);
    const path = input.Path ?? "/";
    db.transaction(() => {
      db.prepare(
        `INSERT INTO iam_roles (account, name, id, path, arn, trust_policy, description, max_session_duration, create_date)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        ctx.account,
        input.RoleName,
        uniqueId("AROA"),
        path,
        roleArn(ctx.account, path, input.RoleName, partitionId(ctx.region)),
        input.AssumeRolePolicyDocument,
        input.Description ?? null,
        input.MaxSessionDuration ?? DEFAULT_MAX_SESSION,
        state.clock.now(),
      );
      state.putTags(ctx.account, "role", input.RoleName, tags);
      if (input.PermissionsBoundary !== undefined) setBoundary(state, ctx.account, "role", input.RoleName, input.PermissionsBoundary);
    })();
    state.changed();
    return { Role: roleView(state, requireRole(state, ctx.account, input.RoleName), "create") };
  }

  function getRole(input: GetRoleRequest, ctx: RequestContext): GetRoleResponse {
    return { Role: roleView(state, requireRole(state, ctx.account, input.RoleName), "get") };
  }

  /** ListRoles, in name order. */
  function listRoles(input: ListRolesRequest, ctx: RequestContext): ListRolesResponse {
    const prefix = input.PathPrefix ?? "/";
    const rows = db
      .prepare<[string], RoleRow>("SELECT * FROM iam_roles WHERE account = ? ORDER BY name")
      .all(ctx.account)
      .filter((r) => r.path.startsWith(prefix));
    const page = paginate(rows, input);
    return { Roles: page.items.map((r) => roleView(state, r, "list")), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  function updateRole(input: UpdateRoleRequest, ctx: RequestContext): UpdateRoleResponse {
    const role = requireRole(state, ctx.account, input.RoleName);
    db.prepare("UPDATE iam_roles SET description = ?, max_session_duration = ? WHERE account = ? AND name = ?").run(
      input.Description ?? role.description,
      input.MaxSessionDuration ?? role.max_session_duration,
      ctx.account,
      role.name,
    );
    return {};
  }

  /** DeleteRole: refused while managed policies are attached, inline policies remain or an instance profile holds it, as on AWS. */
  function deleteRole(input: DeleteRoleRequest, ctx: RequestContext): void {
    const role = requireRole(state, ctx.account, input.RoleName);
    // Service-linked roles (service-linked-roles.ts) go only through DeleteServiceLinkedRole.
    if (role.path.startsWith("/aws-service-role/")) throw protectedRole(role.name);
    if (state.attached(ctx.account, "role", role.name).length > 0) throw mustDetachPolicies();
    if (state.inline(ctx.account, "role", role.name).length > 0) throw mustDeletePolicies();
    if (db.prepare("SELECT 1 FROM iam_instance_profile_roles WHERE account = ? AND role = ?").get(ctx.account, role.name) !== undefined)
      throw mustRemoveRoles();
    db.transaction(() => {
      db.prepare("DELETE FROM iam_roles WHERE account = ? AND name = ?").run(ctx.account, role.name);
      state.dropOwner(ctx.account, "role", role.name);
      dropBoundary(state, ctx.account, "role", role.name);
    })();
    state.changed();
  }

  /** UpdateAssumeRolePolicy: the tutorial's step 3, the trust policy replaced whole. */
  function updateAssumeRolePolicy(input: UpdateAssumeRolePolicyRequest, ctx: RequestContext): void {
    const role = requireRole(state, ctx.account, input.RoleName);
    if (role.path.startsWith("/aws-service-role/")) throw protectedRole(role.name);
    trust(input.PolicyDocument);
    db.prepare("UPDATE iam_roles SET trust_policy = ? WHERE account = ? AND name = ?").run(input.PolicyDocument, ctx.account, role.name);
    state.changed();
  }

  function tagRole(input: TagRoleRequest, ctx: RequestContext): void {
    const role = requireRole(state, ctx.account, input.RoleName);
    checkTags(state, ctx.account, "role", role.name, input.Tags);
    state.putTags(ctx.account, "role", role.name, input.Tags);
    // aws:PrincipalTag conditions read role tags.
    state.changed();
  }

  function untagRole(input: UntagRoleRequest, ctx: RequestContext): void {
    const role = requireRole(state, ctx.account, input.RoleName);
    const drop = db.prepare("DELETE FROM iam_tags WHERE account = ? AND kind = 'role' AND owner = ? AND key = ?");
    for (const key of input.TagKeys) drop.run(ctx.account, role.name, key);
    state.changed();
  }

  function listRoleTags(input: ListRoleTagsRequest, ctx: RequestContext): ListRoleTagsResponse {
    const role = requireRole(state, ctx.account, input.RoleName);
    const page = paginate(state.tags(ctx.account, "role", role.name), input);
    return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  return { createRole, getRole, listRoles, updateRole, deleteRole, updateAssumeRolePolicy, tagRole, untagRole, listRoleTags };
}
