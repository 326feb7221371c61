/**
 * The Thrift compact protocol, writing side only: what Parquet's footer and page headers are made of.
 * Field ids are written as deltas from the previous field of the same struct, integers as zigzag varints.
 */

/** Compact-protocol type codes (Thrift's TCompactProtocol specification). */
export const CompactType = {
  BOOLEAN_TRUE: 1,
  BOOLEAN_FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  STRUCT: 12,
} as const;

type ElementType = typeof CompactType.I32 | typeof CompactType.I64 | typeof CompactType.BINARY | typeof CompactType.STRUCT;

/** An append-only byte buffer that grows by doubling. */
class ByteSink {
  private buffer = new Uint8Array(256);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** A struct being written: fields must be written in increasing id order, as Parquet's readers expect. */
export class CompactWriter {
  private readonly sink = new ByteSink();
  /** The last field id of each open struct, innermost last. */
  private readonly lastIds: number[] = [0];

  private unsignedVarint(value: bigint): void {
    let v = value;
    while (v >= 0x80n) {
      this.sink.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.sink.byte(Number(v));
  }

  private zigzag(value: bigint): void {
    // (n << 1) ^ (n >> 63) over 64 bits: small magnitudes of either sign stay short.
    this.unsignedVarint(value >= 0n ? value << 1n : (-value << 1n) - 1n);
  }

  private fieldHeader(id: number, type: number): void {
    const last = this.lastIds[this.lastIds.length - 1] as number;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.sink.byte((delta << 4) | type);
    else {
      this.sink.byte(type);
      this.zigzag(BigInt(id));
    }
    this.lastIds[this.lastIds.length - 1] = id;
  }

  i32(id: number, value: number): this {
    this.fieldHeader(id, CompactType.I32);
    this.zigzag(BigInt(value));
    return this;
  }

  i64(id: number, value: number | bigint): this {
    this.fieldHeader(id, CompactType.I64);
    this.zigzag(BigInt(value));
    return this;
  }

  byteField(id: number, value: number): this {
    this.fieldHeader(id, CompactType.BYTE);
    this.sink.byte(value);
    return this;
  }

  bool(id: number, value: boolean): this {
    // The compact protocol folds a boolean field's value into its type code.
    this.fieldHeader(id, value ? CompactType.BOOLEAN_TRUE : CompactType.BOOLEAN_FALSE);
    return this;
  }

  binary(id: number, value: Uint8Array): this {
    this.fieldHeader(id, CompactType.BINARY);
    this.rawBinary(value);
    return this;
  }

  string(id: number, value: string): this {
    return this.binary(id, new TextEncoder().encode(value));
  }

  struct(id: number, write: (w: CompactWriter) => void): this {
    this.fieldHeader(id, CompactType.STRUCT);
    this.structBody(write);
    return this;
  }

  list<T>(id: number, elementType: ElementType, items: readonly T[], write: (w: CompactWriter, item: T) => void): this {
    this.fieldHeader(id, CompactType.LIST);
    if (items.length < 15) this.sink.byte((items.length << 4) | elementType);
    else {
      this.sink.byte(0xf0 | elementType);
      this.unsignedVarint(BigInt(items.length));
    }
    for (const item of items) write(this, item);
    return this;
  }

  /** List elements carry no field header: these write one element's value. */
  elementI32(value: number): void {
    this.zigzag(BigInt(value));
  }

  elementBinary(value: Uint8Array): void {
    this.rawBinary(value);
  }

  elementString(value: string): void {
    this.rawBinary(new TextEncoder().encode(value));
  }

  elementStruct(write: (w: CompactWriter) => void): void {
    this.structBody(write);
  }

  private rawBinary(value: Uint8Array): void {
    this.unsignedVarint(BigInt(value.length));
    this.sink.bytes(value);
  }

  private structBody(write: (w: CompactWriter) => void): void {
    this.lastIds.push(0);
    write(this);
    this.sink.byte(0); // STOP
    this.lastIds.pop();
  }

  /** The bytes of a top-level struct: `write` fills its fields, the STOP byte is added. */
  static struct(write: (w: CompactWriter) => void): Uint8Array {
    const writer = new CompactWriter();
    write(writer);
    writer.sink.byte(0);
    return writer.sink.result();
  }
}
