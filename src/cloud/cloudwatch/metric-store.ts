/**
 * Metrics and their data points in the store: a metric is (namespace, name, dimension set) per
 * account and region; each data point row is a statistic set at a millisecond timestamp.
 */
import type Database from "better-sqlite3";
import type { Dimension, Scope } from "./types.js";

export interface PointRow {
  metricId: number;
  ts: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  unit: string;
}

/** One period's aggregate; `values` (value, weight) only when a percentile needs them. */
export interface Bucket {
  ts: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  unit: string;
  values?: Array<[number, number]>;
}

export interface StoredMetric {
  id: number;
  namespace: string;
  name: string;
  dimensions: Dimension[];
  lastTs: number;
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
  private readonly bucketQuery: Database.Statement;
  private readonly bucketQueryUnit: Database.Statement;
  private readonly valueQuery: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertPoint = db.prepare("INSERT INTO cw_datapoints (metric_id, ts, count, sum, min, max, unit) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.insertMetric = db.prepare("INSERT INTO cw_metrics (account, region, namespace, name, dimensions, last_ts) VALUES (?, ?, ?, ?, ?, ?)");
    this.findMetric = db.prepare("SELECT id, last_ts FROM cw_metrics WHERE account = ? AND region = ? AND namespace = ? AND name = ? AND dimensions = ?");
    this.touchMetric = db.prepare("UPDATE cw_metrics SET last_ts = ? WHERE id = ?");
    // Buckets aligned to multiples of the period since the epoch; SQLite's integer division does the binning.
    const bucketSql = "SELECT CAST(ts / ? AS INTEGER) AS b, SUM(count) AS count, SUM(sum) AS sum, MIN(min) AS min, MAX(max) AS max, MIN(unit) AS unit FROM cw_datapoints WHERE metric_id = ? AND ts >= ? AND ts < ?";
    this.bucketQuery = db.prepare(`${bucketSql} GROUP BY b`).raw(true);
    this.bucketQueryUnit = db.prepare(`${bucketSql} AND unit = ? GROUP BY b`).raw(true);
    this.valueQuery = db.prepare("SELECT ts, count, sum, min, max, unit FROM cw_datapoints WHERE metric_id = ? AND ts >= ? AND ts < ?").raw(true);
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
      entry = row !== undefined ? { id: row.id, last: row.last_ts } : { id: Number(this.insertMetric.run(scope.account, scope.region, namespace, name, dims, ts).lastInsertRowid), last: ts };
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

  /** Per-period aggregates over [start, end), keyed by the period's start (ms). */
  buckets(metricId: number, start: number, end: number, periodMs: number, unit: string | undefined, withValues: boolean): Map<number, Bucket> {
    const out = new Map<number, Bucket>();
    const rows = (unit === undefined ? this.bucketQuery.all(periodMs, metricId, start, end) : this.bucketQueryUnit.all(periodMs, metricId, start, end, unit)) as Array<
      [number, number, number, number, number, string]
    >;
    for (const [b, count, sum, min, max, u] of rows) out.set(b * periodMs, { ts: b * periodMs, count, sum, min, max, unit: u });
    if (withValues) {
      for (const [ts, count, sum, min, max, u] of this.valueQuery.all(metricId, start, end) as Array<[number, number, number, number, number, string]>) {
        if (unit !== undefined && u !== unit) continue;
        const bucket = out.get(Math.floor(ts / periodMs) * periodMs);
        if (bucket === undefined) continue;
        // A statistic set of unequal values contributes its mean: its distribution is unknown.
        (bucket.values ??= []).push([min === max ? min : sum / count, count]);
      }
    }
    return out;
  }

  clearCache(): void {
    this.ids.clear();
  }
}
