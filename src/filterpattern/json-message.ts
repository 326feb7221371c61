/**
 * Reads an event message as JSON keeping each number's text, which JSON.parse loses: AWS compares
 * quoted values with a number as written, so `{ $.x != "12" }` matches `{"x": 12.0}`.
 */

/** A JSON number: its text as written in the event, and its value. */
export class JsonNumber {
  constructor(
    readonly raw: string,
    readonly value: number,
  ) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Deeper documents are treated as not JSON by this reader, so a hostile event cannot exhaust the stack.
 * JSON.parse (the fast path of JSON patterns) has no such limit; this reader is only needed when a
 * number must be compared as written, so only such comparisons on such documents are affected.
 */
export const MAX_JSON_DEPTH = 2000;

class NotJson extends Error {}
const NOT_JSON = new NotJson();

class JsonReader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(): never {
    throw NOT_JSON;
  }

  space(): void {
    const s = this.s;
    let c: number;
    while (this.pos < s.length && ((c = s.charCodeAt(this.pos)) === 32 || c === 9 || c === 10 || c === 13)) this.pos++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail();
    this.space();
    const c = this.s.charCodeAt(this.pos);
    if (c === 123) return this.object(depth);
    if (c === 91) return this.array(depth);
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (this.s.startsWith("true", this.pos)) return this.literal(4, true);
    if (this.s.startsWith("false", this.pos)) return this.literal(5, false);
    if (this.s.startsWith("null", this.pos)) return this.literal(4, null);
    return this.fail();
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private object(depth: number): JsonObject {
    this.pos++;
    const out: JsonObject = Object.create(null) as JsonObject;
    this.space();
    if (this.s.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.s.charCodeAt(this.pos) !== 34) this.fail();
      const key = this.string();
      this.space();
      if (this.s.charCodeAt(this.pos) !== 58) this.fail();
      this.pos++;
      out[key] = this.value(depth + 1);
      this.space();
      const c = this.s.charCodeAt(this.pos);
      this.pos++;
      if (c === 125) return out;
      if (c !== 44) this.fail();
    }
  }

  private array(depth: number): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.space();
    if (this.s.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.space();
      const c = this.s.charCodeAt(this.pos);
      this.pos++;
      if (c === 93) return out;
      if (c !== 44) this.fail();
    }
  }

  private string(): string {
    const s = this.s;
    const start = ++this.pos;
    // Fast path: no escapes.
    for (let i = start; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return s.slice(start, i);
      }
      if (c === 92 || c < 32) break;
    }
    let out = "";
    let chunk = start;
    let i = start;
    for (;;) {
      if (i >= s.length) this.fail();
      const c = s.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) this.fail();
      if (c !== 92) {
        i++;
        continue;
      }
      out += s.slice(chunk, i);
      const e = s.charCodeAt(i + 1);
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += "\\";
          break;
        case 47:
          out += "/";
          break;
        case 98:
          out += "\b";
          break;
        case 102:
          out += "\f";
          break;
        case 110:
          out += "\n";
          break;
        case 114:
          out += "\r";
          break;
        case 116:
          out += "\t";
          break;
        case 117: {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.fail();
      }
      i += 2;
      chunk = i;
    }
    out += s.slice(chunk, i);
    this.pos = i + 1;
    return out;
  }

  private number(): JsonNumber {
    const s = this.s;
    const start = this.pos;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    const digit = (at: number): boolean => {
      const c = s.charCodeAt(at);
      return c >= 48 && c <= 57;
    };
    if (s.charCodeAt(i) === 48) i++;
    else if (digit(i)) while (digit(i)) i++;
    else this.fail();
    if (s.charCodeAt(i) === 46) {
      i++;
      if (!digit(i)) this.fail();
      while (digit(i)) i++;
    }
    if ((s.charCodeAt(i) | 32) === 101) {
      i++;
      if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
      if (!digit(i)) this.fail();
      while (digit(i)) i++;
    }
    this.pos = i;
    const raw = s.slice(start, i);
    return new JsonNumber(raw, Number(raw));
  }
}

/** The message as a JSON object, or undefined when it is not one (JSON patterns never match those). */
export function parseJsonObject(message: string): JsonObject | undefined {
  // Cheap rejection of the common case: a non-JSON line.
  let first = 0;
  while (first < message.length && message.charCodeAt(first) <= 32) first++;
  if (message.charCodeAt(first) !== 123) return undefined;
  const reader = new JsonReader(message);
  try {
    const value = reader.value(0);
    reader.space();
    if (reader.pos !== message.length) return undefined;
    return value as JsonObject;
  } catch (e) {
    if (e === NOT_JSON || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** One step of a selector: a property name or an array index. */
export type PathStep = string | number;

/** The node a selector points at, or undefined when there is none (NOT EXISTS). */
export function resolvePath(root: JsonObject, path: readonly PathStep[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(node) || step >= node.length) return undefined;
      node = node[step];
    } else {
      if (node === null || typeof node !== "object" || Array.isArray(node) || node instanceof JsonNumber) return undefined;
      if (!Object.hasOwn(node, step)) return undefined;
      node = node[step];
    }
  }
  return node;
}
