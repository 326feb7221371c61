/** The detections' thresholds and windows: the built-in defaults and the JSON file `flowwatch watch --config` merges over them. */

export interface RuleConfig {
  threshold: number;
  windowSeconds: number;
}

/** The spike's window is one bucket; its baseline is the buckets just before it. */
export interface SpikeConfig extends RuleConfig {
  /** How many trailing buckets make the baseline (and how long the rule learns before it can fire). */
  baselineBuckets: number;
  /** How many standard deviations above the baseline's mean a bucket must reach. */
  deviations: number;
}

export interface DetectionConfig {
  /** threshold: distinct destination ports rejected for one source within windowSeconds. */
  portScan: RuleConfig;
  /** threshold: connections from one source to port 22 or 3389 within windowSeconds. */
  bruteForce: RuleConfig;
  /** threshold: bytes (exclusive) sent out to one external address within windowSeconds. */
  exfiltration: RuleConfig;
  /** windowSeconds: the learning period from the first record; threshold: unused. */
  newTalker: RuleConfig;
  /** threshold: the fewest REJECT records a bucket of windowSeconds needs before it can be a spike. */
  rejectedSpike: SpikeConfig;
  /** threshold: aggregation intervals without any event; windowSeconds: the interval when DescribeFlowLogs gives none. */
  deliveryBroken: RuleConfig;
}

export const defaultDetectionConfig: DetectionConfig = {
  portScan: { threshold: 20, windowSeconds: 300 },
  bruteForce: { threshold: 30, windowSeconds: 300 },
  // The baseline's S3 uploads are log-normal (median 200 KB, sigma 1.5): at its default rate the largest of a
  // day is 70-125 MB, so 50 MB fired about daily; 250 MB is crossed about once in a hundred days, while an
  // exfiltration of 0.5 MB/s for ten minutes still is.
  exfiltration: { threshold: 250_000_000, windowSeconds: 600 },
  newTalker: { threshold: 1, windowSeconds: 1800 },
  rejectedSpike: { threshold: 50, windowSeconds: 60, baselineBuckets: 30, deviations: 4 },
  deliveryBroken: { threshold: 2, windowSeconds: 600 },
};

/**
 * Merges a JSON file's partial config over the defaults. An unknown rule or field, or a value that is not a
 * positive number, is refused (RangeError) rather than ignored: a typo must not leave a default in force unseen.
 */
export function detectionConfig(partial: unknown): DetectionConfig {
  const out: DetectionConfig = structuredClone(defaultDetectionConfig);
  if (partial === undefined || partial === null) return out;
  if (typeof partial !== "object" || Array.isArray(partial)) throw new RangeError("the detection config must be a JSON object of rules");
  for (const [rule, given] of Object.entries(partial)) {
    if (!Object.hasOwn(out, rule)) throw new RangeError(`unknown rule '${rule}' (known: ${Object.keys(out).join(", ")})`);
    if (typeof given !== "object" || given === null || Array.isArray(given)) throw new RangeError(`${rule}: expected an object such as { "threshold": 10 }`);
    const target = out[rule as keyof DetectionConfig] as unknown as Record<string, number>;
    for (const [field, value] of Object.entries(given)) {
      if (!Object.hasOwn(target, field)) throw new RangeError(`${rule}: unknown field '${field}' (known: ${Object.keys(target).join(", ")})`);
      if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value))
        throw new RangeError(`${rule}.${field}: expected a positive number, not ${JSON.stringify(value)}`);
      target[field] = value;
    }
  }
  return out;
}
