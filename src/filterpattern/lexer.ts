/**
 * A cursor over a pattern, with the lexical pieces all three pattern families share:
 * whitespace, quoted strings, bare words and the character classes AWS allows in them.
 */
import { invalidTerm, syntaxError } from "./errors.js";

/** Letters, digits and underscore: what an unquoted term may hold (AWS: anything else must be quoted). */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Characters of an unquoted value in JSON and space-delimited patterns: `10.0.2.*`, `-1e+3`, `kms.amazonaws.com`. */
export function isBareValueChar(c: number): boolean {
  return isWordChar(c) || c === 46 /* . */ || c === 45 /* - */ || c === 43 /* + */ || c === 42 /* * */;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export class Cursor {
  pos: number;
  constructor(
    readonly text: string,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** The code unit at the cursor, or -1 at the end. */
  peek(offset = 0): number {
    const at = this.pos + offset;
    return at < this.end ? this.text.charCodeAt(at) : -1;
  }

  startsWith(s: string): boolean {
    return this.pos + s.length <= this.end && this.text.startsWith(s, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.end && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  /**
   * A double-quoted string starting at the cursor, unescaped. `\"` and `\\` are the only escapes:
   * AWS documents none, and guessing what others mean would risk a silently different match.
   */
  readQuoted(): string {
    const open = this.pos;
    this.pos++;
    let out = "";
    let chunk = this.pos;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 34) {
        out += this.text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 92) {
        const next = this.peek(1);
        if (next !== 34 && next !== 92) {
          throw syntaxError(`unsupported escape '\\${next < 0 ? "" : String.fromCharCode(next)}' in quoted string (only \\" and \\\\ are supported)`, this.pos);
        }
        out += this.text.slice(chunk, this.pos) + String.fromCharCode(next);
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    throw syntaxError("unterminated quoted string", open);
  }

  /** The longest run of characters for which `accept` holds (possibly empty). */
  readWhile(accept: (c: number) => boolean): string {
    const start = this.pos;
    while (this.pos < this.end && accept(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** AWS's error for the character at the cursor: it names the offending character, not the whole term. */
  invalidHere(): never {
    throw invalidTerm(this.charAt(this.pos), this.pos);
  }

  /** One character (a whole surrogate pair when there is one), for messages. */
  charAt(at: number): string {
    const cp = this.text.codePointAt(at);
    return cp === undefined ? "" : String.fromCodePoint(cp);
  }
}
