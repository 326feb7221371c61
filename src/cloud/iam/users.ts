/** Users: CreateUser, GetUser (yourself when UserName is left out), ListUsers, DeleteUser. */
import { arnPrefix, partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  CreateUserRequest,
  CreateUserResponse,
  DeleteUserRequest,
  GetUserRequest,
  GetUserResponse,
  ListUsersRequest,
  ListUsersResponse,
  User,
} from "../validation/iam-types.js";
import { userArn } from "./arn.js";
import {
  mustDeleteAccessKeys,
  mustDeleteLoginProfile,
  mustDeletePolicies,
  mustDetachPolicies,
  mustRemoveUsers,
  nonUserCredentials,
  userExists,
  userNotFound,
  mustDeleteSshKeys,
  mustDeleteServiceCredentials,
  mustDeactivateMfa,
} from "./errors.js";
import { uniqueId } from "./ids.js";
import { paginate } from "./pagination.js";
import { hasSshPublicKeys } from "./ssh-public-keys.js";
import { hasMfaDevices } from "./mfa-devices.js";
import { hasServiceCredentials } from "./service-specific-credentials.js";
import { boundaryView, checkBoundary, dropBoundary, setBoundary } from "./permissions-boundaries.js";
import { checkTags } from "./roles.js";
import type { IamState, UserRow } from "./state.js";

/** (chosen) The root user's CreateDate: AWS gives the account's creation, which a local account does not have. */
const ROOT_CREATE_DATE = new Date(Date.UTC(2026, 0, 1));

export function userView(state: IamState, u: UserRow, withTags: boolean): User {
  const out: User = { Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: new Date(u.create_date) };
  // ListUsers shows neither boundary nor tags (IAM API reference, ListUsers).
  if (withTags) Object.assign(out, boundaryView(state, u.account, "user", u.name));
  if (withTags) {
    const tags = state.tags(u.account, "user", u.name);
    if (tags.length > 0) out.Tags = tags;
  }
  return out;
}

export function requireUser(state: IamState, account: string, name: string): UserRow {
  const user = state.user(account, name);
  if (user === undefined) throw userNotFound(name);
  return user;
}

/**
 * Who an operation with an optional UserName is about: the named user, else the caller. The root is
 * `{ root: true }`; a role session gets AWS's ValidationError (API reference, GetUser / CreateAccessKey).
 */
export function subjectUser(state: IamState, input: { UserName?: string }, ctx: RequestContext): { root: true } | { root: false; user: UserRow } {
  if (input.UserName !== undefined) return { root: false, user: requireUser(state, ctx.account, input.UserName) };
  if (ctx.principal.isRoot) return { root: true };
  const m = /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(ctx.principal.arn);
  if (m === null) throw nonUserCredentials();
  return { root: false, user: requireUser(state, ctx.account, m[1] ?? "") };
}

export function userOperations(state: IamState) {
  const db = state.db;

  function createUser(input: CreateUserRequest, ctx: RequestContext): CreateUserResponse {
    if (state.user(ctx.account, input.UserName) !== undefined) throw userExists(input.UserName);
    if (input.PermissionsBoundary !== undefined) checkBoundary(state, ctx.account, input.PermissionsBoundary);
    const tags = input.Tags ?? [];
    checkTags(state, ctx.account, "user", input.UserName, tags);
    const path = input.Path ?? "/";
    db.transaction(() => {
      db.prepare("INSERT INTO iam_users (account, name, id, path, arn, create_date) VALUES (?, ?, ?, ?, ?, ?)").run(
        ctx.account,
        input.UserName,
        uniqueId("AIDA"),
        path,
        userArn(ctx.account, path, input.UserName, partitionId(ctx.region)),
        state.clock.now(),
      );
      state.putTags(ctx.account, "user", input.UserName, tags);
      if (input.PermissionsBoundary !== undefined) setBoundary(state, ctx.account, "user", input.UserName, input.PermissionsBoundary);
    })();
    state.changed();
    return { User: userView(state, requireUser(state, ctx.account, input.UserName), true) };
  }

  /** GetUser. Without UserName: the caller; for the root, AWS answers with the account id as UserId and no name. */
  function getUser(input: GetUserRequest, ctx: RequestContext): GetUserResponse {
    const subject = subjectUser(state, input, ctx);
    if (subject.root) {
      // AWS answers the root with UserId, Arn and CreateDate only; the model marks Path and UserName required, so this one answer is cast.
      const root: Omit<User, "Path" | "UserName"> = {
        UserId: ctx.account,
        Arn: `${arnPrefix(ctx.region)}iam::${ctx.account}:root`,
        CreateDate: ROOT_CREATE_DATE,
      };
      return { User: root as User };
    }
    return { User: userView(state, subject.user, true) };
  }

  function listUsers(input: ListUsersRequest, ctx: RequestContext): ListUsersResponse {
    const prefix = input.PathPrefix ?? "/";
    const rows = db
      .prepare<[string], UserRow>("SELECT * FROM iam_users WHERE account = ? ORDER BY name")
      .all(ctx.account)
      .filter((u) => u.path.startsWith(prefix));
    const page = paginate(rows, input);
    return { Users: page.items.map((u) => userView(state, u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  /** DeleteUser: refused while the user has access keys, attached or inline policies, or is in a group (API reference, DeleteUser). */
  function deleteUser(input: DeleteUserRequest, ctx: RequestContext): void {
    const user = requireUser(state, ctx.account, input.UserName);
    if (db.prepare("SELECT 1 FROM iam_access_keys WHERE account = ? AND user_name = ?").get(ctx.account, user.name) !== undefined) throw mustDeleteAccessKeys();
    if (state.attached(ctx.account, "user", user.name).length > 0) throw mustDetachPolicies();
    if (state.inline(ctx.account, "user", user.name).length > 0) throw mustDeletePolicies();
    if (state.groupsOf(ctx.account, user.name).length > 0) throw mustRemoveUsers();
    if (db.prepare("SELECT 1 FROM iam_login_profiles WHERE account = ? AND user_name = ?").get(ctx.account, user.name) !== undefined)
      throw mustDeleteLoginProfile();
    if (hasSshPublicKeys(state, ctx.account, user.name)) throw mustDeleteSshKeys();
    if (hasMfaDevices(state, ctx.account, user.name)) throw mustDeactivateMfa();
    if (hasServiceCredentials(state, ctx.account, user.name)) throw mustDeleteServiceCredentials();
    db.transaction(() => {
      db.prepare("DELETE FROM iam_users WHERE account = ? AND name = ?").run(ctx.account, user.name);
      state.dropOwner(ctx.account, "user", user.name);
      dropBoundary(state, ctx.account, "user", user.name);
    })();
    state.changed();
  }

  return { createUser, getUser, listUsers, deleteUser };
}
