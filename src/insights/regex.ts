/**
 * AWS's regexes (`like /re/`, `=~ /re/`, `parse /re/`, `(?i)` for case-insensitive) on the linear-time
 * engine of src/regex/, and parse globs with indexOf: no pattern can hold the server. A pattern it refuses
 * (backreferences, lookaround, a malformed one) is a MalformedQueryError at the offending character.
 */
import { Regex, RegexError } from "../regex/index.js";
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

/** What `parse` needs of a pattern: group 0 and each capturing group, or null without a match. */
export interface Extractor {
  exec(value: string): { readonly groups: readonly (string | undefined)[] } | null;
}

/**
 * A parse glob: every `*` captures lazily, except a trailing one, which takes the rest of the value;
 * everything else is literal, and the glob may match anywhere. That is the regex `(?s)a(.*?)b(.*)`,
 * whose leftmost-first match takes the first occurrence of each literal in turn (a later one never
 * lets the rest match where the first did not), so indexOf finds it in one pass.
 */
export class Glob implements Extractor {
  private readonly parts: string[];

  constructor(glob: string) {
    this.parts = glob.split("*");
  }

  exec(value: string): { groups: (string | undefined)[] } | null {
    const parts = this.parts;
    const first = parts[0] as string;
    const start = value.indexOf(first);
    if (start === -1) return null;
    const groups: (string | undefined)[] = [""];
    let pos = start + first.length;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i] as string;
      if (i === parts.length - 1 && part === "") {
        groups.push(value.slice(pos));
        pos = value.length;
        break;
      }
      const at = value.indexOf(part, pos);
      if (at === -1) return null;
      groups.push(value.slice(pos, at));
      pos = at + part.length;
    }
    groups[0] = value.slice(start, pos);
    return { groups };
  }
}
