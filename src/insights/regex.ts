/**
 * AWS's regexes (`like /re/`, `=~ /re/`, `parse /re/`, `(?i)` for case-insensitive) and parse globs, on
 * the linear-time engine of src/regex/: no pattern can hold the server. A pattern it refuses
 * (backreferences, lookaround, a malformed one) is a MalformedQueryError at the offending character.
 */
import { Regex, RegexError, escapeRegex } from "../regex/index.js";
import { type Span, malformed } from "./errors.js";

export function toRegex(text: string, source: string, span: Span): Regex {
  try {
    return new Regex(source);
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
    // The location is the regex as a whole (as for other refused tokens); the message names the character.
    const at = bodyOffset(text, span, e.position);
    throw malformed(text, span, `invalid regex: ${e.message} (character ${at - span.start} of the regex)`);
  }
}

/** Where the body's character i sits in the query: the lexer dropped the backslash of each `\/`. */
function bodyOffset(text: string, span: Span, i: number): number {
  let at = span.start + 1;
  for (let k = 0; k < i && at < span.end - 1; k++) at += text[at] === "\\" && text[at + 1] === "/" ? 2 : 1;
  return Math.min(at, Math.max(span.start, span.end - 1));
}

/** The names of a regex's named groups, in order: `parse` makes one field of each. */
export function groupNames(re: Regex): string[] {
  return re.groupNames.filter((n): n is string => n !== undefined);
}

/**
 * A glob's regex: every `*` captures lazily, except a trailing one, which takes the rest of the value;
 * everything else is literal. The glob may match anywhere in the value.
 */
export function globToRegex(text: string, glob: string, span: Span): Regex {
  const parts = glob.split("*");
  let body = "(?s)";
  parts.forEach((part, i) => {
    body += escapeRegex(part);
    if (i < parts.length - 1) body += i === parts.length - 2 && parts[parts.length - 1] === "" ? "(.*)" : "(.*?)";
  });
  try {
    return new Regex(body);
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
    throw malformed(text, span, `invalid parse pattern: ${e.message}`);
  }
}
