/**
 * The one error type the filter pattern engine throws, and every message it can carry.
 * Messages AWS is known to give are reproduced word for word; the others are ours (see README.md).
 */

/** CloudWatch Logs caps filterPattern (and logEventFilterPattern) at 1024 characters. */
export const MAX_PATTERN_LENGTH = 1024;

export class FilterPatternError extends Error {
  override readonly name = "FilterPatternError";
  /** The AWS error code a service handler should answer with. */
  readonly code = "InvalidParameterException";
  constructor(
    message: string,
    /** 0-based offset in the pattern the error is about, when there is one. */
    readonly position?: number,
  ) {
    super(message);
  }
}

/** AWS's words (observed on real AWS) for a character that is not allowed where it stands. */
export function invalidTerm(term: string, position?: number): FilterPatternError {
  return new FilterPatternError(`Invalid character(s) in term '${term}'`, position);
}

/** AWS's validation message for an over-long pattern, as recorded for PutMetricFilter. */
export function patternTooLong(pattern: string): FilterPatternError {
  return new FilterPatternError(
    `1 validation error detected: Value '${pattern}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN_LENGTH}`,
  );
}

/** Our words, for syntax errors whose AWS message is not known. */
export function syntaxError(what: string, position: number): FilterPatternError {
  return new FilterPatternError(`Invalid filter pattern: ${what} at position ${position + 1}`, position);
}

/** Our words, for a construct AWS may accept but whose meaning we cannot reproduce exactly. */
export function unsupported(what: string, position: number): FilterPatternError {
  return new FilterPatternError(`Unsupported filter pattern: ${what} at position ${position + 1}`, position);
}
