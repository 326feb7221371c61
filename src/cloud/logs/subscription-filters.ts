/**
 * PutSubscriptionFilter, DescribeSubscriptionFilters, DeleteSubscriptionFilter, and delivery of
 * stored batches to the filters' targets. At most two filters per group, as on AWS; a destination
 * no part of flowwatch runs is refused, since accepting it would silently drop every event.
 */
import type {
  DeleteSubscriptionFilterRequest,
  DescribeSubscriptionFiltersRequest,
  DescribeSubscriptionFiltersResponse,
  InputLogEvent,
  PutSubscriptionFilterRequest,
  SubscriptionFilter,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { parseArn } from "./arn.js";
import type { GroupRow } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { destinationNotFound, kinesisWithoutRole, limitExceeded, subscriptionFilterNotFound, unreachableDestination } from "./errors.js";
import { compilePattern } from "./filter-pattern.js";
import { decodePageToken, page } from "./pagination.js";

/** AWS's quota of subscription filters per log group. */
export const MAX_SUBSCRIPTION_FILTERS = 2;

/** A filter as stored: AWS's shape, with the members putSubscriptionFilter always sets. */
type StoredFilter = SubscriptionFilter & { filterName: string; logGroupName: string; filterPattern: string; destinationArn: string; creationTime: number };

/** The storage boundary: a body is only ever written by putSubscriptionFilter, from a StoredFilter. */
const readFilter = (body: string) => JSON.parse(body) as StoredFilter;

export function subscriptionFilterOperations(logs: LogsContext) {
  const { db, catalog } = logs;
  const get = db.prepare<[number, string], { body: string }>("SELECT body FROM logs_subscription_filters WHERE group_id = ? AND name = ?");
  const count = db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM logs_subscription_filters WHERE group_id = ?");
  const upsert = db.prepare("INSERT OR REPLACE INTO logs_subscription_filters (group_id, name, body) VALUES (?, ?, ?)");
  const remove = db.prepare("DELETE FROM logs_subscription_filters WHERE group_id = ? AND name = ?");

  return {
    /** PutSubscriptionFilter: creates or replaces a filter; the pattern must compile and the destination must really exist. */
    putSubscriptionFilter(input: PutSubscriptionFilterRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      compilePattern(input.filterPattern);
      const destination = input.destinationArn;
      const arn = parseArn(destination);
      const service = arn?.service ?? "unknown";
      if (service === "kinesis" && input.roleArn === undefined) throw kinesisWithoutRole();
      if (service === "logs" && arn !== undefined && arn.resource.startsWith("destination:")) {
        if (logs.documents.get("destination", ctx, arn.resource.slice("destination:".length)) === undefined) throw destinationNotFound();
      }
      if (!logs.subscriptionTargets.some((t) => t.accepts(destination, ctx))) throw unreachableDestination(destination, service);
      const existing = get.get(group.id, input.filterName);
      const previous = existing === undefined ? undefined : readFilter(existing.body);
      if (previous === undefined && (count.get(group.id)?.n ?? 0) >= MAX_SUBSCRIPTION_FILTERS) throw limitExceeded();
      const filter: StoredFilter = {
        filterName: input.filterName,
        logGroupName: group.name,
        filterPattern: input.filterPattern,
        destinationArn: destination,
        ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn }),
        distribution: input.distribution ?? "ByLogStream",
        applyOnTransformedLogs: input.applyOnTransformedLogs ?? false,
        creationTime: previous?.creationTime ?? ctx.clock.now(),
      };
      upsert.run(group.id, input.filterName, JSON.stringify(filter));
      return {};
    },

    describeSubscriptionFilters(input: DescribeSubscriptionFiltersRequest, ctx: RequestContext): DescribeSubscriptionFiltersResponse {
      const group = catalog.group(ctx, input.logGroupName);
      const limit = input.limit ?? 50;
      const after = input.nextToken === undefined ? "" : String(decodePageToken("subscription-filters", input.nextToken)[0]);
      const prefix = input.filterNamePrefix ?? "";
      const rows = db
        .prepare<[number, string, number, string, number], { name: string; body: string }>(
          "SELECT name, body FROM logs_subscription_filters WHERE group_id = ? AND name > ? AND substr(name, 1, ?) = ? ORDER BY name LIMIT ?",
        )
        .all(group.id, after, prefix.length, prefix, limit + 1);
      const { items, nextToken } = page(rows, limit, (r) => [r.name], "subscription-filters");
      return {
        subscriptionFilters: items.map((r) => readFilter(r.body)),
        ...(nextToken === undefined ? {} : { nextToken }),
      };
    },

    deleteSubscriptionFilter(input: DeleteSubscriptionFilterRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      if (remove.run(group.id, input.filterName).changes === 0) throw subscriptionFilterNotFound();
      return {};
    },
  };
}

/** Hands a stored batch to each of the group's filters whose pattern matches; a no-op for groups without filters. */
export function deliverToSubscriptions(
  logs: LogsContext,
  ctx: RequestContext,
  group: GroupRow,
  logStream: string,
  events: readonly InputLogEvent[],
  from: number,
  to: number,
): void {
  if (logs.subscriptionTargets.length === 0) return;
  const rows = logs.db.prepare<[number], { body: string }>("SELECT body FROM logs_subscription_filters WHERE group_id = ?").all(group.id);
  for (const row of rows) {
    const filter = readFilter(row.body);
    const match = compilePattern(filter.filterPattern);
    const logEvents = [];
    for (let i = from; i < to; i++) {
      // i stays within the batch: from and to are PutLogEvents' bounds of the stored events.
      const e = events[i] as InputLogEvent;
      if (match === null || match(e.message)) logEvents.push({ id: String(i), timestamp: e.timestamp, message: e.message });
    }
    if (logEvents.length === 0) continue;
    const target = logs.subscriptionTargets.find((t) => t.accepts(filter.destinationArn, ctx));
    target?.deliver(filter.destinationArn, {
      owner: ctx.account,
      logGroup: group.name,
      logStream,
      subscriptionFilters: [filter.filterName],
      logEvents,
    });
  }
}
