/**
 * Metric filters as rows of logs_metric_filters: one JSON body per (group, filter name), gone with
 * their group (ON DELETE CASCADE). Listed in ASCII order of filter name, as DescribeMetricFilters is.
 */
import type Database from "better-sqlite3";
import type { RequestContext } from "../service.js";
import type { MetricFilter, MetricTransformation } from "../validation/logs-types.js";

export const METRIC_FILTER_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS logs_metric_filters (
    group_id INTEGER NOT NULL REFERENCES logs_groups(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    metric_name TEXT NOT NULL,
    metric_namespace TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (group_id, name)
  )`,
];
export const METRIC_FILTER_TABLES = ["logs_metric_filters"] as const;

type Scope = Pick<RequestContext, "account" | "region">;

/** A filter as stored: AWS's shape, with the members PutMetricFilter always sets (one transformation, as the model allows). */
export type StoredMetricFilter = MetricFilter & {
  filterName: string;
  filterPattern: string;
  metricTransformations: [MetricTransformation];
  creationTime: number;
  logGroupName: string;
};

/** The storage boundary: a body is only ever written by put, from a StoredMetricFilter. */
const readFilter = (body: string) => JSON.parse(body) as StoredMetricFilter;

export interface ListQuery {
  groupId?: number;
  filterNamePrefix?: string;
  metricName?: string;
  metricNamespace?: string;
  /** Continue after this (filter name, group name). */
  after?: [string, string];
  limit: number;
}

export class MetricFilterStore {
  private readonly getStmt: Database.Statement<[number, string], { body: string }>;
  private readonly putStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;
  private readonly countStmt: Database.Statement<[number], { n: number }>;
  private readonly ofGroupStmt: Database.Statement<[number], { body: string }>;

  constructor(private readonly db: Database.Database) {
    this.getStmt = db.prepare("SELECT body FROM logs_metric_filters WHERE group_id = ? AND name = ?");
    this.putStmt = db.prepare("INSERT OR REPLACE INTO logs_metric_filters (group_id, name, metric_name, metric_namespace, body) VALUES (?, ?, ?, ?, ?)");
    this.deleteStmt = db.prepare("DELETE FROM logs_metric_filters WHERE group_id = ? AND name = ?");
    this.countStmt = db.prepare("SELECT count(*) AS n FROM logs_metric_filters WHERE group_id = ?");
    this.ofGroupStmt = db.prepare("SELECT body FROM logs_metric_filters WHERE group_id = ? ORDER BY name");
  }

  get(groupId: number, name: string): StoredMetricFilter | undefined {
    const row = this.getStmt.get(groupId, name);
    return row === undefined ? undefined : readFilter(row.body);
  }

  put(groupId: number, filter: StoredMetricFilter): void {
    const [t] = filter.metricTransformations;
    this.putStmt.run(groupId, filter.filterName, t.metricName, t.metricNamespace, JSON.stringify(filter));
  }

  delete(groupId: number, name: string): boolean {
    return this.deleteStmt.run(groupId, name).changes > 0;
  }

  /** DescribeLogGroups' metricFilterCount. */
  count(groupId: number): number {
    return this.countStmt.get(groupId)?.n ?? 0;
  }

  /** Every filter of a group, for evaluation at ingest. */
  ofGroup(groupId: number): StoredMetricFilter[] {
    return this.ofGroupStmt.all(groupId).map((r) => readFilter(r.body));
  }

  /** Filters of one group or of the whole account and Region, ordered by (filter name, group name); fetches limit + 1. */
  list(s: Scope, q: ListQuery): { filterName: string; groupName: string; filter: StoredMetricFilter }[] {
    const where = ["g.account = ?", "g.region = ?"];
    const args: (string | number)[] = [s.account, s.region];
    if (q.groupId !== undefined) {
      where.push("f.group_id = ?");
      args.push(q.groupId);
    }
    if (q.filterNamePrefix !== undefined) {
      // substr, not LIKE: `_` and `%` are ordinary characters in filter names.
      where.push("substr(f.name, 1, ?) = ?");
      args.push(q.filterNamePrefix.length, q.filterNamePrefix);
    }
    if (q.metricName !== undefined) {
      where.push("f.metric_name = ?");
      args.push(q.metricName);
    }
    if (q.metricNamespace !== undefined) {
      where.push("f.metric_namespace = ?");
      args.push(q.metricNamespace);
    }
    if (q.after !== undefined) {
      where.push("(f.name > ? OR (f.name = ? AND g.name > ?))");
      args.push(q.after[0], q.after[0], q.after[1]);
    }
    const rows = this.db
      .prepare<(string | number)[], { name: string; group_name: string; body: string }>(
        `SELECT f.name, g.name AS group_name, f.body FROM logs_metric_filters f JOIN logs_groups g ON g.id = f.group_id
         WHERE ${where.join(" AND ")} ORDER BY f.name, g.name LIMIT ?`,
      )
      .all(...args, q.limit + 1);
    return rows.map((r) => ({ filterName: r.name, groupName: r.group_name, filter: readFilter(r.body) }));
  }
}
