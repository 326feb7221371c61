/**
 * Instance profiles: Create/Get/List/DeleteInstanceProfile, Add/RemoveRoleFromInstanceProfile and
 * ListInstanceProfilesForRole. A profile holds at most one role, as on AWS.
 */
import { partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  AddRoleToInstanceProfileRequest,
  CreateInstanceProfileRequest,
  CreateInstanceProfileResponse,
  DeleteInstanceProfileRequest,
  GetInstanceProfileRequest,
  GetInstanceProfileResponse,
  InstanceProfile,
  ListInstanceProfilesForRoleRequest,
  ListInstanceProfilesForRoleResponse,
  ListInstanceProfilesRequest,
  ListInstanceProfilesResponse,
  RemoveRoleFromInstanceProfileRequest,
} from "../validation/iam-types.js";
import { instanceProfileExists, instanceProfileFull, instanceProfileNotFound, mustRemoveRoles, roleNotInProfile } from "./errors.js";
import { uniqueId } from "./ids.js";
import { paginate } from "./pagination.js";
import { requireRole, roleView } from "./roles.js";
import type { EntityRow, IamState, RoleRow } from "./state.js";
import { checkTags } from "./tags.js";

type ProfileRow = EntityRow;

export const instanceProfileArn = (account: string, path: string, name: string, partition: string) =>
  `arn:${partition}:iam::${account}:instance-profile${path}${name}`;

export function instanceProfileOperations(state: IamState) {
  const db = state.db;
  const find = (account: string, name: string) =>
    db.prepare<[string, string], ProfileRow>("SELECT * FROM iam_instance_profiles WHERE account = ? AND name = ?").get(account, name);
  const require = (account: string, name: string): ProfileRow => {
    const row = find(account, name);
    if (row === undefined) throw instanceProfileNotFound(name);
    return row;
  };
  const roleOf = (account: string, profile: string): RoleRow | undefined => {
    const link = db
      .prepare<[string, string], { role: string }>("SELECT role FROM iam_instance_profile_roles WHERE account = ? AND profile = ?")
      .get(account, profile);
    return link === undefined ? undefined : state.role(account, link.role);
  };

  /** The InstanceProfile structure; its Roles carry no MaxSessionDuration or tags, as in AWS's examples. */
  const view = (p: ProfileRow, withTags: boolean): InstanceProfile => {
    const role = roleOf(p.account, p.name);
    const roles = role === undefined ? [] : [roleView(state, role, "list")];
    for (const r of roles) delete r.MaxSessionDuration;
    const out: InstanceProfile = {
      Path: p.path,
      InstanceProfileName: p.name,
      InstanceProfileId: p.id,
      Arn: p.arn,
      CreateDate: new Date(p.create_date),
      Roles: roles,
    };
    if (withTags) {
      const tags = state.tags(p.account, "instance-profile", p.name);
      if (tags.length > 0) out.Tags = tags;
    }
    return out;
  };

  function createInstanceProfile(input: CreateInstanceProfileRequest, ctx: RequestContext): CreateInstanceProfileResponse {
    if (find(ctx.account, input.InstanceProfileName) !== undefined) throw instanceProfileExists(input.InstanceProfileName);
    const tags = input.Tags ?? [];
    checkTags(state, ctx.account, "instance-profile", input.InstanceProfileName, tags);
    const path = input.Path ?? "/";
    db.transaction(() => {
      db.prepare("INSERT INTO iam_instance_profiles (account, name, id, path, arn, create_date) VALUES (?, ?, ?, ?, ?, ?)").run(
        ctx.account,
        input.InstanceProfileName,
        uniqueId("AIPA"),
        path,
        instanceProfileArn(ctx.account, path, input.InstanceProfileName, partitionId(ctx.region)),
        state.clock.now(),
      );
      state.putTags(ctx.account, "instance-profile", input.InstanceProfileName, tags);
    })();
    return { InstanceProfile: view(require(ctx.account, input.InstanceProfileName), true) };
  }

  function getInstanceProfile(input: GetInstanceProfileRequest, ctx: RequestContext): GetInstanceProfileResponse {
    return { InstanceProfile: view(require(ctx.account, input.InstanceProfileName), true) };
  }

  /** ListInstanceProfiles, in name order; no tags in the list, as ListRoles has none. */
  function listInstanceProfiles(input: ListInstanceProfilesRequest, ctx: RequestContext): ListInstanceProfilesResponse {
    const prefix = input.PathPrefix ?? "/";
    const rows = db
      .prepare<[string], ProfileRow>("SELECT * FROM iam_instance_profiles WHERE account = ? ORDER BY name")
      .all(ctx.account)
      .filter((p) => p.path.startsWith(prefix));
    const page = paginate(rows, input);
    return { InstanceProfiles: page.items.map((p) => view(p, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  /** DeleteInstanceProfile: refused while it holds a role (API reference: remove the role first). */
  function deleteInstanceProfile(input: DeleteInstanceProfileRequest, ctx: RequestContext): void {
    const profile = require(ctx.account, input.InstanceProfileName);
    if (roleOf(ctx.account, profile.name) !== undefined) throw mustRemoveRoles();
    db.transaction(() => {
      db.prepare("DELETE FROM iam_instance_profiles WHERE account = ? AND name = ?").run(ctx.account, profile.name);
      state.dropOwner(ctx.account, "instance-profile", profile.name);
    })();
  }

  /** AddRoleToInstanceProfile: needs iam:PassRole on the role too; a second role is LimitExceeded, the same role again too (the profile is full). */
  function addRoleToInstanceProfile(input: AddRoleToInstanceProfileRequest, ctx: RequestContext): void {
    const profile = require(ctx.account, input.InstanceProfileName);
    const role = requireRole(state, ctx.account, input.RoleName);
    // API reference: the caller must also be allowed iam:PassRole on the role (EC2 is who it is passed to).
    ctx.authorize?.("iam:PassRole", role.arn, { "iam:PassedToService": "ec2.amazonaws.com" });
    if (roleOf(ctx.account, profile.name) !== undefined) throw instanceProfileFull();
    db.prepare("INSERT INTO iam_instance_profile_roles (account, profile, role) VALUES (?, ?, ?)").run(ctx.account, profile.name, role.name);
  }

  function removeRoleFromInstanceProfile(input: RemoveRoleFromInstanceProfileRequest, ctx: RequestContext): void {
    const profile = require(ctx.account, input.InstanceProfileName);
    const role = requireRole(state, ctx.account, input.RoleName);
    const removed = db
      .prepare("DELETE FROM iam_instance_profile_roles WHERE account = ? AND profile = ? AND role = ?")
      .run(ctx.account, profile.name, role.name);
    if (removed.changes === 0) throw roleNotInProfile(role.name, profile.name);
  }

  function listInstanceProfilesForRole(input: ListInstanceProfilesForRoleRequest, ctx: RequestContext): ListInstanceProfilesForRoleResponse {
    const role = requireRole(state, ctx.account, input.RoleName);
    const rows = db
      .prepare<[string, string], ProfileRow>(
        `SELECT p.* FROM iam_instance_profiles p JOIN iam_instance_profile_roles l ON l.account = p.account AND l.profile = p.name
         WHERE p.account = ? AND l.role = ? ORDER BY p.name`,
      )
      .all(ctx.account, role.name);
    const page = paginate(rows, input);
    return { InstanceProfiles: page.items.map((p) => view(p, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  return {
    CreateInstanceProfile: createInstanceProfile,
    GetInstanceProfile: getInstanceProfile,
    ListInstanceProfiles: listInstanceProfiles,
    DeleteInstanceProfile: deleteInstanceProfile,
    AddRoleToInstanceProfile: addRoleToInstanceProfile,
    RemoveRoleFromInstanceProfile: removeRoleFromInstanceProfile,
    ListInstanceProfilesForRole: listInstanceProfilesForRole,
  };
}

/** The profile an instance-profile ARN names, for the authorization table: its stored ARN with path. */
export function storedInstanceProfileArn(state: IamState, account: string, name: string): string | undefined {
  return state.db.prepare<[string, string], { arn: string }>("SELECT arn FROM iam_instance_profiles WHERE account = ? AND name = ?").get(account, name)?.arn;
}
