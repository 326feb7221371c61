/**
 * Metric filter data from CloudWatch Logs into metrics, one statistic-set row per metric and minute of
 * a batch: metric filter metrics are standard resolution on AWS, and a batch of 10,000 matches then
 * costs a few inserts, not 10,000. Percentiles stay exact while a minute's values are equal.
 */
import type { MetricFilterSink, MetricMinute } from "../logs/metric-filter-ingest.js";
import type { MetricStore, MetricWrite, PointRow } from "./metric-store.js";
import type { StandardUnit } from "./types.js";

interface Pending {
  first: MetricMinute;
  latest: number;
  rows: Map<string, Omit<PointRow, "metricId">>;
}

export function metricFilterSink(metrics: MetricStore): MetricFilterSink {
  return {
    receiveMinutes(minutes: readonly MetricMinute[]): void {
      // The Logs service sums per filter; filters publishing to the same metric are merged here.
      const byMetric = new Map<string, Pending>();
      for (const m of minutes) {
        const { metricNamespace, metricName } = m.metric;
        const key =
          m.dimensions === undefined
            ? `${metricNamespace}\u0000${metricName}`
            : `${metricNamespace}\u0000${metricName}\u0000${JSON.stringify(Object.entries(m.dimensions))}`;
        let pending = byMetric.get(key);
        if (pending === undefined) {
          pending = { first: m, latest: m.latest, rows: new Map() };
          byMetric.set(key, pending);
        }
        if (m.latest > pending.latest) pending.latest = m.latest;
        // Logs checked the unit against its model's StandardUnit, the same set as CloudWatch's.
        const unit = (m.metric.unit ?? "None") as StandardUnit;
        const rowKey = `${m.minute}\u0000${unit}`;
        const row = pending.rows.get(rowKey);
        if (row === undefined) {
          pending.rows.set(rowKey, { ts: m.minute, count: m.sampleCount, sum: m.sum, min: m.minimum, max: m.maximum, unit });
          continue;
        }
        row.count += m.sampleCount;
        row.sum += m.sum;
        if (m.minimum < row.min) row.min = m.minimum;
        if (m.maximum > row.max) row.max = m.maximum;
      }
      const writes: MetricWrite[] = [];
      for (const { first, latest, rows } of byMetric.values()) {
        const dimensions = first.dimensions === undefined ? undefined : Object.entries(first.dimensions).map(([Name, Value]) => ({ Name, Value }));
        writes.push({ namespace: first.metric.metricNamespace, name: first.metric.metricName, dimensions, latest, points: [...rows.values()] });
      }
      // Every minute is one scope: a batch belongs to one group, so one account and Region.
      if (writes.length > 0) metrics.write((minutes[0] as MetricMinute).metric, writes, { derived: true });
    },
  };
}
