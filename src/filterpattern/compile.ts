/** `compile(pattern)`: picks the pattern family from the first character and builds its matcher. */
import { FilterPatternError, MAX_PATTERN_LENGTH, patternTooLong, syntaxError, unsupported } from "./errors.js";
import { type JsonObject, JsonNumber, type PathStep, parseJsonObject, resolvePath } from "./json-message.js";
import { type JsonTest, NEEDS_NUMBER_TEXT, parseJsonPattern, parseJsonReference } from "./json-pattern.js";
import { isSpace } from "./lexer.js";
import { MATCHED, NO_MATCH, type Matcher, type MatchResult, type PatternKind, type TermGroup } from "./matcher.js";
import { Regex } from "./regex.js";
import { SpaceDelimitedMatcher, parseSpaceDelimited } from "./space-delimited.js";
import { parseTerms, termsPredicate } from "./terms.js";

/**
 * Compiles a filter pattern. An empty or all-whitespace pattern matches every event, as on AWS.
 * Throws FilterPatternError (code InvalidParameterException) for anything invalid or not evaluable exactly.
 */
export function compile(pattern: string): Matcher {
  if (typeof pattern !== "string") throw new FilterPatternError("The filter pattern must be a string");
  if (pattern.length > MAX_PATTERN_LENGTH) throw patternTooLong(pattern);
  let start = 0;
  let end = pattern.length;
  while (start < end && isSpace(pattern.charCodeAt(start))) start++;
  while (end > start && isSpace(pattern.charCodeAt(end - 1))) end--;
  if (start === end) return new PredicateMatcher(pattern, "all", () => true);
  const first = pattern.charCodeAt(start);
  if (first === 123 /* { */) return new JsonMatcher(pattern, parseJsonPattern(pattern, start, end));
  if (first === 91 /* [ */) return new SpaceDelimitedMatcher(pattern, parseSpaceDelimited(pattern, start, end));
  if (first === 37 /* % */) return regexMatcher(pattern, start, end);
  const groups = parseTerms(pattern, start, end);
  return new PredicateMatcher(pattern, "terms", termsPredicate(groups), groups);
}

/** A standalone regex `%...%` is the whole pattern: how it would combine with terms is not documented. */
function regexMatcher(pattern: string, start: number, end: number): Matcher {
  const close = pattern.indexOf("%", start + 1);
  if (close < 0 || close >= end) throw syntaxError("unterminated regular expression", start);
  if (close !== end - 1) throw unsupported("a regular expression combined with other terms", close + 1);
  const regex = new Regex(pattern, start + 1, close);
  return new PredicateMatcher(pattern, "regex", (message) => regex.test(message, 0, message.length));
}

/** Term, regex and match-all patterns: a yes/no answer, with no values to extract. */
class PredicateMatcher implements Matcher {
  constructor(
    readonly pattern: string,
    readonly kind: PatternKind,
    private readonly predicate: (message: string) => boolean,
    readonly termGroups?: readonly TermGroup[],
  ) {}

  matches(message: string): boolean {
    return this.predicate(message);
  }

  match(message: string): MatchResult {
    return this.predicate(message) ? MATCHED : NO_MATCH;
  }

  valueOf(_message: string, reference: string): string | undefined {
    throw new FilterPatternError(`'${reference}' cannot be extracted: only space-delimited and JSON patterns have fields`);
  }
}

/**
 * JSON patterns read events with the native JSON.parse, several times faster than a reader in
 * JavaScript, and read an event again with parseJsonObject only when a number must be compared as
 * written (`{ $.x = "12*" }` against `{"x": 12.0}`), which JSON.parse cannot tell.
 */
class JsonMatcher implements Matcher {
  readonly kind = "json" as const;
  private readonly references = new Map<string, PathStep[]>();

  constructor(
    readonly pattern: string,
    private readonly test: JsonTest,
  ) {}

  matches(message: string): boolean {
    const fast = parseNative(message);
    if (fast === undefined) return false;
    try {
      return this.test(fast);
    } catch (e) {
      if (e !== NEEDS_NUMBER_TEXT) throw e;
    }
    const exact = parseJsonObject(message);
    return exact !== undefined && this.test(exact);
  }

  match(message: string): MatchResult {
    return this.matches(message) ? MATCHED : NO_MATCH;
  }

  valueOf(message: string, reference: string): string | undefined {
    let path = this.references.get(reference);
    if (path === undefined) {
      path = parseJsonReference(reference);
      this.references.set(reference, path);
    }
    if (!this.matches(message)) return undefined;
    const root = parseJsonObject(message);
    if (root === undefined) return undefined;
    const node = resolvePath(root, path);
    if (typeof node === "string") return node;
    if (node instanceof JsonNumber) return node.raw;
    return undefined;
  }
}

/** The event as a JSON object read by JSON.parse, or undefined; most non-JSON lines fail on the first character. */
function parseNative(message: string): JsonObject | undefined {
  let first = 0;
  while (first < message.length && isSpace(message.charCodeAt(first))) first++;
  if (message.charCodeAt(first) !== 123) return undefined;
  try {
    return JSON.parse(message) as JsonObject;
  } catch {
    return undefined;
  }
}
