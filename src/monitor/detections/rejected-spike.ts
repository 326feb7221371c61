/** Rejected-traffic spike: a bucket of time with far more REJECT records than the buckets just before it. */
import type { Alert } from "../alert.js";
import type { SpikeConfig } from "./config.js";
import { alertOf, type DetectionRecord, type RecordRule } from "./rule.js";

interface Bucket {
  rejects: number;
  bySource: Map<string, number>;
}

/**
 * Semantics. Time is cut into buckets of `windowSeconds` (default 60 s) aligned to the epoch; a REJECT
 * record counts in the bucket of its timestamp (its flow's first packet). Bucket b is a spike when
 *   rejects(b) >= threshold                                       (default 50: a quiet network's 3 rejects are not news)
 *   and rejects(b) > mean + deviations * max(stddev, sqrt(mean), 1)
 * where mean and stddev (population) are over the `baselineBuckets` buckets before b (default 30), empty
 * buckets counting as 0. sqrt(mean) is the spread of a Poisson count of that mean: a perfectly regular
 * baseline (stddev 0) does not make every small rise a spike. The rule is checked as each REJECT record
 * arrives, so it fires as soon as a bucket crosses the limit; it learns for `baselineBuckets` buckets from
 * the first record before it can fire, and fires once per episode: a spike bucket right after another
 * spike bucket (a burst longer than one bucket) does not alert again.
 * Rejects are counted in records, not packets: one scanner probing a port several times in one
 * aggregation window is one record.
 */
export class RejectedSpikeRule implements RecordRule {
  private readonly buckets = new Map<number, Bucket>();
  private firstBucket: number | undefined;
  private lastSpike = Number.NEGATIVE_INFINITY;
  private readonly bucketMs: number;

  constructor(
    private readonly config: SpikeConfig,
    private readonly logGroup: string,
  ) {
    this.bucketMs = config.windowSeconds * 1000;
  }

  observe(r: DetectionRecord, now: number): Alert[] {
    const b = Math.floor(r.timestamp / this.bucketMs);
    this.firstBucket = Math.min(this.firstBucket ?? b, b);
    if (r.action !== "REJECT") return [];
    const { threshold, baselineBuckets, deviations, windowSeconds } = this.config;
    const newest = Math.floor(now / this.bucketMs);
    // A record later than the kept history cannot be judged against a baseline any more.
    if (b < newest - baselineBuckets - 1) return [];
    const bucket = this.bucket(b, newest);
    bucket.rejects++;
    bucket.bySource.set(r.srcaddr, (bucket.bySource.get(r.srcaddr) ?? 0) + 1);
    if (bucket.rejects < threshold || b - baselineBuckets < this.firstBucket) return [];
    const counts = Array.from({ length: baselineBuckets }, (_, i) => this.buckets.get(b - baselineBuckets + i)?.rejects ?? 0);
    const mean = counts.reduce((s, n) => s + n, 0) / counts.length;
    const stddev = Math.sqrt(counts.reduce((s, n) => s + (n - mean) ** 2, 0) / counts.length);
    const limit = mean + deviations * Math.max(stddev, Math.sqrt(mean), 1);
    if (bucket.rejects <= limit) return [];
    const adjacent = b - this.lastSpike <= 1 && b >= this.lastSpike;
    this.lastSpike = Math.max(this.lastSpike, b);
    if (adjacent) return [];
    const [top, topCount] = [...bucket.bySource].reduce((a, c) => (c[1] > a[1] ? c : a));
    const start = b * this.bucketMs;
    return [
      alertOf({
        rule: "rejected-spike",
        severity: "medium",
        who: top,
        from: start - baselineBuckets * this.bucketMs,
        to: Math.max(now, start + this.bucketMs),
        logGroup: this.logGroup,
        what: `${bucket.rejects} REJECT records in the ${windowSeconds} s from ${new Date(start).toISOString()} against a baseline of ${mean.toFixed(1)} ± ${stddev.toFixed(1)} over the ${baselineBuckets} before (threshold ${threshold}, ${deviations} deviations); top source ${top} with ${topCount}`,
        query: `filter action = 'REJECT' | stats count(*) as rejects by bin(${windowSeconds}s)`,
      }),
    ];
  }

  private bucket(b: number, newest: number): Bucket {
    let bucket = this.buckets.get(b);
    if (bucket === undefined) {
      bucket = { rejects: 0, bySource: new Map() };
      this.buckets.set(b, bucket);
      for (const k of this.buckets.keys()) if (k < newest - this.config.baselineBuckets - 1) this.buckets.delete(k);
    }
    return bucket;
  }
}
