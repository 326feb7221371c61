/**
 * Statistics of a period: SampleCount, Average, Sum, Minimum, Maximum and percentiles `pNN(.NN)`,
 * the set GetMetricStatistics, GetMetricData and alarms share. Other GetMetricData stats are refused.
 */
import type { BasicStatistic, Bucket } from "./metric-store.js";

export const BASIC_STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$/;

export const isPercentile = (stat: string) => PERCENTILE.test(stat);
export const isBasicStatistic = (stat: string): stat is BasicStatistic => (BASIC_STATISTICS as readonly string[]).includes(stat);
export const isSupportedStat = (stat: string) => (BASIC_STATISTICS as readonly string[]).includes(stat) || isPercentile(stat);

/** The statistic's value for one bucket; undefined when the bucket cannot give it. */
export function statValue(bucket: Bucket, stat: string): number | undefined {
  switch (stat) {
    case "SampleCount":
      return bucket.count;
    case "Sum":
      return bucket.sum;
    case "Average":
      return bucket.count === 0 ? undefined : bucket.sum / bucket.count;
    case "Minimum":
      return bucket.min;
    case "Maximum":
      return bucket.max;
    default:
      return isPercentile(stat) ? percentile(bucket.values ?? [], Number(stat.slice(1))) : undefined;
  }
}

/** Nearest rank over weighted values: the smallest value with at least p% of the weight at or below it. */
export function percentile(values: ReadonlyArray<readonly [number, number]>, p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, w] of sorted) total += w;
  const rank = Math.max((p / 100) * total, Number.MIN_VALUE);
  let seen = 0;
  for (const [v, w] of sorted) {
    seen += w;
    if (seen >= rank) return v;
  }
  return (sorted[sorted.length - 1] as readonly [number, number])[0];
}
