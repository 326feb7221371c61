/**
 * Permissions boundaries: Put/DeleteUserPermissionsBoundary, Put/DeleteRolePermissionsBoundary, the
 * PermissionsBoundary of CreateUser/CreateRole, and what GetUser, GetRole, GetPolicy and ListEntitiesForPolicy
 * show of them. A boundary is a managed policy (the account's or AWS's) that only narrows: the directory
 * hands it to the policy engine as `use: "boundary"`.
 */
import type { RequestContext } from "../service.js";
import { parseArn } from "./arn.js";
import { boundaryNotFound, invalidBoundary, protectedRole, roleNotFound, userNotFound } from "./errors.js";
import type {
  AttachedPermissionsBoundary,
  DeleteRolePermissionsBoundaryRequest,
  DeleteUserPermissionsBoundaryRequest,
  PutRolePermissionsBoundaryRequest,
  PutUserPermissionsBoundaryRequest,
} from "../validation/iam-types.js";
import type { IamState } from "./state.js";

export const PERMISSIONS_BOUNDARY_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_permissions_boundaries (
  account TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL COLLATE NOCASE,
  policy_arn TEXT NOT NULL,
  PRIMARY KEY (account, kind, owner)
) WITHOUT ROWID`;

export type BoundaryOwner = "user" | "role";

/** The managed policy an entity's boundary names, if it has one. */
export function boundaryOf(state: IamState, account: string, kind: BoundaryOwner, owner: string): string | undefined {
  const row = state.db.prepare("SELECT policy_arn FROM iam_permissions_boundaries WHERE account = ? AND kind = ? AND owner = ?").get(account, kind, owner) as
    | { policy_arn: string }
    | undefined;
  return row?.policy_arn;
}

/** The AttachedPermissionsBoundary structure of GetUser, GetRole, CreateUser and CreateRole (the model's only enum value). */
export function boundaryView(state: IamState, account: string, kind: BoundaryOwner, owner: string): { PermissionsBoundary?: AttachedPermissionsBoundary } {
  const arn = boundaryOf(state, account, kind, owner);
  return arn === undefined ? {} : { PermissionsBoundary: { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: arn } };
}

/** A boundary must name an existing managed policy, the account's or AWS's; inline policies cannot be boundaries. */
export function checkBoundary(state: IamState, account: string, arn: string): void {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== "iam" || !parsed.resource.startsWith("policy/")) throw invalidBoundary(arn);
  if (state.policy(account, arn) === undefined) throw boundaryNotFound(arn);
}

export function setBoundary(state: IamState, account: string, kind: BoundaryOwner, owner: string, arn: string): void {
  state.db
    .prepare(
      `INSERT INTO iam_permissions_boundaries (account, kind, owner, policy_arn) VALUES (?, ?, ?, ?)
       ON CONFLICT (account, kind, owner) DO UPDATE SET policy_arn = excluded.policy_arn`,
    )
    .run(account, kind, owner, arn);
}

/** Deleting a user or role deletes its boundary with it (DeleteUser and DeleteRole do not ask for it first). */
export function dropBoundary(state: IamState, account: string, kind: BoundaryOwner, owner: string): void {
  state.db.prepare("DELETE FROM iam_permissions_boundaries WHERE account = ? AND kind = ? AND owner = ?").run(account, kind, owner);
}

/** GetPolicy's PermissionsBoundaryUsageCount; DeletePolicy is refused while it is above zero. */
export function boundaryUsageCount(state: IamState, account: string, arn: string): number {
  return (state.db.prepare("SELECT count(*) AS n FROM iam_permissions_boundaries WHERE account = ? AND policy_arn = ?").get(account, arn) as { n: number }).n;
}

/** The users and roles using a policy as their boundary, for ListEntitiesForPolicy. */
export function boundaryOwners(state: IamState, account: string, arn: string, kind: BoundaryOwner): string[] {
  return (
    state.db
      .prepare("SELECT owner FROM iam_permissions_boundaries WHERE account = ? AND policy_arn = ? AND kind = ? ORDER BY owner")
      .all(account, arn, kind) as {
      owner: string;
    }[]
  ).map((r) => r.owner);
}

export function permissionsBoundaryOperations(state: IamState) {
  // Looked up here rather than through users.ts and roles.ts, which import this module.
  const requireUser = (account: string, name: string) => {
    const user = state.user(account, name);
    if (user === undefined) throw userNotFound(name);
    return user;
  };
  const requireRole = (account: string, name: string) => {
    const role = state.role(account, name);
    if (role === undefined) throw roleNotFound(name);
    return role;
  };

  /** PutUserPermissionsBoundary: adds or replaces the user's boundary. */
  function putUserPermissionsBoundary(input: PutUserPermissionsBoundaryRequest, ctx: RequestContext): void {
    const user = requireUser(ctx.account, input.UserName);
    checkBoundary(state, ctx.account, input.PermissionsBoundary);
    setBoundary(state, ctx.account, "user", user.name, input.PermissionsBoundary);
    state.changed();
  }

  /** DeleteUserPermissionsBoundary: succeeds when the user has none, as AWS's does. */
  function deleteUserPermissionsBoundary(input: DeleteUserPermissionsBoundaryRequest, ctx: RequestContext): void {
    const user = requireUser(ctx.account, input.UserName);
    dropBoundary(state, ctx.account, "user", user.name);
    state.changed();
  }

  function putRolePermissionsBoundary(input: PutRolePermissionsBoundaryRequest, ctx: RequestContext): void {
    const role = requireRole(ctx.account, input.RoleName);
    // IAM API reference: "You cannot set the boundary for a service-linked role."
    if (role.path.startsWith("/aws-service-role/")) throw protectedRole(role.name);
    checkBoundary(state, ctx.account, input.PermissionsBoundary);
    setBoundary(state, ctx.account, "role", role.name, input.PermissionsBoundary);
    state.changed();
  }

  function deleteRolePermissionsBoundary(input: DeleteRolePermissionsBoundaryRequest, ctx: RequestContext): void {
    const role = requireRole(ctx.account, input.RoleName);
    dropBoundary(state, ctx.account, "role", role.name);
    state.changed();
  }

  return {
    PutUserPermissionsBoundary: putUserPermissionsBoundary,
    DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary,
    PutRolePermissionsBoundary: putRolePermissionsBoundary,
    DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
  };
}
