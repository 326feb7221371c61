/**
 * Default-format flow log records as column vectors: numeric fields as Uint32Arrays, string fields as
 * 16-bit codes into a dictionary of their distinct values, and a mask of the rows the columns hold.
 * Built from UTF-8 bytes (a store's chunk, a file's block) without a string per message; a row is held
 * only when reading its values from the columns gives exactly what the text path (fields.ts) reads.
 */
import { DEFAULT_FORMAT } from "../../flowlog/index.js";
import { flowFieldIndex } from "../fields.js";
import type { Value } from "../values.js";

export const FLOW_WIDTH = DEFAULT_FORMAT.fields.length;
/** An absent numeric value (`-`); a record that spells this number itself is left to the text path. */
export const ABSENT = 0xffffffff;
/** Codes are 16-bit: a chunk holds at most 10,000 events (PutLogEvents), so a dictionary always fits. */
const MAX_ROWS = 0xfffe;

/** Which of the 14 fields are numbers in Logs Insights (version, ports, protocol, packets, bytes, start, end). */
export const NUMERIC: readonly boolean[] = DEFAULT_FORMAT.fields.map((f) => f.type !== "string");

/** The field index of an Insights flow field name, or undefined. */
export const flowIndex = (name: string): number | undefined => flowFieldIndex(name);

export class FlowColumns {
  constructor(
    readonly count: number,
    /** 1 where row i is a default-format record whose every value the columns hold. */
    readonly held: Uint8Array,
    /** How many rows are held. */
    readonly heldCount: number,
    /** By field index: the numbers (ABSENT for `-`), or null for string fields. */
    readonly numbers: readonly (Uint32Array | null)[],
    /** By field index: codes into `dictionaries` (0 is absent), or null for numeric fields. */
    readonly codes: readonly (Uint16Array | null)[],
    /** By field index: the distinct values, [0] null; empty for numeric fields. */
    readonly dictionaries: readonly (readonly (string | null)[])[],
    /** By field index, over held rows with a value: the least and greatest number (Infinity/-Infinity when none). */
    readonly min: Float64Array,
    readonly max: Float64Array,
  ) {}

  /** The value of field `f` in held row `i`, exactly as the text path reads it. */
  value(f: number, i: number): Value {
    const numbers = this.numbers[f];
    if (numbers !== null && numbers !== undefined) {
      const v = numbers[i] as number;
      return v === ABSENT ? null : v;
    }
    return (this.dictionaries[f] as (string | null)[])[(this.codes[f] as Uint16Array)[i] as number] ?? null;
  }

  private size = -1;

  /** Estimated bytes held: the vectors and the dictionaries' strings. */
  get bytes(): number {
    if (this.size >= 0) return this.size;
    let total = 256 + this.count;
    for (const n of this.numbers) if (n !== null) total += n.byteLength;
    for (const c of this.codes) if (c !== null) total += c.byteLength;
    for (const d of this.dictionaries) for (const s of d) total += s === null ? 8 : 32 + s.length;
    this.size = total;
    return total;
  }
}

/** One dictionary being built: values found by hashing their bytes, one string per distinct value. */
class ByteDictionary {
  readonly values: (string | null)[] = [null];
  private slots = new Int32Array(64);
  private hashes: number[] = [0];
  private count = 0;

  code(bytes: Uint8Array, from: number, to: number, hash: number): number {
    let mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const at = this.slots[s] as number;
      if (at === 0) {
        const value = latin1(bytes, from, to);
        this.values.push(value);
        this.hashes.push(hash);
        const code = this.values.length - 1;
        this.slots[s] = code;
        if (++this.count * 2 > this.slots.length) {
          this.grow();
          mask = this.slots.length - 1;
        }
        return code;
      }
      if (this.hashes[at] === hash) {
        const v = this.values[at] as string;
        if (v.length === to - from) {
          let k = 0;
          while (k < v.length && v.charCodeAt(k) === bytes[from + k]) k++;
          if (k === v.length) return at;
        }
      }
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 1; code < this.values.length; code++) {
      let s = (this.hashes[code] as number) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = code;
    }
    this.slots = slots;
  }
}

/** ASCII bytes to a flat string (latin1 of ASCII is the same characters). */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  // Buffer's native decoder gives a flat string of its own; character by character only for plain arrays.
  if (Buffer.isBuffer(bytes)) return bytes.toString("latin1", from, to);
  let s = "";
  for (let k = from; k < to; k++) s += String.fromCharCode(bytes[k] as number);
  // Flattened now, once per distinct value, so a value never keeps the concatenation's pieces.
  return s.length > 12 ? `${s} `.slice(0, -1) : s;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;

/**
 * Columns of `count` messages laid end to end in `bytes` from `base`: message i is bytes
 * [base + (i ? ends[i-1] : 0), base + ends[i]), or [base + lineStarts[i], base + ends[i]) when `lineStarts` is
 * given (lines of a file, with their line ends between them). Rows that are not default-format records
 * as the text path defines them (exactly 14 fields separated by space, tab, CR or LF, the first all
 * digits), that hold a byte outside ASCII, or a number that is not all digits or does not fit 32 bits,
 * are not held. With `only`, just the fields it marks are read, checked and kept (a query that reads
 * bytes is not concerned with packets): the other columns are empty and must not be read.
 */
export function buildFlowColumns(
  bytes: Uint8Array,
  base: number,
  ends: ArrayLike<number>,
  count: number,
  lineStarts?: ArrayLike<number>,
  only?: readonly boolean[],
): FlowColumns {
  if (count > MAX_ROWS) throw new RangeError(`flow columns hold at most ${MAX_ROWS} rows`);
  const held = new Uint8Array(count);
  const wanted = (f: number) => only === undefined || only[f] === true;
  const numbers: (Uint32Array | null)[] = NUMERIC.map((n, f) => (n ? new Uint32Array(wanted(f) ? count : 0) : null));
  const codes: (Uint16Array | null)[] = NUMERIC.map((n, f) => (n ? null : new Uint16Array(wanted(f) ? count : 0)));
  const dictionaries = NUMERIC.map((n) => (n ? null : new ByteDictionary()));
  const min = new Float64Array(FLOW_WIDTH).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(FLOW_WIDTH).fill(Number.NEGATIVE_INFINITY);
  const starts = new Int32Array(FLOW_WIDTH);
  const stops = new Int32Array(FLOW_WIDTH);
  let heldCount = 0;
  let prev = 0;
  rows: for (let i = 0; i < count; i++) {
    const from = base + (lineStarts === undefined ? prev : (lineStarts[i] as number));
    const to = base + (ends[i] as number);
    prev = ends[i] as number;
    // Split as EventView.split does: more or fewer than 14 fields, or a non-ASCII byte, and the row stays text.
    let n = 0;
    let k = from;
    while (k < to) {
      const c = bytes[k] as number;
      if (c > 127) continue rows;
      if (c <= 32 && isSpace(c)) {
        k++;
        continue;
      }
      if (n === FLOW_WIDTH) continue rows;
      starts[n] = k;
      while (k < to) {
        const d = bytes[k] as number;
        if (d > 127) continue rows;
        if (d <= 32 && isSpace(d)) break;
        k++;
      }
      stops[n] = k;
      n++;
    }
    if (n !== FLOW_WIDTH) continue;
    for (let j = starts[0] as number; j < (stops[0] as number); j++) {
      const c = bytes[j] as number;
      if (c < 48 || c > 57) continue rows;
    }
    // Numbers first: a value the columns cannot hold leaves the row to the text path before any dictionary grows.
    for (let f = 0; f < FLOW_WIDTH; f++) {
      const column = numbers[f];
      if (column === null || column === undefined || column.length === 0) continue;
      const a = starts[f] as number;
      const b = stops[f] as number;
      if (b - a === 1 && bytes[a] === 45) {
        column[i] = ABSENT;
        continue;
      }
      let v = 0;
      for (let j = a; j < b; j++) {
        const c = bytes[j] as number;
        if (c < 48 || c > 57) continue rows;
        v = v * 10 + (c - 48);
      }
      if (v >= ABSENT) continue rows;
      column[i] = v;
    }
    for (let f = 0; f < FLOW_WIDTH; f++) {
      const column = numbers[f];
      if (column !== null && column !== undefined) {
        if (column.length === 0) continue;
        const v = column[i] as number;
        if (v !== ABSENT) {
          if (v < (min[f] as number)) min[f] = v;
          if (v > (max[f] as number)) max[f] = v;
        }
        continue;
      }
      const a = starts[f] as number;
      const b = stops[f] as number;
      const out = codes[f] as Uint16Array;
      if (out.length === 0) continue;
      if (b - a === 1 && bytes[a] === 45) {
        out[i] = 0;
        continue;
      }
      let h = 0;
      for (let j = a; j < b; j++) h = (Math.imul(h, 31) + (bytes[j] as number)) | 0;
      out[i] = (dictionaries[f] as ByteDictionary).code(bytes, a, b, h);
    }
    held[i] = 1;
    heldCount++;
  }
  return new FlowColumns(
    count,
    held,
    heldCount,
    numbers,
    codes,
    dictionaries.map((d) => (d === null ? [] : d.values)),
    min,
    max,
  );
}

/** Columns of messages given as strings (tests, and sources without a byte buffer): encoded, then built. */
export function flowColumnsOf(messages: readonly string[], only?: readonly boolean[]): FlowColumns {
  const ends = new Uint32Array(messages.length);
  const parts: Buffer[] = [];
  let end = 0;
  messages.forEach((m, i) => {
    const b = Buffer.from(m, "utf8");
    parts.push(b);
    end += b.length;
    ends[i] = end;
  });
  return buildFlowColumns(Buffer.concat(parts), 0, ends, messages.length, undefined, only);
}
