/**
 * Where a field's value comes from: the system fields of an event (`@timestamp`, `@message`...), the
 * VPC flow log fields AWS discovers in default-format messages, and the dotted paths of JSON messages.
 * Messages are tokenized or JSON-parsed lazily, once per event, only when a query reads such a field.
 */
import { DEFAULT_FORMAT, INSIGHTS_FIELDS } from "../flowlog/index.js";
import type { Kind, Value } from "./values.js";

/** The position of a default-format flow field in a record (srcAddr is 3), or undefined for other names. */
export function flowFieldIndex(name: string): number | undefined {
  return FLOW_INDEX.get(name)?.index;
}

/**
 * A copy of `s` that shares no storage with the string it was cut from. V8 cuts substrings of 13
 * characters or more as views of their parent: a value kept for the whole query (a group key, an
 * interned field) would otherwise keep its whole message, or the megabyte of text it was sliced from.
 * Appending a character forces a flat copy; the slice is then a view of that small copy only.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

/** One log event as the engine reads it; `log` is `account-id:log-group-name`, as AWS's `@log` shows. */
export interface InsightsEvent {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  readonly logStream: string;
  readonly log: string;
  readonly ptr?: string;
  /** The message's UTF-8 size when the source already knows it (a store does): spares encoding it again. */
  readonly bytes?: number;
}

export const SYSTEM_FIELDS = ["@timestamp", "@message", "@logStream", "@log", "@ingestionTime", "@ptr"] as const;

const FLOW_WIDTH = DEFAULT_FORMAT.fields.length;
const FLOW_INDEX: ReadonlyMap<string, { index: number; numeric: boolean }> = new Map(
  [...INSIGHTS_FIELDS].map(([name, spec]) => [name, { index: DEFAULT_FORMAT.fields.indexOf(spec), numeric: spec.type !== "string" }]),
);

const INTERN_LIMIT = 1 << 18;
/**
 * Messages up to this many characters are copied into `codes` (one native call) before they are split;
 * longer ones are read character by character from the string, so a large JSON message is not copied
 * just to learn that it is no flow record.
 */
const CODES_MAX = 4096;
/** `ucs2Write` writes UTF-16LE; a Uint16Array over those bytes reads the platform's order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/**
 * Buffer's own UTF-16 writer, which `buf.write(s, o, n, "utf16le")` ends in after parsing its arguments
 * (that parsing measured ~0.1 us a message, a tenth of a flow record's cost).
 */
type Ucs2Writer = (this: Buffer, text: string, offset: number, length: number) => number;
const ucs2Write = (Buffer.prototype as unknown as { ucs2Write?: Ucs2Writer }).ucs2Write;

/** The current event, with its message split or parsed at most once whatever the number of fields read. */
export class EventView {
  event!: InsightsEvent;
  private flowState = 0; // 0 not yet split, 1 a default-format record, 2 not one
  private jsonState = 0; // 0 not yet parsed, 1 a JSON object, 2 not one
  private json: unknown;
  private readonly starts = new Int32Array(FLOW_WIDTH + 1);
  private readonly ends = new Int32Array(FLOW_WIDTH + 1);
  private interned = new Array<string | undefined>(1024);
  private internCount = 0;
  /**
   * The message's characters, once split() has run, when `coded`. Messages a store gives are often
   * substrings of a larger decoded text (V8 "sliced strings"), and charCodeAt on those measured ~6 ns a
   * character against ~1 on a flat string: one native copy, then typed-array reads, is cheaper for
   * both kinds.
   */
  private readonly raw = Buffer.allocUnsafeSlow(CODES_MAX * 2);
  readonly codes = new Uint16Array(this.raw.buffer, this.raw.byteOffset, CODES_MAX);
  coded = false;

  /** Where the last flowSpan() found its fields in the message. */
  spanFrom = 0;
  spanTo = 0;

  set(event: InsightsEvent): void {
    this.event = event;
    this.flowState = 0;
    this.jsonState = 0;
    this.coded = false;
  }

  /** Default-format records are exactly 14 fields separated by spaces, the first one a version number. */
  private split(): number {
    const m = this.event.message;
    const n = m.length;
    if (n <= CODES_MAX) {
      if (LITTLE_ENDIAN && ucs2Write !== undefined) ucs2Write.call(this.raw, m, 0, n * 2);
      else if (LITTLE_ENDIAN) this.raw.write(m, 0, n * 2, "utf16le");
      else for (let k = 0; k < n; k++) this.codes[k] = m.charCodeAt(k);
      this.coded = true;
      return this.splitCodes(n);
    }
    let count = 0;
    let i = 0;
    while (i < n) {
      const c = m.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 10) {
        i++;
        continue;
      }
      if (count === FLOW_WIDTH) return (this.flowState = 2);
      this.starts[count] = i;
      while (i < n) {
        const d = m.charCodeAt(i);
        if (d === 32 || d === 9 || d === 13 || d === 10) break;
        i++;
      }
      this.ends[count] = i;
      count++;
    }
    if (count !== FLOW_WIDTH) return (this.flowState = 2);
    for (let k = this.starts[0] as number; k < (this.ends[0] as number); k++) {
      const c = m.charCodeAt(k);
      if (c < 48 || c > 57) return (this.flowState = 2);
    }
    return (this.flowState = 1);
  }

  /** split() over the copied characters. */
  private splitCodes(n: number): number {
    const m = this.codes;
    let count = 0;
    let i = 0;
    while (i < n) {
      const c = m[i] as number;
      // Most characters are printable (> 32): one comparison rules them out as separators.
      if (c <= 32 && (c === 32 || c === 9 || c === 13 || c === 10)) {
        i++;
        continue;
      }
      if (count === FLOW_WIDTH) return (this.flowState = 2);
      this.starts[count] = i;
      while (i < n) {
        const d = m[i] as number;
        if (d <= 32 && (d === 32 || d === 9 || d === 13 || d === 10)) break;
        i++;
      }
      this.ends[count] = i;
      count++;
    }
    if (count !== FLOW_WIDTH) return (this.flowState = 2);
    for (let k = this.starts[0] as number; k < (this.ends[0] as number); k++) {
      const c = m[k] as number;
      if (c < 48 || c > 57) return (this.flowState = 2);
    }
    return (this.flowState = 1);
  }

  /** Character k of the current message (after split()). */
  private charAt(k: number): number {
    return this.coded ? (this.codes[k] as number) : this.event.message.charCodeAt(k);
  }

  /** Finds fields first..last of a default-format record in its message (spanFrom, spanTo); false when it is none. */
  flowSpan(first: number, last: number): boolean {
    if ((this.flowState === 0 ? this.split() : this.flowState) !== 1) return false;
    this.spanFrom = this.starts[first] as number;
    this.spanTo = this.ends[last] as number;
    return true;
  }

  flowField(index: number, numeric: boolean): Value {
    if ((this.flowState === 0 ? this.split() : this.flowState) !== 1) return null;
    const from = this.starts[index] as number;
    const to = this.ends[index] as number;
    // AWS writes `-` for a value it does not have (NODATA and SKIPDATA records): an absent field here.
    if (to - from === 1 && this.charAt(from) === 45) return null;
    if (!numeric) return this.intern(from, to);
    let value = 0;
    for (let k = from; k < to; k++) {
      const c = this.charAt(k);
      if (c < 48 || c > 57) return this.event.message.slice(from, to);
      value = value * 10 + (c - 48);
    }
    return value;
  }

  /**
   * The same string object for the same text (addresses, actions, interface ids repeat across millions
   * of records): no allocation per event, and Map lookups in stats hit a string whose hash is cached.
   * Past INTERN_LIMIT distinct values the table stops growing and values are plain slices.
   */
  private intern(from: number, to: number): string {
    let h = 0;
    for (let k = from; k < to; k++) h = (Math.imul(h, 31) + this.charAt(k)) | 0;
    const table = this.interned;
    const mask = table.length - 1;
    const length = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const candidate = table[slot];
      if (candidate === undefined) {
        const m = this.event.message;
        if (this.internCount >= INTERN_LIMIT) return m.slice(from, to);
        const value = detached(m.slice(from, to));
        table[slot] = value;
        if (++this.internCount * 2 > table.length) this.growInterned();
        return value;
      }
      if (candidate.length === length) {
        let k = 0;
        while (k < length && candidate.charCodeAt(k) === this.charAt(from + k)) k++;
        if (k === length) return candidate;
      }
    }
  }

  private growInterned(): void {
    const old = this.interned;
    this.interned = new Array<string | undefined>(old.length * 2);
    const mask = this.interned.length - 1;
    for (const value of old) {
      if (value === undefined) continue;
      let h = 0;
      for (let k = 0; k < value.length; k++) h = (Math.imul(h, 31) + value.charCodeAt(k)) | 0;
      let slot = h & mask;
      while (this.interned[slot] !== undefined) slot = (slot + 1) & mask;
      this.interned[slot] = value;
    }
  }

  private parsedJson(): unknown {
    if (this.jsonState === 0) {
      this.jsonState = 2;
      const m = this.event.message;
      let i = 0;
      while (i < m.length && m.charCodeAt(i) <= 32) i++;
      if (m.charCodeAt(i) === 123 /* { */) {
        try {
          this.json = JSON.parse(m);
          if (this.json !== null && typeof this.json === "object" && !Array.isArray(this.json)) this.jsonState = 1;
        } catch {
          // Not JSON after all: the message simply has no JSON fields.
        }
      }
    }
    return this.jsonState === 1 ? this.json : undefined;
  }

  isJson(): boolean {
    return this.parsedJson() !== undefined;
  }

  /** A JSON leaf by its flattened name (`a.b.0.c`, arrays indexed by position, as AWS flattens them). */
  jsonField(path: readonly string[], whole: string): Value {
    const root = this.parsedJson() as Record<string, unknown> | undefined;
    if (root === undefined) return null;
    let node: unknown = Object.hasOwn(root, whole) ? root[whole] : undefined;
    if (node === undefined) {
      node = root;
      for (const part of path) {
        if (node === null || typeof node !== "object") return null;
        node = Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown>)[part];
      }
    }
    if (typeof node === "string" || typeof node === "number") return node;
    if (typeof node === "boolean") return node ? "true" : "false";
    return null;
  }
}

export type Loader = (view: EventView) => Value;

/** How the value of a field that no command of the query defines is read from an event. */
export function loaderFor(name: string): Loader {
  switch (name) {
    case "@timestamp":
      return (v) => v.event.timestamp;
    case "@ingestionTime":
      return (v) => v.event.ingestionTime;
    case "@message":
      return (v) => v.event.message;
    case "@logStream":
      return (v) => v.event.logStream;
    case "@log":
      return (v) => v.event.log;
    case "@ptr":
      return (v) => v.event.ptr ?? null;
  }
  const path = name.split(".");
  const flow = FLOW_INDEX.get(name);
  if (flow !== undefined) {
    const { index, numeric } = flow;
    return (v) => {
      const value = v.flowField(index, numeric);
      return value === null && v.isJson() ? v.jsonField(path, name) : value;
    };
  }
  return (v) => v.jsonField(path, name);
}

export function kindOfField(name: string): Kind {
  return name === "@timestamp" || name === "@ingestionTime" ? "timestamp" : "value";
}
