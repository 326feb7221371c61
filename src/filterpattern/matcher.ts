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

/**
 * An event split into fields once (`FieldSplitter.split`), so that several space-delimited patterns
 * over the same event share one split: fields 0..count-1 are message.slice(starts[i], ends[i]).
 */
export interface MessageFields {
  readonly message: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
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
  /**
   * Space-delimited patterns only (undefined for the other families): `matches` on an event already
   * split by a FieldSplitter. Same answer as `matches(fields.message)`.
   */
  matchesFields?(fields: MessageFields): boolean;
  /**
   * Space-delimited patterns only: the index in `fields` (an event `matchesFields` accepted) of the
   * field a `$name` or `$N` reference names, or -1 when the event has no such field; throws for a
   * reference the pattern cannot have, as `valueOf` does.
   */
  fieldIndex?(fields: MessageFields, reference: string): number;
  /**
   * Space-delimited patterns only: the checks an event of exactly `count` fields must pass, each on
   * one field (0-based), or undefined when no event of that many fields can match. What a column
   * store evaluates once per distinct value instead of once per event.
   */
  fieldChecks?(count: number): readonly FieldCheck[] | undefined;
  /** Term patterns only: the groups (any group matches: all its includes, none of its excludes). */
  readonly termGroups?: readonly TermGroup[];
}

/** One field's test in a space-delimited pattern, as `matches` applies it to the field's text. */
export interface FieldCheck {
  readonly field: number;
  /** The test; `num` is numberIn(text) when needsNumber, NaN otherwise. */
  readonly test: (text: string, start: number, end: number, num: number) => boolean;
  readonly needsNumber: boolean;
  /** True when the test may read the text of a field that is a number (a glob, a regex, a quoted value). */
  readonly textual: boolean;
}

/** All of `include` and none of `exclude` occur in the message (case-sensitive substrings). */
export interface TermGroup {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** The result shared by every non-matching event, so misses allocate nothing. */
export const NO_MATCH: MatchResult = Object.freeze({ matched: false });
export const MATCHED: MatchResult = Object.freeze({ matched: true });
