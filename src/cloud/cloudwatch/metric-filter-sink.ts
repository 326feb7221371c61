/**
 * Metric filter observations from CloudWatch Logs into metrics. Equal values of one metric in one
 * minute are written as one statistic-set row: metric filter metrics are standard resolution on AWS,
 * and a batch of 10,000 matches then costs a handful of inserts, not 10,000.
 */
import type { MetricFilterSink, MetricObservation } from "../logs/metric-filter-ingest.js";
import type { MetricStore, PointRow } from "./metric-store.js";

const MINUTE = 60_000;

export function metricFilterSink(metrics: MetricStore): MetricFilterSink {
  return {
    receive(observations: readonly MetricObservation[]): void {
      const rows = new Map<string, PointRow>();
      for (const o of observations) {
        const minute = Math.floor(o.timestamp / MINUTE) * MINUTE;
        const dims = o.dimensions === undefined ? undefined : Object.entries(o.dimensions).map(([Name, Value]) => ({ Name, Value }));
        const id = metrics.metricId(o, o.metricNamespace, o.metricName, dims, o.timestamp);
        const unit = o.unit ?? "None";
        const key = `${id}\u0000${minute}\u0000${o.value}\u0000${unit}`;
        const row = rows.get(key);
        if (row === undefined) rows.set(key, { metricId: id, ts: minute, count: 1, sum: o.value, min: o.value, max: o.value, unit });
        else {
          row.count++;
          row.sum += o.value;
        }
      }
      metrics.addPoints([...rows.values()]);
    },
  };
}
