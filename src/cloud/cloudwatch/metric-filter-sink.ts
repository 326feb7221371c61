/**
 * Metric filter observations from CloudWatch Logs into metrics, one statistic-set row per metric and
 * minute of a batch: metric filter metrics are standard resolution on AWS, and a batch of 10,000
 * matches then costs a few inserts, not 10,000. Percentiles stay exact while a minute's values are equal.
 */
import type { MetricFilterSink, MetricObservation } from "../logs/metric-filter-ingest.js";
import type { MetricStore, PointRow } from "./metric-store.js";

const MINUTE = 60_000;

interface Pending {
  first: MetricObservation;
  latest: number;
  rows: Map<string, Omit<PointRow, "metricId">>;
}

export function metricFilterSink(metrics: MetricStore): MetricFilterSink {
  return {
    receive(observations: readonly MetricObservation[]): void {
      const byMetric = new Map<string, Pending>();
      // Observations come filter by filter, events in time order: runs of one metric and one minute,
      // so the last metric and row are checked before any key is built.
      let last: Pending | undefined;
      let lastRow: Omit<PointRow, "metricId"> | undefined;
      for (const o of observations) {
        let pending = last;
        if (pending === undefined || o.dimensions !== undefined || pending.first.dimensions !== undefined || pending.first.metricName !== o.metricName || pending.first.metricNamespace !== o.metricNamespace) {
          const key = o.dimensions === undefined ? `${o.metricNamespace}\u0000${o.metricName}` : `${o.metricNamespace}\u0000${o.metricName}\u0000${JSON.stringify(o.dimensions)}`;
          pending = byMetric.get(key);
          if (pending === undefined) {
            pending = { first: o, latest: o.timestamp, rows: new Map() };
            byMetric.set(key, pending);
          }
          last = pending;
          lastRow = undefined;
        }
        if (o.timestamp > pending.latest) pending.latest = o.timestamp;
        const minute = o.timestamp - (o.timestamp % MINUTE);
        const unit = o.unit ?? "None";
        // Equal values of a minute stay one exact row; unequal ones become that minute's statistic set.
        let row = lastRow !== undefined && lastRow.ts === minute && lastRow.unit === unit ? lastRow : undefined;
        if (row === undefined) {
          const rowKey = `${minute}\u0000${unit}`;
          row = pending.rows.get(rowKey);
          if (row === undefined) {
            row = { ts: minute, count: 0, sum: 0, min: o.value, max: o.value, unit };
            pending.rows.set(rowKey, row);
          }
          lastRow = row;
        }
        row.count++;
        row.sum += o.value;
        if (o.value < row.min) row.min = o.value;
        if (o.value > row.max) row.max = o.value;
      }
      const out: PointRow[] = [];
      for (const { first, latest, rows } of byMetric.values()) {
        const dims = first.dimensions === undefined ? undefined : Object.entries(first.dimensions).map(([Name, Value]) => ({ Name, Value }));
        const metricId = metrics.metricId(first, first.metricNamespace, first.metricName, dims, latest);
        for (const row of rows.values()) out.push({ metricId, ...row });
      }
      metrics.addPoints(out);
    },
  };
}
