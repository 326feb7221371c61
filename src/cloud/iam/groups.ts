/**
 * Groups and their members: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup,
 * RemoveUserFromGroup, ListGroupsForUser. A group's policies are in group-policies.ts.
 */
import { partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  AddUserToGroupRequest,
  CreateGroupRequest,
  CreateGroupResponse,
  DeleteGroupRequest,
  GetGroupRequest,
  GetGroupResponse,
  Group,
  ListGroupsForUserRequest,
  ListGroupsForUserResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  RemoveUserFromGroupRequest,
  UpdateGroupRequest,
} from "../validation/iam-types.js";
import { groupArn } from "./arn.js";
import { groupExists, groupNotFound, mustDeletePolicies, mustDetachPolicies, mustRemoveUsers, quota, userNotFound } from "./errors.js";
import { uniqueId } from "./ids.js";
import { paginate } from "./pagination.js";
import type { GroupRow, IamState, UserRow } from "./state.js";
import { requireUser, userView } from "./users.js";

/** IAM UG, IAM object quotas: groups per account, groups a user can belong to. */
const MAX_GROUPS = 300;
const MAX_GROUPS_PER_USER = 10;

export const groupView = (g: GroupRow): Group => ({ Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: new Date(g.create_date) });

export function requireGroup(state: IamState, account: string, name: string): GroupRow {
  const group = state.group(account, name);
  if (group === undefined) throw groupNotFound(name);
  return group;
}

export function groupOperations(state: IamState) {
  const db = state.db;

  function createGroup(input: CreateGroupRequest, ctx: RequestContext): CreateGroupResponse {
    if (state.group(ctx.account, input.GroupName) !== undefined) throw groupExists(input.GroupName);
    const count = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM iam_groups WHERE account = ?").get(ctx.account)?.n ?? 0;
    if (count >= MAX_GROUPS) throw quota("GroupsPerAccount", MAX_GROUPS);
    const path = input.Path ?? "/";
    db.prepare("INSERT INTO iam_groups (account, name, id, path, arn, create_date) VALUES (?, ?, ?, ?, ?, ?)").run(
      ctx.account,
      input.GroupName,
      uniqueId("AGPA"),
      path,
      groupArn(ctx.account, path, input.GroupName, partitionId(ctx.region)),
      state.clock.now(),
    );
    return { Group: groupView(requireGroup(state, ctx.account, input.GroupName)) };
  }

  /** GetGroup: the group and its users, the users paged (API reference: IsTruncated/Marker are the users'). */
  function getGroup(input: GetGroupRequest, ctx: RequestContext): GetGroupResponse {
    const group = requireGroup(state, ctx.account, input.GroupName);
    const users = db
      .prepare<[string, string], UserRow>(
        "SELECT u.* FROM iam_group_members m JOIN iam_users u ON u.account = m.account AND u.name = m.user_name WHERE m.account = ? AND m.group_name = ? ORDER BY m.seq",
      )
      .all(ctx.account, group.name);
    const page = paginate(users, input);
    return { Group: groupView(group), Users: page.items.map((u) => userView(state, u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  function listGroups(input: ListGroupsRequest, ctx: RequestContext): ListGroupsResponse {
    const prefix = input.PathPrefix ?? "/";
    const rows = db
      .prepare<[string], GroupRow>("SELECT * FROM iam_groups WHERE account = ? ORDER BY name")
      .all(ctx.account)
      .filter((g) => g.path.startsWith(prefix));
    const page = paginate(rows, input);
    return { Groups: page.items.map(groupView), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  /** UpdateGroup: a new name or path; the ARN follows, members and policies stay with the group. */
  function updateGroup(input: UpdateGroupRequest, ctx: RequestContext): void {
    const group = requireGroup(state, ctx.account, input.GroupName);
    const name = input.NewGroupName ?? group.name;
    const path = input.NewPath ?? group.path;
    const clash = state.group(ctx.account, name);
    if (clash !== undefined && clash.name !== group.name) throw groupExists(name);
    db.transaction(() => {
      db.prepare("UPDATE iam_groups SET name = ?, path = ?, arn = ? WHERE account = ? AND name = ?").run(
        name,
        path,
        // The group keeps the partition its ARN was made in.
        groupArn(ctx.account, path, name, group.arn.split(":")[1] ?? "aws"),
        ctx.account,
        group.name,
      );
      db.prepare("UPDATE iam_group_members SET group_name = ? WHERE account = ? AND group_name = ?").run(name, ctx.account, group.name);
      db.prepare("UPDATE iam_attachments SET owner = ? WHERE account = ? AND kind = 'group' AND owner = ?").run(name, ctx.account, group.name);
      db.prepare("UPDATE iam_inline_policies SET owner = ? WHERE account = ? AND kind = 'group' AND owner = ?").run(name, ctx.account, group.name);
    })();
    state.changed();
  }

  /** DeleteGroup: refused while it has members, attached or inline policies (API reference, DeleteGroup). */
  function deleteGroup(input: DeleteGroupRequest, ctx: RequestContext): void {
    const group = requireGroup(state, ctx.account, input.GroupName);
    if (db.prepare("SELECT 1 FROM iam_group_members WHERE account = ? AND group_name = ?").get(ctx.account, group.name) !== undefined) throw mustRemoveUsers();
    if (state.attached(ctx.account, "group", group.name).length > 0) throw mustDetachPolicies();
    if (state.inline(ctx.account, "group", group.name).length > 0) throw mustDeletePolicies();
    db.prepare("DELETE FROM iam_groups WHERE account = ? AND name = ?").run(ctx.account, group.name);
    state.changed();
  }

  /** AddUserToGroup: adding a member again changes nothing, as on AWS. */
  function addUserToGroup(input: AddUserToGroupRequest, ctx: RequestContext): void {
    const group = requireGroup(state, ctx.account, input.GroupName);
    const user = requireUser(state, ctx.account, input.UserName);
    const groups = state.groupsOf(ctx.account, user.name);
    if (groups.some((g) => g.name === group.name)) return;
    if (groups.length >= MAX_GROUPS_PER_USER) throw quota("GroupsPerUser", MAX_GROUPS_PER_USER);
    const seq = db.prepare<[], { n: number }>("SELECT coalesce(max(seq), 0) + 1 AS n FROM iam_group_members").get()?.n ?? 1;
    db.prepare("INSERT INTO iam_group_members (account, group_name, user_name, seq) VALUES (?, ?, ?, ?)").run(ctx.account, group.name, user.name, seq);
    state.changed();
  }

  /** RemoveUserFromGroup: (chosen) a user who is not a member is NoSuchEntity naming the user. */
  function removeUserFromGroup(input: RemoveUserFromGroupRequest, ctx: RequestContext): void {
    const group = requireGroup(state, ctx.account, input.GroupName);
    const user = requireUser(state, ctx.account, input.UserName);
    const gone = db.prepare("DELETE FROM iam_group_members WHERE account = ? AND group_name = ? AND user_name = ?").run(ctx.account, group.name, user.name);
    if (gone.changes === 0) throw userNotFound(input.UserName);
    state.changed();
  }

  function listGroupsForUser(input: ListGroupsForUserRequest, ctx: RequestContext): ListGroupsForUserResponse {
    const user = requireUser(state, ctx.account, input.UserName);
    const page = paginate(state.groupsOf(ctx.account, user.name), input);
    return { Groups: page.items.map(groupView), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  return { createGroup, getGroup, listGroups, updateGroup, deleteGroup, addUserToGroup, removeUserFromGroup, listGroupsForUser };
}
