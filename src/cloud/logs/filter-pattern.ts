/**
 * compilePattern: the one place FilterLogEvents and subscription filters turn a filter pattern
 * into a predicate. Until the filter pattern engine (src/filterpattern/) is plugged in here, any
 * pattern that is not blank is refused, never matched loosely.
 */
import { unsupportedFilterPattern } from "./errors.js";

export type MessagePredicate = (message: string) => boolean;

/** null means "every event" (an absent or blank pattern matches everything on AWS). */
export function compilePattern(pattern: string | undefined): MessagePredicate | null {
  if (pattern === undefined || pattern.trim() === "") return null;
  throw unsupportedFilterPattern(pattern);
}
