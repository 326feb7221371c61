/** The compiled form of a filter pattern, as the rest of the project sees it. */

/** Which of the pattern families a pattern belongs to. */
export type PatternKind = "all" | "terms" | "regex" | "json" | "space-delimited";

export interface MatchResult {
  readonly matched: boolean;
  /**
   * Values extracted from a matching event, keyed as TestMetricFilter's `extractedValues`:
   * `$name` for a named field of a space-delimited pattern, `$N` (1-based) for an unnamed one.
   * Absent for the other pattern families, whose extractedValues AWS leaves empty.
   */
  readonly fields?: Readonly<Record<string, string>>;
}

export interface Matcher {
  /** The pattern as given. */
  readonly pattern: string;
  readonly kind: PatternKind;
  /** True when the event message matches; allocates nothing for space-delimited and term patterns. */
  matches(message: string): boolean;
  match(message: string): MatchResult;
  /**
   * The value a metric filter's `metricValue` reference names in a matching event, or undefined when
   * the event does not match or has no scalar value there: `$destport` or `$3` for space-delimited
   * patterns, `$.latency` or `$.a[0].b` for JSON patterns (any selector, not only those in the pattern).
   */
  valueOf(message: string, reference: string): string | undefined;
}

/** The result shared by every non-matching event, so misses allocate nothing. */
export const NO_MATCH: MatchResult = Object.freeze({ matched: false });
export const MATCHED: MatchResult = Object.freeze({ matched: true });
