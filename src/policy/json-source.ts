/** A JSON reader that keeps each value's line and column, so that SimulatePolicy can report statement positions. */

export interface Position {
  /** 1-based, as IAM's StartPosition/EndPosition. */
  line: number;
  /** 1-based column of the character. */
  column: number;
}

export type JsonNode =
  | { type: "object"; entries: Map<string, JsonNode>; start: Position; end: Position }
  | { type: "array"; items: JsonNode[]; start: Position; end: Position }
  | { type: "string"; value: string; start: Position; end: Position }
  | { type: "number"; value: number; start: Position; end: Position }
  | { type: "boolean"; value: boolean; start: Position; end: Position }
  | { type: "null"; start: Position; end: Position };

/** Thrown on text that is not JSON; the caller turns it into the kind-specific IAM message. */
export class JsonSyntaxError extends Error {}

/** Deep documents are refused rather than risking the stack: IAM documents are at most a few levels deep. */
const MAX_DEPTH = 64;

export function readJson(text: string): JsonNode {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (): Position => ({ line, column: i - lineStart + 1 });
  const fail = (): never => {
    throw new JsonSyntaxError(`invalid JSON at line ${line}, column ${i - lineStart + 1}`);
  };

  function skipSpace(): void {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        line++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else return;
    }
  }

  function readString(): string {
    i++; // opening quote
    let out = "";
    let chunk = i;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c < 32) fail();
      if (c === 92) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case "\\":
            out += "\\";
            break;
          case "/":
            out += "/";
            break;
          case "b":
            out += "\b";
            break;
          case "f":
            out += "\f";
            break;
          case "n":
            out += "\n";
            break;
          case "r":
            out += "\r";
            break;
          case "t":
            out += "\t";
            break;
          case "u": {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail();
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail();
        }
        chunk = i;
      } else i++;
    }
  }

  function readValue(depth: number): JsonNode {
    if (depth > MAX_DEPTH) fail();
    skipSpace();
    const start = pos();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries = new Map<string, JsonNode>();
      skipSpace();
      if (text[i] === "}") {
        i++;
        return { type: "object", entries, start, end: pos() };
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail();
        const key = readString();
        skipSpace();
        if (text[i] !== ":") fail();
        i++;
        // Last duplicate wins, as JSON.parse and Jackson's default do (README: duplicate keys).
        entries.set(key, readValue(depth + 1));
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return { type: "object", entries, start, end: pos() };
        }
        fail();
      }
    }
    if (c === "[") {
      i++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[i] === "]") {
        i++;
        return { type: "array", items, start, end: pos() };
      }
      for (;;) {
        items.push(readValue(depth + 1));
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return { type: "array", items, start, end: pos() };
        }
        fail();
      }
    }
    if (c === '"') {
      const value = readString();
      return { type: "string", value, start, end: pos() };
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      const found = m.exec(text);
      if (found === null) fail();
      i += (found as RegExpExecArray)[0].length;
      return { type: "number", value: Number((found as RegExpExecArray)[0]), start, end: pos() };
    }
    for (const [word, node] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return node === null ? { type: "null", start, end: pos() } : { type: "boolean", value: node, start, end: pos() };
      }
    }
    return fail();
  }

  const root = readValue(0);
  skipSpace();
  if (i !== text.length) fail();
  return root;
}
