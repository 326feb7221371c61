/**
 * Metrics and their data points in the store: a metric is (namespace, name, dimension set) per
 * account and region; each data point row is a statistic set at a millisecond timestamp.
 */
import type Database from "better-sqlite3";
import type { Dimension, Scope, StandardUnit } from "./types.js";

export interface PointRow {
  metricId: number;
  ts: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  unit: StandardUnit;
}

/** One period's aggregate; `values` (value, weight) only when a percentile needs them. */
export interface Bucket {
  ts: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  unit: StandardUnit;
  values?: Array<[number, number]>;
}

/** Data points of one metric for `MetricStore.write`; `latest` is the newest timestamp they stand for. */
export interface MetricWrite {
  namespace: string;
  name: string;
  dimensions: readonly Dimension[] | undefined;
  latest: number;
  points: ReadonlyArray<Omit<PointRow, "metricId">>;
}

export type BasicStatistic = "SampleCount" | "Sum" | "Average" | "Minimum" | "Maximum";

export interface StoredMetric {
  id: number;
  namespace: string;
  name: string;
  dimensions: Dimension[];
  lastTs: number;
}

/**
 * A metric's data points in time order, in memory: loaded from the store on first read and kept in
 * step on every write, so a day of one-minute points is read in microseconds, not a 1,440-row query.
 */
interface Column {
  ts: number[];
  count: number[];
  sum: number[];
  min: number[];
  max: number[];
  unit: StandardUnit[];
}

/** The first index whose timestamp is >= t. */
function lowerBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Dimensions are a set: AWS matches them whatever order a client sends them in. */
export function dimensionsKey(dimensions: readonly Dimension[] | undefined): string {
  if (dimensions === undefined || dimensions.length === 0) return "[]";
  return JSON.stringify([...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)).map((d) => [d.Name, d.Value]));
}

const parseDimensions = (key: string): Dimension[] => (JSON.parse(key) as Array<[string, string]>).map(([Name, Value]) => ({ Name, Value }));

export class MetricStore {
  /** metric key -> id and the latest timestamp written, so ingest touches cw_metrics only when it must. */
  private readonly ids = new Map<string, { id: number; last: number }>();
  private readonly insertPoint: Database.Statement;
  private readonly insertMetric: Database.Statement;
  private readonly findMetric: Database.Statement;
  private readonly touchMetric: Database.Statement;
  private readonly rowQuery: Database.Statement;
  private readonly columns = new Map<number, Column>();

  constructor(private readonly db: Database.Database) {
    this.insertPoint = db.prepare("INSERT INTO cw_datapoints (metric_id, ts, count, sum, min, max, unit) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.insertMetric = db.prepare("INSERT INTO cw_metrics (account, region, namespace, name, dimensions, last_ts) VALUES (?, ?, ?, ?, ?, ?)");
    this.findMetric = db.prepare("SELECT id, last_ts FROM cw_metrics WHERE account = ? AND region = ? AND namespace = ? AND name = ? AND dimensions = ?");
    this.touchMetric = db.prepare("UPDATE cw_metrics SET last_ts = ? WHERE id = ?");
    this.rowQuery = db.prepare("SELECT ts, count, sum, min, max, unit FROM cw_datapoints WHERE metric_id = ? ORDER BY ts").raw(true);
  }

  private key(scope: Scope, namespace: string, name: string, dims: string): string {
    return `${scope.account}\u0000${scope.region}\u0000${namespace}\u0000${name}\u0000${dims}`;
  }

  /** The metric's id, creating it on first use. */
  metricId(scope: Scope, namespace: string, name: string, dimensions: readonly Dimension[] | undefined, ts: number): number {
    const dims = dimensionsKey(dimensions);
    const key = this.key(scope, namespace, name, dims);
    let entry = this.ids.get(key);
    if (entry === undefined) {
      const row = this.findMetric.get(scope.account, scope.region, namespace, name, dims) as { id: number; last_ts: number } | undefined;
      entry =
        row !== undefined
          ? { id: row.id, last: row.last_ts }
          : { id: Number(this.insertMetric.run(scope.account, scope.region, namespace, name, dims, ts).lastInsertRowid), last: ts };
      this.ids.set(key, entry);
    }
    if (ts > entry.last) {
      entry.last = ts;
      this.touchMetric.run(ts, entry.id);
    }
    return entry.id;
  }

  /** The metric's id if it has ever had data. */
  find(scope: Scope, namespace: string, name: string, dimensions: readonly Dimension[] | undefined): number | undefined {
    const dims = dimensionsKey(dimensions);
    const cached = this.ids.get(this.key(scope, namespace, name, dims));
    if (cached !== undefined) return cached.id;
    const row = this.findMetric.get(scope.account, scope.region, namespace, name, dims) as { id: number } | undefined;
    return row?.id;
  }

  addPoints(rows: readonly PointRow[]): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const r of rows) this.insertPoint.run(r.metricId, r.ts, r.count, r.sum, r.min, r.max, r.unit);
    })();
    this.addToColumns(rows);
  }

  /**
   * Data points of several metrics, creating the metrics on first use, in one transaction: one commit
   * per request or ingested batch, not one per metric touched. `derived` points (metric filters', made
   * from log events the Logs service has already synced) commit without a sync of their own, as the
   * Logs chunk index does: they survive a crash of the process; a power loss can drop the last moments
   * of them (never their events). PutMetricData's points are synced before the answer.
   */
  write(scope: Scope, writes: readonly MetricWrite[], options: { derived?: boolean } = {}): void {
    const rows: PointRow[] = [];
    const synchronous = options.derived === true ? (this.db.pragma("synchronous", { simple: true }) as number) : undefined;
    if (synchronous !== undefined) this.db.pragma("synchronous = NORMAL");
    try {
      this.db.transaction(() => {
        for (const w of writes) {
          const metricId = this.metricId(scope, w.namespace, w.name, w.dimensions, w.latest);
          for (const p of w.points) {
            this.insertPoint.run(metricId, p.ts, p.count, p.sum, p.min, p.max, p.unit);
            rows.push({ metricId, ...p });
          }
        }
      })();
    } catch (e) {
      // Ids and latest timestamps cached inside the rolled-back transaction are not in the store.
      this.ids.clear();
      throw e;
    } finally {
      if (synchronous !== undefined) this.db.pragma(`synchronous = ${synchronous}`);
    }
    this.addToColumns(rows);
  }

  /** Keeps the in-memory columns of metrics already read in step with rows just stored. */
  private addToColumns(rows: readonly PointRow[]): void {
    for (const r of rows) {
      const c = this.columns.get(r.metricId);
      if (c === undefined) continue;
      // Data mostly arrives in time order: an append; a late point is spliced into place.
      const at = c.ts.length === 0 || (c.ts[c.ts.length - 1] as number) <= r.ts ? c.ts.length : lowerBound(c.ts, r.ts + 1);
      c.ts.splice(at, 0, r.ts);
      c.count.splice(at, 0, r.count);
      c.sum.splice(at, 0, r.sum);
      c.min.splice(at, 0, r.min);
      c.max.splice(at, 0, r.max);
      c.unit.splice(at, 0, r.unit);
    }
  }

  private column(metricId: number): Column {
    let c = this.columns.get(metricId);
    if (c === undefined) {
      c = { ts: [], count: [], sum: [], min: [], max: [], unit: [] };
      for (const [ts, count, sum, min, max, unit] of this.rowQuery.all(metricId) as Array<[number, number, number, number, number, StandardUnit]>) {
        c.ts.push(ts);
        c.count.push(count);
        c.sum.push(sum);
        c.min.push(min);
        c.max.push(max);
        c.unit.push(unit);
      }
      this.columns.set(metricId, c);
    }
    return c;
  }

  /** Every metric of the scope, in (namespace, name, dimensions) order; filtering is the caller's. */
  list(scope: Scope, namespace?: string, name?: string): StoredMetric[] {
    let sql = "SELECT id, namespace, name, dimensions, last_ts FROM cw_metrics WHERE account = ? AND region = ?";
    const args: unknown[] = [scope.account, scope.region];
    if (namespace !== undefined) {
      sql += " AND namespace = ?";
      args.push(namespace);
    }
    if (name !== undefined) {
      sql += " AND name = ?";
      args.push(name);
    }
    sql += " ORDER BY namespace, name, dimensions";
    const rows = this.db.prepare(sql).all(...args) as Array<{ id: number; namespace: string; name: string; dimensions: string; last_ts: number }>;
    return rows.map((r) => ({ id: r.id, namespace: r.namespace, name: r.name, dimensions: parseDimensions(r.dimensions), lastTs: r.last_ts }));
  }

  /** Per-period aggregates over [start, end), keyed by the period's start (ms), in time order. */
  buckets(metricId: number, start: number, end: number, periodMs: number, unit: string | undefined, withValues: boolean): Map<number, Bucket> {
    const out = new Map<number, Bucket>();
    let current: Bucket | undefined;
    const c = this.column(metricId);
    for (let i = lowerBound(c.ts, start); i < c.ts.length; i++) {
      const ts = c.ts[i] as number;
      if (ts >= end) break;
      const u = c.unit[i] as StandardUnit;
      if (unit !== undefined && u !== unit) continue;
      const count = c.count[i] as number;
      const sum = c.sum[i] as number;
      const min = c.min[i] as number;
      const max = c.max[i] as number;
      const b = ts - (ts % periodMs);
      if (current === undefined || current.ts !== b) {
        current = { ts: b, count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, unit: u };
        out.set(b, current);
      }
      current.count += count;
      current.sum += sum;
      if (min < current.min) current.min = min;
      if (max > current.max) current.max = max;
      // A statistic set of unequal values contributes its mean to percentiles: its distribution is unknown.
      if (withValues) (current.values ??= []).push([min === max ? min : sum / count, count]);
    }
    return out;
  }

  /**
   * One basic statistic per period over [start, end), ascending: the values `buckets` and `statValue`
   * give, without an object per period (GetMetricData reads 144,000 periods in one call).
   */
  series(metricId: number, start: number, end: number, periodMs: number, unit: string | undefined, stat: BasicStatistic): { ts: number[]; v: number[] } {
    const c = this.column(metricId);
    const ts: number[] = [];
    const v: number[] = [];
    let period = Number.NaN;
    let count = 0;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const push = () => {
      // An Average over no samples (Counts of 0) has no value, as statValue says.
      if (stat === "Average" && count === 0) return;
      ts.push(period);
      v.push(stat === "SampleCount" ? count : stat === "Sum" ? sum : stat === "Average" ? sum / count : stat === "Minimum" ? min : max);
    };
    for (let i = lowerBound(c.ts, start); i < c.ts.length; i++) {
      const t = c.ts[i] as number;
      if (t >= end) break;
      if (unit !== undefined && c.unit[i] !== unit) continue;
      const p = t - (t % periodMs);
      if (p !== period) {
        if (!Number.isNaN(period)) push();
        period = p;
        count = 0;
        sum = 0;
        min = Number.POSITIVE_INFINITY;
        max = Number.NEGATIVE_INFINITY;
      }
      count += c.count[i] as number;
      sum += c.sum[i] as number;
      const lo = c.min[i] as number;
      const hi = c.max[i] as number;
      if (lo < min) min = lo;
      if (hi > max) max = hi;
    }
    if (!Number.isNaN(period)) push();
    return { ts, v };
  }

  clearCache(): void {
    this.ids.clear();
    this.columns.clear();
  }
}
