/**
 * The regex parser: RE2's syntax (Perl-like: classes, escapes, anchors, alternation, greedy and lazy
 * quantifiers, counted repetition up to 1000, groups named or not, flags i, m, s) to a Node tree.
 * Backreferences, lookaround, atomic groups and possessive quantifiers are refused with a position.
 */
import { type Node, type Parsed, RegexError } from "./ast.js";
import { type Ranges, foldCase, negate, normalize, posixClass, shorthand } from "./char-class.js";

/** RE2's limit on a counted repetition, so a short pattern cannot expand to a huge program. */
export const MAX_REPEAT = 1000;
/** Deeper nesting than this is refused: parsing and compiling recurse once per level. */
export const MAX_DEPTH = 1000;

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

const CONTROL: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, a: 7 };
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parse(source: string): Parsed {
  return new Parser(source).parse();
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly groups: (string | undefined)[] = [];

  constructor(private readonly src: string) {}

  parse(): Parsed {
    const node = this.alternation({ i: false, m: false, s: false });
    if (this.pos < this.src.length) throw this.syntax("unmatched ')'", this.pos);
    return { node, groups: this.groups };
  }

  private syntax(message: string, at = this.pos): RegexError {
    return new RegexError(message, at, "syntax");
  }

  private unsupported(message: string, at: number): RegexError {
    return new RegexError(message, at, "unsupported");
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? "";
  }

  private eat(s: string): boolean {
    if (!this.src.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }

  /** Alternatives up to ')' or the end. Flags set by (?i) inside a group last to the group's end. */
  private alternation(flags: Flags): Node {
    if (++this.depth > MAX_DEPTH) throw new RegexError(`nesting deeper than ${MAX_DEPTH}`, this.pos, "limit");
    const local = { ...flags };
    const items: Node[] = [this.concatenation(local)];
    while (this.eat("|")) items.push(this.concatenation(local));
    this.depth--;
    return items.length === 1 ? (items[0] as Node) : { t: "alt", items };
  }

  private concatenation(flags: Flags): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.peek() !== "|" && this.peek() !== ")") {
      const c = this.peek();
      if (c === "*" || c === "+" || c === "?") throw this.syntax(`missing argument to repetition operator: ${c}`);
      if (c === "(" && this.src.startsWith("(?", this.pos) && this.flagGroup(flags)) continue;
      const atom = this.atom(flags);
      items.push(this.quantified(atom));
    }
    return items.length === 0 ? { t: "empty" } : items.length === 1 ? (items[0] as Node) : { t: "cat", items };
  }

  /** `(?i)`, `(?-s)`...: changes flags for the rest of the enclosing group; false when not that form. */
  private flagGroup(flags: Flags): boolean {
    const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(this.src.slice(this.pos, this.pos + 20));
    if (m === null) return false;
    this.applyFlags(m[1] ?? "", m[2] ?? "", flags, this.pos);
    this.pos += m[0].length;
    return true;
  }

  private applyFlags(on: string, off: string, flags: Flags, at: number): void {
    for (const [letters, value] of [
      [on, true],
      [off, false],
    ] as const) {
      for (const f of letters) {
        if (f !== "i" && f !== "m" && f !== "s") throw this.unsupported(`unsupported flag (?${f})`, at);
        flags[f] = value;
      }
    }
  }

  private quantified(atom: Node): Node {
    const at = this.pos;
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === "*") [min, max] = [0, -1];
    else if (c === "+") [min, max] = [1, -1];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos, this.pos + 16));
      // As in RE2 and Perl, a brace that does not open a well-formed count is a literal.
      if (m === null) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT) throw new RegexError(`repetition count above ${MAX_REPEAT}: ${m[0]}`, at, "limit");
      if (max !== -1 && max < min) throw this.syntax(`bad repetition operator: ${m[0]}`, at);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    let greedy = true;
    if (this.eat("?")) greedy = false;
    else if (this.peek() === "+") throw this.unsupported("possessive quantifiers are not supported", this.pos);
    const node: Node = { t: "repeat", node: atom, min, max, greedy };
    const next = this.peek();
    if (next === "*" || next === "+" || next === "?" || (next === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos, this.pos + 16)))) {
      throw this.syntax(`bad repetition operator: ${this.src.slice(at, this.pos + 1)}`, this.pos);
    }
    return node;
  }

  private atom(flags: Flags): Node {
    const start = this.pos;
    const c = this.src.codePointAt(this.pos) as number;
    switch (c) {
      case 0x28 /* ( */:
        return this.group(flags);
      case 0x5b /* [ */:
        this.pos++;
        return { t: "set", ranges: this.charClass(start, flags.i) };
      case 0x2e /* . */:
        this.pos++;
        return { t: "set", ranges: flags.s ? [0, 0x10ffff] : [0, 9, 11, 0x10ffff] };
      case 0x5e /* ^ */:
        this.pos++;
        return { t: "assert", kind: flags.m ? "bol" : "bot" };
      case 0x24 /* $ */:
        this.pos++;
        return { t: "assert", kind: flags.m ? "eol" : "eot" };
      case 0x5c /* \ */:
        return this.escape(flags);
      default:
        this.pos += c > 0xffff ? 2 : 1;
        return this.set([c, c], flags);
    }
  }

  private set(ranges: Ranges, flags: Flags): Node {
    return { t: "set", ranges: flags.i ? foldCase(ranges) : ranges };
  }

  private group(flags: Flags): Node {
    const open = this.pos;
    this.pos++;
    let name: string | undefined;
    let capturing = true;
    const inner = { ...flags };
    if (this.eat("?")) {
      const rest = this.src.slice(this.pos, this.pos + 3);
      if (rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<=") || rest.startsWith("<!")) {
        throw this.unsupported("lookaround assertions are not supported", open);
      }
      if (rest.startsWith(">")) throw this.unsupported("atomic groups are not supported", open);
      if (this.eat("<") || this.eat("P<")) {
        const close = this.src.indexOf(">", this.pos);
        name = close === -1 ? "" : this.src.slice(this.pos, close);
        if (!NAME.test(name)) throw this.syntax(`invalid named capture group: ${this.src.slice(open, close === -1 ? undefined : close + 1)}`, open);
        if (this.groups.includes(name)) throw this.syntax(`duplicate capture group name: ${name}`, open);
        this.pos = close + 1;
      } else {
        const m = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?:/.exec(this.src.slice(this.pos, this.pos + 20));
        if (m === null) throw this.unsupported(`invalid or unsupported Perl syntax: ${this.src.slice(open, this.pos + 1)}`, open);
        this.applyFlags(m[1] ?? "", m[2] ?? "", inner, open);
        this.pos += m[0].length;
        capturing = false;
      }
    }
    let index = 0;
    if (capturing) {
      this.groups.push(name);
      index = this.groups.length;
    }
    const node = this.alternation(inner);
    if (!this.eat(")")) throw this.syntax("missing ')'", open);
    return capturing ? { t: "group", node, index, name } : node;
  }

  private escape(flags: Flags): Node {
    const start = this.pos;
    const c = this.src[this.pos + 1];
    if (c === undefined) throw this.syntax("trailing backslash at end of expression", start);
    switch (c) {
      case "A":
        this.pos += 2;
        return { t: "assert", kind: "bot" };
      case "z":
        this.pos += 2;
        return { t: "assert", kind: "eot" };
      case "b":
        this.pos += 2;
        return { t: "assert", kind: "word" };
      case "B":
        this.pos += 2;
        return { t: "assert", kind: "notword" };
    }
    const ranges = this.classEscape(false);
    return this.set(ranges, flags);
  }

  /** An escape that stands for characters: a shorthand class, a control or hex code, or a symbol. */
  private classEscape(inClass: boolean): Ranges {
    const start = this.pos;
    this.pos++;
    const c = this.src.codePointAt(this.pos);
    if (c === undefined) throw this.syntax("trailing backslash at end of expression", start);
    const ch = String.fromCodePoint(c);
    this.pos += ch.length;
    const sh = shorthand(ch);
    if (sh !== undefined) return sh;
    const control = CONTROL[ch];
    if (control !== undefined) return [control, control];
    if (ch === "b" && inClass) return [8, 8];
    if (ch >= "1" && ch <= "9") throw this.unsupported("backreferences are not supported", start);
    if (ch === "k") throw this.unsupported("backreferences are not supported", start);
    if (ch === "0") {
      const m = /^[0-7]{0,2}/.exec(this.src.slice(this.pos, this.pos + 2)) as RegExpExecArray;
      this.pos += m[0].length;
      const v = m[0] === "" ? 0 : parseInt(m[0], 8);
      return [v, v];
    }
    if (ch === "x" || ch === "u") {
      const m = (ch === "x" ? /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{2}))/ : /^([0-9a-fA-F]{4})/).exec(this.src.slice(this.pos, this.pos + 8));
      if (m === null) throw this.syntax(`invalid escape sequence: \\${ch}`, start);
      const v = parseInt((m[1] ?? m[2]) as string, 16);
      if (v > 0x10ffff) throw this.syntax(`invalid escape sequence: ${this.src.slice(start, this.pos + m[0].length)}`, start);
      this.pos += m[0].length;
      return [v, v];
    }
    if (c < 128 && !/[A-Za-z0-9]/.test(ch)) return [c, c];
    throw this.unsupported(`invalid escape sequence: \\${ch}`, start);
  }

  /** Folding comes before negation: (?i)[^a] refuses both 'a' and 'A'. */
  private charClass(open: number, fold: boolean): Ranges {
    let negated = false;
    if (this.eat("^")) negated = true;
    const ranges: Ranges = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) throw this.syntax(`missing closing ]: ${this.src.slice(open)}`, open);
      // A ']' first in the class is a member, as in RE2 and Perl.
      if (this.peek() === "]" && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (this.peek() === "[") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos, this.pos + 12));
        if (m !== null) {
          const posix = posixClass(m[2] as string);
          if (posix === undefined) throw this.syntax(`invalid character class range: ${m[0]}`, this.pos);
          ranges.push(...(m[1] === "^" ? negate(posix) : posix));
          this.pos += m[0].length;
          continue;
        }
      }
      const at = this.pos;
      const lo = this.classMember();
      if (lo.length !== 2 || lo[0] !== lo[1] || this.peek() !== "-" || this.peek(1) === "]" || this.peek(1) === "") {
        ranges.push(...lo);
        continue;
      }
      this.pos++;
      const hi = this.classMember();
      if (hi.length !== 2 || hi[0] !== hi[1]) throw this.syntax(`invalid character class range: ${this.src.slice(at, this.pos)}`, at);
      if ((hi[0] as number) < (lo[0] as number)) throw this.syntax(`invalid character class range: ${this.src.slice(at, this.pos)}`, at);
      ranges.push(lo[0] as number, hi[0] as number);
    }
    const set = fold ? foldCase(normalize(ranges)) : normalize(ranges);
    return negated ? negate(set) : set;
  }

  private classMember(): Ranges {
    if (this.peek() === "\\") return this.classEscape(true);
    const c = this.src.codePointAt(this.pos) as number;
    this.pos += c > 0xffff ? 2 : 1;
    return [c, c];
  }
}
