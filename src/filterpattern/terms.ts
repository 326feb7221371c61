/**
 * Term patterns for unstructured events: `ERROR`, `"INTERNAL SERVER ERROR"`, `ERROR -ARGUMENTS`,
 * `?ERROR ?WARN`, and term groups `?"ERROR" "MainThread" ?"WARN" "Deadlock"`.
 */
import { invalidTerm, syntaxError, unsupported } from "./errors.js";
import { Cursor, isSpace, isWordChar } from "./lexer.js";

/** All of `include` and none of `exclude` must occur in the message (case-sensitive substrings). */
export interface TermGroup {
  include: string[];
  exclude: string[];
}

/**
 * Parses a term pattern into groups; the event matches when any group does. Without `?` there is one
 * group. Each `?` starts a new group and the plain terms after it join that group, which is how the
 * AWS CDK's `anyTermGroup` writes groups (`?"a" "b" ?"c"`).
 */
export function parseTerms(pattern: string, start: number, end: number): TermGroup[] {
  const cur = new Cursor(pattern, start, end);
  const groups: TermGroup[] = [];
  let current: TermGroup | undefined;
  let sawPlainBeforeOr = false;
  for (;;) {
    cur.skipSpace();
    if (cur.atEnd()) break;
    const at = cur.pos;
    let c = cur.peek();
    let alternative = false;
    let exclude = false;
    if (c === 63 /* ? */) {
      alternative = true;
      cur.pos++;
    } else if (c === 45 /* - */) {
      exclude = true;
      cur.pos++;
    }
    if (alternative || exclude) {
      // The AWS docs write `"ERROR" - "Exiting"`, so a space may follow the operator.
      cur.skipSpace();
      c = cur.peek();
      if (c < 0) throw syntaxError(`'${alternative ? "?" : "-"}' without a term`, at);
      if (c === 63 || c === 45) throw invalidTerm(cur.charAt(cur.pos), cur.pos);
    }
    const term = readTerm(cur);
    if (alternative) {
      if (sawPlainBeforeOr) throw mixedGroups(at);
      current = { include: [], exclude: [] };
      groups.push(current);
    } else if (current === undefined) {
      sawPlainBeforeOr = true;
      current = { include: [], exclude: [] };
      groups.push(current);
    }
    (exclude ? current.exclude : current.include).push(term);
  }
  return groups;
}

function mixedGroups(at: number): Error {
  // AWS documents `?` terms and plain terms, but not what plain terms before the first `?` mean.
  return unsupported("terms before the first '?' term (write every alternative with '?')", at);
}

function readTerm(cur: Cursor): string {
  if (cur.peek() === 34 /* " */) {
    const term = cur.readQuoted();
    endOfTerm(cur);
    return term;
  }
  const term = cur.readWhile(isWordChar);
  if (term === "") cur.invalidHere();
  endOfTerm(cur);
  return term;
}

/** A term must be followed by whitespace or the end: `Status:` fails on ':' as it does on AWS. */
function endOfTerm(cur: Cursor): void {
  if (!cur.atEnd() && !isSpace(cur.peek())) cur.invalidHere();
}

/** Compiles groups to one predicate, specialised for the common shapes. */
export function termsPredicate(groups: readonly TermGroup[]): (message: string) => boolean {
  const tests = groups.map(groupPredicate);
  if (tests.length === 1) return tests[0] as (message: string) => boolean;
  return (message) => {
    for (const test of tests) if (test(message)) return true;
    return false;
  };
}

function groupPredicate(group: TermGroup): (message: string) => boolean {
  const { include, exclude } = group;
  if (exclude.length === 0 && include.length === 1) {
    const only = include[0] as string;
    return (message) => message.includes(only);
  }
  return (message) => {
    for (const term of include) if (!message.includes(term)) return false;
    for (const term of exclude) if (message.includes(term)) return false;
    return true;
  };
}
