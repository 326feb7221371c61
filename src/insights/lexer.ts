/**
 * The lexer of Logs Insights QL: query text to tokens with their spans. `#` starts a comment to the end
 * of the line; `/` starts a regex wherever an operand is expected and divides everywhere else.
 */
import { type Span, unexpected, malformed } from "./errors.js";

export type TokenKind = "ident" | "quoted" | "string" | "regex" | "number" | "period" | "symbol" | "eof";

export interface Token extends Span {
  readonly kind: TokenKind;
  /** Identifier or symbol text, string or regex body (unescaped), number text. */
  readonly text: string;
  /** For `period` tokens: the length in milliseconds. */
  readonly millis?: number;
}

const SYMBOLS = ["!=", "<=", ">=", "=~", "|", ",", "(", ")", "[", "]", "+", "-", "*", "/", "^", "%", "=", "<", ">"];

/** Units of a time period such as `5m`; AWS documents ms, s, m, h and d. */
const PERIOD_UNITS: ReadonlyMap<string, number> = new Map([
  ["ms", 1],
  ["s", 1000],
  ["m", 60_000],
  ["h", 3_600_000],
  ["d", 86_400_000],
]);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Field names may hold letters, digits, `_`, `@` and `.` without backticks; anything else needs them. */
const isIdentStart = (c: number) => isLetter(c) || c === 95 || c === 64;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 46;

/** Tokens after which `/` divides; after anything else it opens a regex. */
const OPERAND_END: ReadonlySet<TokenKind> = new Set(["ident", "quoted", "number", "period", "string", "regex"]);
/** Words after which an operand (so a regex) follows, although they lex as identifiers. */
const OPERAND_BEFORE = new Set(["like", "not", "and", "or", "in", "filter", "fields", "display", "parse", "stats", "by"]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  // In `parse @message /re/` the regex follows an operand: within parse, `/` after a field opens a regex.
  let commandWord = "";
  const regexAllowed = () => {
    const last = tokens[tokens.length - 1];
    if (last === undefined) return true;
    if (last.kind === "ident" && OPERAND_BEFORE.has(last.text.toLowerCase())) return true;
    if (commandWord === "parse" && (last.kind === "ident" || last.kind === "quoted" || (last.kind === "symbol" && last.text === ")"))) return true;
    if (OPERAND_END.has(last.kind)) return false;
    return !(last.kind === "symbol" && (last.text === ")" || last.text === "]"));
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    const start = i;
    if (c === 34 || c === 39 /* " ' */) {
      let value = "";
      i++;
      let closed = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        if (d === 92 /* \ */ && i + 1 < n) {
          const e = text[i + 1] as string;
          // Only quotes and backslashes are escapes; other backslashes stay for patterns like "\d".
          value += e === "'" || e === '"' || e === "\\" ? e : e === "n" ? "\n" : e === "t" ? "\t" : `\\${e}`;
          i += 2;
          continue;
        }
        value += text[i];
        i++;
      }
      if (!closed) throw malformed(text, { start, end: n }, "unterminated string found");
      tokens.push({ kind: "string", text: value, start, end: i });
      continue;
    }
    if (c === 96 /* ` */) {
      const close = text.indexOf("`", i + 1);
      if (close < 0) throw malformed(text, { start, end: n }, "unterminated quoted field name found");
      if (close === i + 1) throw unexpected(text, { start, end: close + 1 }, "``");
      tokens.push({ kind: "quoted", text: text.slice(i + 1, close), start, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (c === 47 /* / */ && regexAllowed()) {
      let body = "";
      i++;
      let closed = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 47) {
          closed = true;
          i++;
          break;
        }
        if (d === 92 && i + 1 < n) {
          body += text[i + 1] === "/" ? "/" : text.slice(i, i + 2);
          i += 2;
          continue;
        }
        body += text[i];
        i++;
      }
      if (!closed) throw malformed(text, { start, end: n }, "unterminated regex found");
      tokens.push({ kind: "regex", text: body, start, end: i });
      continue;
    }
    if (isDigit(c)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i + 1 < n && text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const numberEnd = i;
      if (i < n && (isIdentStart(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) {
        while (i < n && isIdentPart(text.charCodeAt(i))) i++;
        const unit = text.slice(numberEnd, i);
        const factor = PERIOD_UNITS.get(unit.toLowerCase());
        if (factor === undefined) throw unexpected(text, { start: numberEnd, end: i }, unit);
        const amount = Number(text.slice(start, numberEnd));
        tokens.push({ kind: "period", text: text.slice(start, i), start, end: i, millis: amount * factor });
        continue;
      }
      tokens.push({ kind: "number", text: text.slice(start, i), start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const previous = tokens[tokens.length - 1];
      if (previous === undefined || (previous.kind === "symbol" && previous.text === "|")) commandWord = text.slice(start, i).toLowerCase();
      tokens.push({ kind: "ident", text: text.slice(start, i), start, end: i });
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol === undefined) {
      const cp = text.codePointAt(i) ?? c;
      throw unexpected(text, { start, end: start + (cp > 0xffff ? 2 : 1) }, String.fromCodePoint(cp));
    }
    i += symbol.length;
    tokens.push({ kind: "symbol", text: symbol, start, end: i });
  }
  tokens.push({ kind: "eof", text: "<EOF>", start: n, end: n });
  return tokens;
}
