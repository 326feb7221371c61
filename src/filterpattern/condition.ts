/**
 * One comparison of a value (`= "Update*"`, `>= 400`, `!= %^10\.%`) as JSON and space-delimited
 * patterns both write it, compiled to a test over a slice of text so the hot path allocates nothing.
 */
import { FilterPatternError, invalidTerm, syntaxError } from "./errors.js";
import { Glob } from "./glob.js";
import { type Cursor, isBareValueChar } from "./lexer.js";
import { numberIn } from "./numbers.js";
import { Regex } from "./regex.js";

export type Operator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** AWS allows at most 2 regular expressions in one JSON or space-delimited pattern. */
export const MAX_REGEXES = 2;

/**
 * Tests one scalar: the text text[start, end) and, when the scalar is a number, its value in `num`
 * (NaN otherwise). The caller decides what counts as a number: JSON numbers for JSON patterns,
 * fields that read as numbers for space-delimited ones.
 */
export type ScalarTest = (text: string, start: number, end: number, num: number) => boolean;

export interface Condition {
  readonly test: ScalarTest;
  /** False when the test never looks at `num`, so the caller can skip reading a number. */
  readonly needsNumber: boolean;
  /** True when the test reads the text even of a number (a JSON number is then needed as written). */
  readonly textual: boolean;
}

/** Counts regexes across one pattern, to enforce AWS's limit. */
export interface RegexBudget {
  used: number;
}

export function readOperator(cur: Cursor): Operator | undefined {
  const c = cur.peek();
  const next = cur.peek(1);
  if (c === 61 /* = */) {
    cur.pos++;
    return "=";
  }
  if (c === 33 /* ! */ && next === 61) {
    cur.pos += 2;
    return "!=";
  }
  if (c === 60 /* < */ || c === 62 /* > */) {
    const orEqual = next === 61;
    cur.pos += orEqual ? 2 : 1;
    return c === 60 ? (orEqual ? "<=" : "<") : orEqual ? ">=" : ">";
  }
  return undefined;
}

function isNumericOperator(op: Operator): boolean {
  return op !== "=" && op !== "!=";
}

/** Reads the value after an operator and compiles the comparison. */
export function readCondition(cur: Cursor, op: Operator, budget: RegexBudget): Condition {
  cur.skipSpace();
  const start = cur.pos;
  const c = cur.peek();
  if (c < 0) throw syntaxError(`missing value after '${op}'`, start);
  if (c === 34 /* " */) {
    const value = cur.readQuoted();
    // AWS refuses a quoted value after a numeric operator, naming the quoted term.
    if (isNumericOperator(op)) throw invalidTerm(cur.text.slice(start, cur.pos), start);
    return textCondition(op, value);
  }
  if (c === 37 /* % */) {
    const close = cur.text.indexOf("%", start + 1);
    if (close < 0 || close >= cur.end) throw syntaxError("unterminated regular expression", start);
    if (isNumericOperator(op)) throw invalidTerm(cur.text.slice(start, close + 1), start);
    if (++budget.used > MAX_REGEXES) {
      throw new FilterPatternError(`A filter pattern may contain at most ${MAX_REGEXES} regular expressions`, start);
    }
    const regex = new Regex(cur.text, start + 1, close);
    cur.pos = close + 1;
    return negateIf(op === "!=", { test: (t, s, e) => regex.test(t, s, e), needsNumber: false, textual: true });
  }
  const value = cur.readWhile(isBareValueChar);
  if (value === "") cur.invalidHere();
  const isNumber = !value.includes("*") && !Number.isNaN(numberIn(value, 0, value.length));
  if (isNumericOperator(op)) {
    if (!isNumber) throw invalidTerm(value, start);
    return numericCondition(op, Number(value));
  }
  return isNumber ? numberEquality(op, value) : textCondition(op, value);
}

function negateIf(negate: boolean, cond: Condition): Condition {
  if (!negate) return cond;
  const inner = cond.test;
  return { test: (t, s, e, n) => !inner(t, s, e, n), needsNumber: cond.needsNumber, textual: cond.textual };
}

/** A string value, exact or with `*` wildcards. */
function textCondition(op: Operator, value: string): Condition {
  if (Glob.hasWildcard(value)) {
    const glob = new Glob(value);
    return negateIf(op === "!=", { test: (t, s, e) => glob.test(t, s, e), needsNumber: false, textual: true });
  }
  const length = value.length;
  const test: ScalarTest = (t, s, e) => e - s === length && t.startsWith(value, s);
  return negateIf(op === "!=", { test, needsNumber: false, textual: true });
}

/**
 * An unquoted number after `=` or `!=`: compared as a number with numbers (`12` equals 12.0), and as
 * text with anything else (a JSON string, a field such as "-" that does not read as a number).
 */
function numberEquality(op: Operator, literal: string): Condition {
  const value = Number(literal);
  const length = literal.length;
  const test: ScalarTest = (t, s, e, n) => (!Number.isNaN(n) ? n === value : e - s === length && t.startsWith(literal, s));
  return negateIf(op === "!=", { test, needsNumber: true, textual: false });
}

/** `<`, `<=`, `>`, `>=`: only numbers can satisfy them; anything else simply does not match. */
function numericCondition(op: Operator, value: number): Condition {
  const test: ScalarTest =
    op === "<"
      ? (_t, _s, _e, n) => n < value
      : op === "<="
        ? (_t, _s, _e, n) => n <= value
        : op === ">"
          ? (_t, _s, _e, n) => n > value
          : (_t, _s, _e, n) => n >= value;
  return { test, needsNumber: true, textual: false };
}
