/**
 * Where the Logs service turns a filter pattern into the engine's Matcher (src/filterpattern/): the
 * engine's FilterPatternError becomes AWS's InvalidParameterException with the engine's message.
 */
import { compile, FilterPatternError, type Matcher } from "../../filterpattern/index.js";
import { AwsError } from "../protocol/aws-error.js";

export type MessagePredicate = (message: string) => boolean;

/** The compiled pattern, or AWS's InvalidParameterException for one the engine refuses. */
export function compileMatcher(pattern: string): Matcher {
  try {
    return compile(pattern);
  } catch (e) {
    throw asAwsError(e);
  }
}

/** null means "every event": an absent or blank pattern matches everything on AWS. */
export function compilePattern(pattern: string | undefined): MessagePredicate | null {
  if (pattern === undefined) return null;
  const matcher = compileMatcher(pattern);
  if (matcher.kind === "all") return null;
  return (message) => matcher.matches(message);
}

/** A FilterPatternError as the API answers it; anything else is a bug and passes through. */
export function asAwsError(e: unknown): unknown {
  return e instanceof FilterPatternError ? new AwsError(e.code, e.message) : e;
}
