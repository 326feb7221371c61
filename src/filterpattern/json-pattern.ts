/**
 * JSON patterns: `{ $.a.b[0] = "x*" && ($.n > 10 || $.c IS NULL) }`, with `&&` binding tighter than
 * `||`, over events that parse as a JSON object (any other event never matches).
 */
import { type Condition, type RegexBudget, readCondition, readOperator } from "./condition.js";
import { invalidTerm, syntaxError, unsupported } from "./errors.js";
import { type JsonObject, JsonNumber, type PathStep, resolvePath } from "./json-message.js";
import { Cursor, isWordChar } from "./lexer.js";

export type JsonTest = (root: JsonObject) => boolean;

/** Property names in selectors: AWS allows letters, digits, '-' and '_'. */
function isSelectorChar(c: number): boolean {
  return isWordChar(c) || c === 45;
}

/** A selector (`$.a.b[0][1]`) at the cursor. Errors name the selector up to the bad character, as AWS does. */
export function readSelector(cur: Cursor): PathStep[] {
  const start = cur.pos;
  const bad = (): never => {
    const upTo = Math.min(cur.pos + 1, cur.end);
    throw invalidTerm(cur.text.slice(start, upTo), start);
  };
  if (cur.peek() !== 36 /* $ */) bad();
  cur.pos++;
  if (cur.peek() !== 46 /* . */) bad();
  const path: PathStep[] = [];
  for (;;) {
    const c = cur.peek();
    if (c === 46) {
      cur.pos++;
      const name = cur.readWhile(isSelectorChar);
      if (name === "") bad();
      path.push(name);
    } else if (c === 91 /* [ */) {
      if (path.length === 0) bad();
      cur.pos++;
      const digits = cur.readWhile((d) => d >= 48 && d <= 57);
      if (digits === "" || digits.length > 9 || cur.peek() !== 93) bad();
      cur.pos++;
      path.push(Number(digits));
    } else {
      return path;
    }
  }
}

class JsonPatternParser {
  readonly budget: RegexBudget = { used: 0 };
  constructor(private readonly cur: Cursor) {}

  parse(): JsonTest {
    const cur = this.cur;
    cur.pos++; // the opening brace
    const test = this.or();
    cur.skipSpace();
    if (cur.peek() !== 125 /* } */) this.unexpected("'}'");
    cur.pos++;
    cur.skipSpace();
    if (!cur.atEnd()) this.unexpected("the end of the pattern");
    return test;
  }

  private unexpected(wanted: string): never {
    const cur = this.cur;
    if (cur.atEnd()) throw syntaxError(`expected ${wanted} but the pattern ended`, cur.pos);
    const c = cur.peek();
    // Characters that cannot start anything in a JSON pattern get AWS's message for a bad term.
    if (!isWordChar(c) && '{}()&|$"%=!<>'.indexOf(String.fromCharCode(c)) < 0) cur.invalidHere();
    throw syntaxError(`expected ${wanted}`, cur.pos);
  }

  private or(): JsonTest {
    const parts = [this.and()];
    for (;;) {
      this.cur.skipSpace();
      if (!this.cur.startsWith("||")) break;
      this.cur.pos += 2;
      parts.push(this.and());
    }
    if (parts.length === 1) return parts[0] as JsonTest;
    return (root) => {
      for (const part of parts) if (part(root)) return true;
      return false;
    };
  }

  private and(): JsonTest {
    const parts = [this.primary()];
    for (;;) {
      this.cur.skipSpace();
      if (!this.cur.startsWith("&&")) break;
      this.cur.pos += 2;
      parts.push(this.primary());
    }
    if (parts.length === 1) return parts[0] as JsonTest;
    return (root) => {
      for (const part of parts) if (!part(root)) return false;
      return true;
    };
  }

  private primary(): JsonTest {
    const cur = this.cur;
    cur.skipSpace();
    const c = cur.peek();
    if (c === 40 /* ( */) {
      cur.pos++;
      const inner = this.or();
      cur.skipSpace();
      if (cur.peek() !== 41) this.unexpected("')'");
      cur.pos++;
      return inner;
    }
    if (c === 36 /* $ */) return this.comparison();
    return this.unexpected("a selector such as $.field or '('");
  }

  private comparison(): JsonTest {
    const cur = this.cur;
    const path = readSelector(cur);
    cur.skipSpace();
    const keywordAt = cur.pos;
    const word = cur.readWhile(isWordChar);
    if (word !== "") return this.keyword(path, word, keywordAt);
    const op = readOperator(cur);
    if (op === undefined) return this.unexpected("an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS)");
    return valueTest(path, readCondition(cur, op, this.budget));
  }

  /** `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS` (AWS: `IS NOT` and `EXISTS` are not supported). */
  private keyword(path: PathStep[], word: string, at: number): JsonTest {
    const cur = this.cur;
    cur.skipSpace();
    const second = cur.readWhile(isWordChar);
    if (word === "IS" && second === "NULL") return (root) => resolvePath(root, path) === null;
    if (word === "IS" && second === "TRUE") return (root) => resolvePath(root, path) === true;
    if (word === "IS" && second === "FALSE") return (root) => resolvePath(root, path) === false;
    if (word === "NOT" && second === "EXISTS") return (root) => resolvePath(root, path) === undefined;
    if (word === "IS" && second === "NOT") throw unsupported("'IS NOT' (AWS does not support it)", at);
    if (word === "EXISTS") throw unsupported("'EXISTS' (AWS does not support it; use NOT EXISTS)", at);
    throw syntaxError(`unknown keyword '${second === "" ? word : `${word} ${second}`}'`, at);
  }
}

/** Thrown when a number's text as written is needed but the event was read with JSON.parse. */
export const NEEDS_NUMBER_TEXT = new Error("the text of a JSON number is needed");

/**
 * A comparison holds only where the selector points at a string or a number (AWS: a selector naming
 * an object, an array, a boolean, null or nothing matches neither `=` nor `!=`). Works on both trees:
 * JSON.parse's (numbers as values) and parseJsonObject's (numbers with their text).
 */
function valueTest(path: PathStep[], cond: Condition): JsonTest {
  const { test, textual } = cond;
  return (root) => {
    const node = resolvePath(root, path) as unknown;
    if (typeof node === "string") return test(node, 0, node.length, Number.NaN);
    if (typeof node === "number") {
      if (textual) throw NEEDS_NUMBER_TEXT;
      return test("", 0, 0, node);
    }
    if (node instanceof JsonNumber) return test(node.raw, 0, node.raw.length, node.value);
    return false;
  };
}

export function parseJsonPattern(pattern: string, start: number, end: number): JsonTest {
  return new JsonPatternParser(new Cursor(pattern, start, end)).parse();
}

/** A metric value reference such as `$.latency`, parsed to a path. */
export function parseJsonReference(reference: string): PathStep[] {
  const cur = new Cursor(reference, 0, reference.length);
  const path = readSelector(cur);
  if (!cur.atEnd()) cur.invalidHere();
  return path;
}
