/** CreateLogGroup, DeleteLogGroup, DescribeLogGroups. */
import type { CreateLogGroupRequest, DeleteLogGroupRequest, DescribeLogGroupsRequest, DescribeLogGroupsResponse, LogGroup } from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { groupNameFromIdentifier, logGroupArn, logGroupArnWithStar } from "./arn.js";
import type { GroupRow } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { deletionProtected, logGroupExists, prefixAndPattern, reservedGroupName } from "./errors.js";
import { decodePageToken, page } from "./pagination.js";

/** countMetricFilters gives DescribeLogGroups its metricFilterCount (the metric filter table is metric-filter-store.ts's). */
export function logGroupOperations(logs: LogsContext, countMetricFilters: (groupId: number) => number = () => 0) {
  const { db, catalog, tags } = logs;
  const insert = db.prepare(
    `INSERT INTO logs_groups (account, region, name, creation_time, kms_key_id, log_group_class, deletion_protection)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const remove = db.prepare("DELETE FROM logs_groups WHERE id = ?");
  const create = db.transaction((input: CreateLogGroupRequest, ctx: RequestContext) => {
    if (catalog.findGroup(ctx, input.logGroupName) !== undefined) throw logGroupExists();
    insert.run(
      ctx.account,
      ctx.region,
      input.logGroupName,
      ctx.clock.now(),
      input.kmsKeyId ?? null,
      input.logGroupClass ?? "STANDARD",
      input.deletionProtectionEnabled === true ? 1 : 0,
    );
    tags.tag(logGroupArn(ctx, input.logGroupName), input.tags);
  });

  return {
    /** CreateLogGroup. A second call with the same name fails, as on AWS; groups never expire until a retention policy says so. */
    createLogGroup(input: CreateLogGroupRequest, ctx: RequestContext): Record<string, never> {
      if (input.logGroupName.startsWith("aws/")) throw reservedGroupName();
      create(input, ctx);
      return {};
    },

    /** DeleteLogGroup: its streams, events, subscription filters and tags go with it. */
    deleteLogGroup(input: DeleteLogGroupRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      if (group.deletion_protection === 1) throw deletionProtected(group.name);
      db.transaction(() => {
        remove.run(group.id);
        tags.drop(logGroupArn(ctx, group.name));
      })();
      logs.events.clearCache();
      return {};
    },

    /** DescribeLogGroups: ASCII order by name; a name pattern is a case-sensitive substring and trims the fields returned, as AWS does. */
    describeLogGroups(input: DescribeLogGroupsRequest, ctx: RequestContext): DescribeLogGroupsResponse {
      if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) throw prefixAndPattern();
      const limit = input.limit ?? 50;
      const after = input.nextToken === undefined ? "" : String(decodePageToken("groups", input.nextToken)[0]);
      const where = ["account = ?", "region = ?", "name > ?"];
      const args: (string | number)[] = [ctx.account, ctx.region, after];
      if (input.logGroupNamePrefix !== undefined) {
        // substr comparison, not LIKE: names may hold `_`, which LIKE treats as a wildcard.
        where.push("substr(name, 1, ?) = ?");
        args.push(input.logGroupNamePrefix.length, input.logGroupNamePrefix);
      }
      if (input.logGroupNamePattern !== undefined && input.logGroupNamePattern !== "") {
        where.push("instr(name, ?) > 0");
        args.push(input.logGroupNamePattern);
      }
      if (input.logGroupClass !== undefined) {
        where.push("log_group_class = ?");
        args.push(input.logGroupClass);
      }
      if (input.logGroupIdentifiers !== undefined) {
        const names = input.logGroupIdentifiers.map((id) => groupNameFromIdentifier(ctx, id)).filter((n) => n !== undefined);
        where.push(`name IN (${names.map(() => "?").join(",") || "NULL"})`);
        args.push(...names);
      }
      const rows = db
        .prepare<(string | number)[], GroupRow>(`SELECT * FROM logs_groups WHERE ${where.join(" AND ")} ORDER BY name LIMIT ?`)
        .all(...args, limit + 1);
      const { items, nextToken } = page(rows, limit, (r) => [r.name], "groups");
      const brief = input.logGroupNamePattern !== undefined;
      return { logGroups: items.map((g) => describeGroup(g, ctx, brief, countMetricFilters(g.id))), ...(nextToken === undefined ? {} : { nextToken }) };
    },
  };
}

/** A LogGroup as DescribeLogGroups writes it (test/vectors/aws-recorded/logs_test_logs_groups.snapshot.json). */
function describeGroup(g: GroupRow, ctx: RequestContext, brief: boolean, metricFilterCount: number): LogGroup {
  const base: LogGroup = {
    logGroupName: g.name,
    creationTime: g.creation_time,
    metricFilterCount,
    arn: logGroupArnWithStar(ctx, g.name),
    logGroupClass: g.log_group_class,
    logGroupArn: logGroupArn(ctx, g.name),
  };
  if (brief) return base;
  return {
    ...base,
    ...(g.retention_days === null ? {} : { retentionInDays: g.retention_days }),
    storedBytes: g.stored_bytes,
    ...(g.kms_key_id === null ? {} : { kmsKeyId: g.kms_key_id }),
    deletionProtectionEnabled: g.deletion_protection === 1,
  };
}
