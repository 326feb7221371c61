/**
 * Space-delimited patterns: `[version, account, eni, source, destination, srcport, destport="22", ...]`,
 * with `...`, conditions joined by `&&` / `||` inside one field, and values extracted by field name.
 */
import { type Condition, type RegexBudget, type ScalarTest, readCondition, readOperator } from "./condition.js";
import { FilterPatternError, syntaxError, unsupported } from "./errors.js";
import { Cursor, isWordChar } from "./lexer.js";
import { type FieldCheck, NO_MATCH, type Matcher, type MatchResult, type MessageFields } from "./matcher.js";
import { FieldSplitter, readField, skipSpaces } from "./message-fields.js";
import { numberIn } from "./numbers.js";

interface Slot {
  /** Undefined for an unnamed field (an empty slot such as the last one of `[a, b,]`). */
  name?: string;
  ellipsis: boolean;
  condition?: Condition;
}

export interface SpaceDelimitedPattern {
  slots: Slot[];
  /** Index of the `...` slot, or -1. */
  ellipsis: number;
}

export function parseSpaceDelimited(pattern: string, start: number, end: number): SpaceDelimitedPattern {
  const cur = new Cursor(pattern, start + 1, end);
  const budget: RegexBudget = { used: 0 };
  const slots: Slot[] = [];
  let ellipsis = -1;
  for (;;) {
    cur.skipSpace();
    const at = cur.pos;
    const slot = readSlot(cur, budget);
    if (slot.ellipsis) {
      // With two `...` the same event can bind fields in several ways; AWS does not say which wins.
      if (ellipsis >= 0) throw unsupported("more than one '...' in a space-delimited pattern", at);
      ellipsis = slots.length;
    }
    if (slot.name !== undefined && slots.some((s) => s.name === slot.name)) {
      throw unsupported(`field name '${slot.name}' used twice`, at);
    }
    slots.push(slot);
    cur.skipSpace();
    const c = cur.peek();
    if (c === 44 /* , */) {
      cur.pos++;
      continue;
    }
    if (c === 93 /* ] */) {
      cur.pos++;
      break;
    }
    if (c < 0) throw syntaxError("missing ']' at the end of a space-delimited pattern", cur.pos);
    if (isWordChar(c) || c === 61 || c === 33 || c === 60 || c === 62) throw syntaxError("expected ',' or ']'", cur.pos);
    cur.invalidHere();
  }
  cur.skipSpace();
  if (!cur.atEnd()) throw syntaxError("text after the closing ']'", cur.pos);
  if (slots.length === 1 && slots[0]?.name === undefined && !slots[0]?.ellipsis) {
    throw unsupported("an empty space-delimited pattern '[]'", start);
  }
  return { slots, ellipsis };
}

function readSlot(cur: Cursor, budget: RegexBudget): Slot {
  if (cur.startsWith("...")) {
    cur.pos += 3;
    return { ellipsis: true };
  }
  const nameAt = cur.pos;
  const name = cur.readWhile(isWordChar);
  cur.skipSpace();
  const c = cur.peek();
  if (name === "") {
    if (c === 44 || c === 93) return { ellipsis: false };
    if (readOperatorAhead(cur)) throw unsupported("a condition without a field name", cur.pos);
    cur.invalidHere();
  }
  if (c === 44 || c === 93 || c < 0) return { name, ellipsis: false };
  const condition = readSlotCondition(cur, name, nameAt, budget);
  return { name, ellipsis: false, condition };
}

function readOperatorAhead(cur: Cursor): boolean {
  const at = cur.pos;
  const op = readOperator(cur);
  cur.pos = at;
  return op !== undefined;
}

/** `name op value ((&& | ||) name op value)*`, every name the slot's own; `&&` binds tighter. */
function readSlotCondition(cur: Cursor, name: string, nameAt: number, budget: RegexBudget): Condition {
  const alternatives: Condition[][] = [[]];
  for (;;) {
    const op = readOperator(cur);
    if (op === undefined) {
      if (cur.atEnd()) throw syntaxError("missing ']' at the end of a space-delimited pattern", cur.pos);
      if (isWordChar(cur.peek())) throw syntaxError(`expected an operator after '${name}'`, cur.pos);
      cur.invalidHere();
    }
    (alternatives[alternatives.length - 1] as Condition[]).push(readCondition(cur, op, budget));
    cur.skipSpace();
    let joiner: "&&" | "||";
    if (cur.startsWith("&&")) joiner = "&&";
    else if (cur.startsWith("||")) joiner = "||";
    else break;
    cur.pos += 2;
    if (joiner === "||") alternatives.push([]);
    cur.skipSpace();
    const againAt = cur.pos;
    const again = cur.readWhile(isWordChar);
    if (again !== name) {
      if (again === "") throw syntaxError(`expected '${name}' after '${joiner}'`, againAt);
      // The AWS docs once showed `status_code = 4* && bytes > 1000` in one field; what it means is unknown.
      throw unsupported(`condition on '${again}' inside the field '${name}' (started at position ${nameAt + 1})`, againAt);
    }
    cur.skipSpace();
  }
  return combine(alternatives);
}

function combine(alternatives: Condition[][]): Condition {
  const needsNumber = alternatives.some((all) => all.some((c) => c.needsNumber));
  const textual = alternatives.some((all) => all.some((c) => c.textual));
  const ands: ScalarTest[] = alternatives.map((all) => {
    if (all.length === 1) return (all[0] as Condition).test;
    const tests = all.map((c) => c.test);
    return (t, s, e, n) => {
      for (const test of tests) if (!test(t, s, e, n)) return false;
      return true;
    };
  });
  if (ands.length === 1) return { test: ands[0] as ScalarTest, needsNumber, textual };
  return {
    test: (t, s, e, n) => {
      for (const test of ands) if (test(t, s, e, n)) return true;
      return false;
    },
    needsNumber,
    textual,
  };
}

/**
 * The matcher: reads the event field by field and checks each constrained field as soon as it is read,
 * so most non-matching events are refused halfway through; only offsets are kept, never substrings.
 */
export class SpaceDelimitedMatcher implements Matcher {
  readonly kind = "space-delimited" as const;
  private readonly splitter = new FieldSplitter();
  private readonly slotCount: number;
  private readonly ellipsis: number;
  private readonly slots: Slot[];
  /** For each slot, the index of its check, or -1. */
  private readonly checkOfSlot: Int32Array;
  /** Slots after the `...`, checked once the field count is known. */
  private readonly tailSlots: Int32Array;
  private readonly checks: ScalarTest[];
  private readonly checkNeedsNumber: boolean[];
  private readonly checkTextual: boolean[];
  /** Slots that have a check, in order: what matchesFields tests once the field count is known. */
  private readonly checkedSlots: Int32Array;
  /** Resolved `$name` / `$N` references: a slot index, or -1 and a 0-based position. */
  private readonly references = new Map<string, { slot: number; position: number }>();

  constructor(
    readonly pattern: string,
    parsed: SpaceDelimitedPattern,
  ) {
    this.slots = parsed.slots;
    this.slotCount = parsed.slots.length;
    this.ellipsis = parsed.ellipsis;
    this.checkOfSlot = new Int32Array(this.slotCount).fill(-1);
    this.checks = [];
    this.checkNeedsNumber = [];
    this.checkTextual = [];
    const tail: number[] = [];
    const checked: number[] = [];
    parsed.slots.forEach((slot, k) => {
      if (!slot.condition) return;
      checked.push(k);
      this.checkOfSlot[k] = this.checks.length;
      this.checks.push(slot.condition.test);
      this.checkNeedsNumber.push(slot.condition.needsNumber);
      this.checkTextual.push(slot.condition.textual);
      if (this.ellipsis >= 0 && k > this.ellipsis) tail.push(k);
    });
    this.tailSlots = Int32Array.from(tail);
    this.checkedSlots = Int32Array.from(checked);
  }

  /** The message field index of pattern slot k, for an event of `count` fields. */
  private fieldOf(k: number, count: number): number {
    return this.ellipsis < 0 || k < this.ellipsis ? k : count - this.slotCount + k;
  }

  private check(j: number, message: string, s: number, e: number): boolean {
    const num = this.checkNeedsNumber[j] ? numberIn(message, s, e) : Number.NaN;
    return (this.checks[j] as ScalarTest)(message, s, e, num);
  }

  matches(message: string): boolean {
    const splitter = this.splitter;
    const length = message.length;
    const slotCount = this.slotCount;
    const headSlots = this.ellipsis < 0 ? slotCount : this.ellipsis;
    const maxFields = this.ellipsis < 0 ? slotCount : 0x7fffffff;
    let i = skipSpaces(message, 0);
    let n = 0;
    while (i < length) {
      if (n === maxFields) return false;
      if (n === splitter.starts.length) splitter.grow();
      const starts = splitter.starts;
      const ends = splitter.ends;
      i = readField(message, i, starts, ends, n);
      if (n < headSlots) {
        const j = this.checkOfSlot[n] as number;
        if (j >= 0 && !this.check(j, message, starts[n] as number, ends[n] as number)) return false;
      }
      n++;
    }
    splitter.count = n;
    if (this.ellipsis < 0 ? n !== slotCount : n < slotCount - 1) return false;
    const tail = this.tailSlots;
    for (let t = 0; t < tail.length; t++) {
      const k = tail[t] as number;
      const f = n - slotCount + k;
      if (!this.check(this.checkOfSlot[k] as number, message, splitter.starts[f] as number, splitter.ends[f] as number)) return false;
    }
    return true;
  }

  match(message: string): MatchResult {
    if (!this.matches(message)) return NO_MATCH;
    const { starts, ends, count } = this.splitter;
    const fields: Record<string, string> = {};
    const absorbed = count - (this.slotCount - 1);
    for (let k = 0; k < this.slotCount; k++) {
      const slot = this.slots[k] as Slot;
      if (slot.ellipsis) {
        for (let f = k; f < k + absorbed; f++) fields[`$${f + 1}`] = message.slice(starts[f], ends[f]);
        continue;
      }
      const f = this.fieldOf(k, count);
      fields[slot.name === undefined ? `$${f + 1}` : `$${slot.name}`] = message.slice(starts[f], ends[f]);
    }
    return { matched: true, fields };
  }

  valueOf(message: string, reference: string): string | undefined {
    const { slot, position } = this.resolve(reference);
    if (!this.matches(message)) return undefined;
    const { starts, ends, count } = this.splitter;
    const f = slot >= 0 ? this.fieldOf(slot, count) : position;
    return f < count ? message.slice(starts[f], ends[f]) : undefined;
  }

  /** The same test as `matches`, on fields split beforehand: the count first, then each checked slot. */
  matchesFields(fields: MessageFields): boolean {
    const n = fields.count;
    if (this.ellipsis < 0 ? n !== this.slotCount : n < this.slotCount - 1) return false;
    const { message, starts, ends } = fields;
    const checked = this.checkedSlots;
    for (let c = 0; c < checked.length; c++) {
      const k = checked[c] as number;
      const f = this.fieldOf(k, n);
      if (!this.check(this.checkOfSlot[k] as number, message, starts[f] as number, ends[f] as number)) return false;
    }
    return true;
  }

  fieldChecks(count: number): readonly FieldCheck[] | undefined {
    if (this.ellipsis < 0 ? count !== this.slotCount : count < this.slotCount - 1) return undefined;
    return Array.from(this.checkedSlots, (k) => {
      const j = this.checkOfSlot[k] as number;
      return {
        field: this.fieldOf(k, count),
        test: this.checks[j] as ScalarTest,
        needsNumber: this.checkNeedsNumber[j] as boolean,
        textual: this.checkTextual[j] as boolean,
      };
    });
  }

  fieldIndex(fields: MessageFields, reference: string): number {
    const { slot, position } = this.resolve(reference);
    const f = slot >= 0 ? this.fieldOf(slot, fields.count) : position;
    return f < fields.count ? f : -1;
  }

  /** `$name` (a named slot) or `$N` (1-based position), checked once per reference. */
  private resolve(reference: string): { slot: number; position: number } {
    let resolved = this.references.get(reference);
    if (resolved !== undefined) return resolved;
    if (!reference.startsWith("$") || reference.startsWith("$.")) {
      throw new FilterPatternError(`'${reference}' does not name a field of a space-delimited pattern (use $name)`);
    }
    const name = reference.slice(1);
    const slot = this.slots.findIndex((s) => s.name === name);
    const position = /^[1-9][0-9]{0,8}$/.test(name) ? Number(name) - 1 : -1;
    if (slot < 0 && position < 0) throw new FilterPatternError(`'${reference}' is not a field of the pattern ${this.pattern}`);
    resolved = { slot, position };
    // References come from a few metric filters; the cap only bounds what odd callers can make it hold.
    if (this.references.size < 64) this.references.set(reference, resolved);
    return resolved;
  }
}
