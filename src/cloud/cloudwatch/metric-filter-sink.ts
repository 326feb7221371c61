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
      for (const o of observations) {
        const key = o.dimensions === undefined ? `${o.metricNamespace}\u0000${o.metricName}` : `${o.metricNamespace}\u0000${o.metricName}\u0000${JSON.stringify(o.dimensions)}`;
        let pending = byMetric.get(key);
        if (pending === undefined) {
          pending = { first: o, latest: o.timestamp, rows: new Map() };
          byMetric.set(key, pending);
        }
        if (o.timestamp > pending.latest) pending.latest = o.timestamp;
        const minute = o.timestamp - (o.timestamp % MINUTE);
        const unit = o.unit ?? "None";
        // Equal values of a minute stay one exact row; unequal ones become that minute's statistic set.
        const rowKey = `${minute}\u0000${unit}`;
        const row = pending.rows.get(rowKey);
        if (row === undefined) pending.rows.set(rowKey, { ts: minute, count: 1, sum: o.value, min: o.value, max: o.value, unit });
        else {
          row.count++;
          row.sum += o.value;
          if (o.value < row.min) row.min = o.value;
          if (o.value > row.max) row.max = o.value;
        }
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
