/**
 * A reader for the Parquet files flow logs are delivered as (this writer's and AWS's): a flat schema,
 * data pages v1 with PLAIN or dictionary values, definition levels in the RLE / bit-packed hybrid, GZIP or
 * no compression. Anything else (data pages v2, Snappy and the other codecs, nesting) is
 * refused with a ParquetError naming it, never misread.
 */
import { gunzipSync } from "node:zlib";
import { ParquetError } from "./schema.js";

type Struct = Record<number, unknown>;

/** The Thrift compact protocol, reading side: structs as field id -> value, i64 as number. */
class CompactReader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
  ) {}

  private byte(): number {
    if (this.at >= this.bytes.length) throw new ParquetError("the file ends inside its metadata");
    return this.bytes[this.at++] as number;
  }

  private varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new ParquetError("a varint longer than 10 bytes in the metadata");
  }

  private zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  private value(type: number): unknown {
    switch (type) {
      case 1:
        return true;
      case 2:
        return false;
      case 3:
        return this.byte();
      case 4:
      case 5:
      case 6:
        return this.zigzag();
      case 7: {
        const v = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.at, 8).readDoubleLE(0);
        this.at += 8;
        return v;
      }
      case 8: {
        const n = this.varint();
        if (this.at + n > this.bytes.length) throw new ParquetError("the file ends inside its metadata");
        const v = this.bytes.subarray(this.at, this.at + n);
        this.at += n;
        return v;
      }
      case 9:
      case 10: {
        const head = this.byte();
        const size = head >> 4 === 15 ? this.varint() : head >> 4;
        const element = head & 15;
        const list: unknown[] = [];
        // Booleans in a list are a byte each, not folded into a type nibble.
        for (let i = 0; i < size; i++) list.push(element === 1 || element === 2 ? this.byte() === 1 : this.value(element));
        return list;
      }
      case 11: {
        const size = this.varint();
        if (size > 0) {
          const types = this.byte();
          for (let i = 0; i < size; i++) {
            this.value(types >> 4);
            this.value(types & 15);
          }
        }
        return undefined;
      }
      case 12:
        return this.struct();
      default:
        throw new ParquetError(`unknown Thrift compact type ${type} in the metadata`);
    }
  }

  struct(): Struct {
    const out: Struct = {};
    let id = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return out;
      id = head >> 4 === 0 ? this.zigzag() : id + (head >> 4);
      out[id] = this.value(head & 15);
    }
  }
}

export interface ParquetColumn {
  name: string;
  /** Physical type: 0 BOOLEAN, 1 INT32, 2 INT64, 5 DOUBLE, 6 BYTE_ARRAY (text as UTF-8). */
  type: number;
  values: (number | bigint | string | boolean | null)[];
}

const CODECS: Record<number, string> = { 1: "SNAPPY", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW" };
const TYPES: Record<number, number> = { 0: 0, 1: 4, 2: 8, 5: 8 };

/**
 * `count` values of the RLE / bit-packed hybrid from `at` to `end`: definition levels (bit width 1) and
 * dictionary indices.
 */
function hybrid(page: Uint8Array, at: number, end: number, width: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  const bytesPerRun = Math.ceil(width / 8);
  let n = 0;
  while (n < count && at < end) {
    let header = 0;
    let scale = 1;
    for (let b = page[at++] as number; ; b = page[at++] as number) {
      header += (b & 0x7f) * scale;
      if ((b & 0x80) === 0 || at >= end) break;
      scale *= 128;
    }
    if (header % 2 === 1) {
      const values = ((header - 1) / 2) * 8;
      for (let i = 0; i < values; i++) {
        let v = 0;
        for (let b = 0; b < width; b++) {
          const bit = i * width + b;
          v |= (((page[at + (bit >> 3)] ?? 0) >> (bit & 7)) & 1) << b;
        }
        if (n < count) out[n++] = v;
      }
      at += ((header - 1) / 2) * width;
    } else {
      let value = 0;
      for (let b = 0; b < bytesPerRun; b++) value |= (page[at++] ?? 0) << (8 * b);
      for (let i = 0; i < header / 2 && n < count; i++) out[n++] = value;
    }
  }
  if (n < count) throw new ParquetError("a data page holds fewer levels or indices than values");
  return out;
}

/** Definition levels of bit width 1 (flat optional columns), with data page v1's length prefix. */
function definitionLevels(page: Uint8Array, count: number): { defined: Uint8Array; end: number } {
  const length = Buffer.from(page.buffer, page.byteOffset, page.length).readUInt32LE(0);
  return { defined: Uint8Array.from(hybrid(page, 4, 4 + length, 1, count)), end: 4 + length };
}

function plainValues(page: Uint8Array, at: number, type: number, defined: Uint8Array, out: ParquetColumn["values"]): void {
  const view = Buffer.from(page.buffer, page.byteOffset, page.length);
  let bit = 0;
  for (let i = 0; i < defined.length; i++) {
    if (defined[i] === 0) {
      out.push(null);
      continue;
    }
    if (type === 0) {
      out.push((((page[at + (bit >> 3)] as number) >> (bit & 7)) & 1) === 1);
      bit++;
      continue;
    }
    const width = TYPES[type] ?? 0;
    if (type === 6) {
      const n = view.readUInt32LE(at);
      out.push(view.toString("utf8", at + 4, at + 4 + n));
      at += 4 + n;
    } else if (at + width > page.length) throw new ParquetError("a data page ends inside its values");
    else {
      out.push(type === 1 ? view.readInt32LE(at) : type === 2 ? view.readBigInt64LE(at) : view.readDoubleLE(at));
      at += width;
    }
  }
}

/** Every column of a flat Parquet file, row groups in order. */
export function readParquet(bytes: Uint8Array): ParquetColumn[] {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (bytes.length < 12 || tail.toString("latin1", 0, 4) !== "PAR1" || tail.toString("latin1", bytes.length - 4) !== "PAR1")
    throw new ParquetError("not a Parquet file (no PAR1 at both ends)");
  const footer = tail.readUInt32LE(bytes.length - 8);
  const meta = new CompactReader(bytes, bytes.length - 8 - footer).struct();
  const schema = (meta[2] ?? []) as Struct[];
  const leaves = schema.slice(1);
  if (leaves.some((e) => (e[5] as number | undefined) !== undefined && (e[5] as number) > 0)) throw new ParquetError("nested columns are not read");
  const columns: ParquetColumn[] = leaves.map((e) => ({ name: Buffer.from(e[4] as Uint8Array).toString("utf8"), type: e[1] as number, values: [] }));
  const optional = leaves.map((e) => e[3] === 1);
  if (leaves.some((e) => e[3] === 2)) throw new ParquetError("repeated columns are not read");
  for (const group of (meta[4] ?? []) as Struct[]) {
    ((group[1] ?? []) as Struct[]).forEach((chunk, c) => {
      const column = columns[c];
      const m = chunk[3] as Struct | undefined;
      if (column === undefined || m === undefined) throw new ParquetError("a row group's column chunks do not match the schema");
      const codec = m[4] as number;
      if (codec !== 0 && codec !== 2)
        throw new ParquetError(`column '${column.name}': ${CODECS[codec] ?? `codec ${codec}`} compression is not read (GZIP and none are)`);
      let remaining = m[5] as number;
      let at = (m[11] as number | undefined) ?? (m[9] as number);
      let dictionary: ParquetColumn["values"] | undefined;
      while (remaining > 0) {
        const reader = new CompactReader(bytes, at);
        const header = reader.struct();
        const size = header[3] as number;
        const raw = bytes.subarray(reader.at, reader.at + size);
        at = reader.at + size;
        const page = codec === 2 ? new Uint8Array(gunzipSync(raw)) : raw;
        if (header[1] === 2) {
          const dict = header[7] as Struct;
          if (dict[2] !== 0 && dict[2] !== 2) throw new ParquetError(`column '${column.name}': dictionary encoding ${dict[2]} is not read (PLAIN is)`);
          dictionary = [];
          plainValues(page, 0, column.type, new Uint8Array(dict[1] as number).fill(1), dictionary);
          continue;
        }
        if (header[1] !== 0) throw new ParquetError(`column '${column.name}': page type ${header[1]} is not read (data pages v1 are)`);
        const data = header[5] as Struct;
        const count = data[1] as number;
        const { defined, end } = optional[c] === true ? definitionLevels(page, count) : { defined: new Uint8Array(count).fill(1), end: 0 };
        if (data[2] === 0) plainValues(page, end, column.type, defined, column.values);
        else if (data[2] === 2 || data[2] === 8) {
          // PLAIN_DICTIONARY / RLE_DICTIONARY: a bit width byte, then the indices of the defined values.
          if (dictionary === undefined) throw new ParquetError(`column '${column.name}': a dictionary-encoded page without a dictionary page`);
          const present = defined.reduce((a, d) => a + d, 0);
          const indices = hybrid(page, end + 1, page.length, page[end] as number, present);
          let k = 0;
          for (let i = 0; i < count; i++) {
            if (defined[i] === 0) column.values.push(null);
            else {
              const v = dictionary[indices[k++] as number];
              if (v === undefined) throw new ParquetError(`column '${column.name}': a dictionary index past the dictionary`);
              column.values.push(v);
            }
          }
        } else throw new ParquetError(`column '${column.name}': encoding ${data[2]} is not read (PLAIN and dictionary are)`);
        remaining -= count;
      }
    });
  }
  return columns;
}
