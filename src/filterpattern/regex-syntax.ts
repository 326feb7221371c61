/**
 * The syntax of AWS's regex subset (`%...%`): a strict parser that refuses every character and
 * construct outside the documented list, producing alternatives of quantified atoms (no groups exist).
 */
import { invalidTerm, syntaxError, unsupported } from "./errors.js";

/** Limit on {n,m} counts, so a small pattern cannot compile to a huge program. */
export const MAX_REPEAT = 1000;

/** A character set: membership of each ASCII character, and one answer for everything beyond ASCII. */
export interface CharSet {
  ascii: Uint8Array;
  other: boolean;
}

export type Atom = { t: "char"; c: number } | { t: "any" } | { t: "set"; set: CharSet } | { t: "bol" } | { t: "eol" };
export interface Item {
  atom: Atom;
  min: number;
  max: number; // -1: unbounded
}

/** Symbols AWS documents as allowed in a regex besides letters and digits; everything else is refused. */
const SYMBOLS = ":_#=@/;,-";
const OPERATORS = "^$?[]{}|\\*+.";

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAllowed(c: number): boolean {
  if (c >= 128) return false;
  const ch = String.fromCharCode(c);
  return isAlnum(c) || SYMBOLS.includes(ch) || OPERATORS.includes(ch);
}

function emptySet(): CharSet {
  return { ascii: new Uint8Array(128), other: false };
}

function shorthand(letter: string): CharSet | undefined {
  const set = emptySet();
  const lower = letter.toLowerCase();
  const members = (c: number): boolean => (lower === "d" ? c >= 48 && c <= 57 : lower === "w" ? isAlnum(c) || c === 95 : c === 32 || (c >= 9 && c <= 13));
  if (lower !== "d" && lower !== "w" && lower !== "s") return undefined;
  const negate = letter !== lower;
  for (let c = 0; c < 128; c++) set.ascii[c] = members(c) !== negate ? 1 : 0;
  set.other = negate;
  return set;
}

const CONTROL: Record<string, number> = { t: 9, n: 10, r: 13, f: 12 };

export class RegexParser {
  pos: number;
  constructor(
    private readonly src: string,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  private peek(): number {
    return this.pos < this.end ? this.src.charCodeAt(this.pos) : -1;
  }

  private fail(what: string): never {
    throw syntaxError(`${what} in regular expression`, this.pos);
  }

  /** Rejects characters outside AWS's list, naming the character as AWS does for terms. */
  private checkAllowed(): void {
    const c = this.peek();
    if (!isAllowed(c)) {
      const cp = this.src.codePointAt(this.pos) ?? c;
      throw invalidTerm(String.fromCodePoint(cp), this.pos);
    }
  }

  parse(): Item[][] {
    if (this.start === this.end) this.fail("empty pattern");
    const alternatives: Item[][] = [this.sequence()];
    while (this.peek() === 124 /* | */) {
      this.pos++;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    while (this.pos < this.end && this.peek() !== 124) {
      this.checkAllowed();
      const c = this.peek();
      if (c === 42 || c === 43 || c === 63 || c === 123) this.fail("nothing to repeat");
      const atom = this.atom();
      const item: Item = { atom, min: 1, max: 1 };
      this.quantifier(item);
      items.push(item);
    }
    if (items.length === 0) this.fail("empty alternative");
    return items;
  }

  private atom(): Atom {
    const c = this.src.charCodeAt(this.pos);
    this.pos++;
    switch (c) {
      case 94:
        return { t: "bol" };
      case 36:
        return { t: "eol" };
      case 46:
        return { t: "any" };
      case 91:
        return { t: "set", set: this.charClass() };
      case 92:
        return this.escape(false);
      default:
        return { t: "char", c };
    }
  }

  /** After a backslash: a shorthand class, a control character, or an escaped symbol taken literally. */
  private escape(inClass: boolean): { t: "char"; c: number } | { t: "set"; set: CharSet } {
    if (this.pos >= this.end) this.fail("trailing backslash");
    this.checkAllowed();
    const c = this.src.charCodeAt(this.pos);
    const ch = String.fromCharCode(c);
    this.pos++;
    const set = shorthand(ch);
    if (set) return { t: "set", set };
    const control = CONTROL[ch];
    if (control !== undefined) return { t: "char", c: control };
    if (!isAlnum(c)) return { t: "char", c };
    throw unsupported(`escape '\\${ch}'${inClass ? " in a character class" : ""} in regular expression`, this.pos - 2);
  }

  private charClass(): CharSet {
    const open = this.pos - 1;
    let negate = false;
    if (this.peek() === 94) {
      negate = true;
      this.pos++;
    }
    const set = emptySet();
    let count = 0;
    for (;;) {
      if (this.pos >= this.end) throw syntaxError("unterminated character class in regular expression", open);
      this.checkAllowed();
      const c = this.peek();
      if (c === 93 /* ] */) {
        if (count === 0) this.fail("empty character class");
        this.pos++;
        break;
      }
      // Java would read a nested class or an intersection here; neither is in AWS's documented subset.
      if (c === 91) throw unsupported("'[' inside a character class", this.pos);
      const first = this.classMember();
      count++;
      if (first.t === "set") {
        for (let i = 0; i < 128; i++) if (first.set.ascii[i]) set.ascii[i] = 1;
        if (first.set.other) set.other = true;
        continue;
      }
      if (this.peek() === 45 /* - */ && this.pos + 1 < this.end && this.src.charCodeAt(this.pos + 1) !== 93) {
        this.pos++;
        this.checkAllowed();
        const last = this.classMember();
        if (last.t === "set") this.fail("character class shorthand as a range bound");
        if (last.c < first.c) this.fail("reversed range");
        for (let i = first.c; i <= last.c && i < 128; i++) set.ascii[i] = 1;
        continue;
      }
      if (first.c < 128) set.ascii[first.c] = 1;
    }
    if (negate) {
      for (let i = 0; i < 128; i++) set.ascii[i] = set.ascii[i] ? 0 : 1;
      set.other = !set.other;
    }
    return set;
  }

  private classMember(): { t: "char"; c: number } | { t: "set"; set: CharSet } {
    const c = this.src.charCodeAt(this.pos);
    this.pos++;
    if (c === 92) return this.escape(true);
    return { t: "char", c };
  }

  private quantifier(item: Item): void {
    const c = this.peek();
    if (c === 42) [item.min, item.max] = [0, -1];
    else if (c === 43) [item.min, item.max] = [1, -1];
    else if (c === 63) [item.min, item.max] = [0, 1];
    else if (c === 123) {
      this.bounds(item);
    } else return;
    if (c !== 123) this.pos++;
    if (item.atom.t === "bol" || item.atom.t === "eol") this.fail("quantifier on an anchor");
    // A lazy quantifier finds the same matches as a greedy one when only "is there a match" is asked.
    if (this.peek() === 63) this.pos++;
    const next = this.peek();
    if (next === 43) throw unsupported("possessive quantifier", this.pos);
    if (next === 42 || next === 63 || next === 123) this.fail("quantifier follows a quantifier");
  }

  private bounds(item: Item): void {
    const open = this.pos;
    this.pos++;
    const min = this.integer();
    let max = min;
    if (this.peek() === 44 /* , */) {
      this.pos++;
      max = this.peek() === 125 ? -1 : this.integer();
    }
    if (this.peek() !== 125) throw syntaxError("malformed {n,m} quantifier in regular expression", open);
    this.pos++;
    if (max !== -1 && max < min) throw syntaxError("{n,m} quantifier with m < n in regular expression", open);
    if (min > MAX_REPEAT || max > MAX_REPEAT) throw unsupported(`repetition count above ${MAX_REPEAT}`, open);
    item.min = min;
    item.max = max;
  }

  private integer(): number {
    const from = this.pos;
    while (this.pos < this.end && this.peek() >= 48 && this.peek() <= 57 && this.pos - from < 6) this.pos++;
    if (this.pos === from) this.fail("malformed {n,m} quantifier");
    return Number(this.src.slice(from, this.pos));
  }
}
