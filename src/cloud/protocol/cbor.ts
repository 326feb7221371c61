/**
 * Smithy RPC v2 CBOR: the RFC 8949 subset Smithy uses (maps, arrays, strings, ints, floats, tag 1
 * timestamps, null, booleans; indefinite lengths on decode), bounded, plus the protocol's envelopes.
 */
import { AwsError } from "./aws-error.js";
import type { EncodedResponse } from "./json.js";

/** No AWS input nests this deep; the bound keeps a crafted body from exhausting the stack. */
const MAX_DEPTH = 64;
/** Items per array or map: CloudWatch's largest list (PutMetricData's 150 values per datum, 1,000 data) is far below it. */
const MAX_ITEMS = 1_000_000;

export const CBOR_CONTENT_TYPE = "application/cbor";

const malformed = (why: string) => new AwsError("SerializationException", `Unable to parse the request body as CBOR: ${why}`);

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) throw malformed("unexpected end of input");
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }

  /** The argument of a head byte; -1 for the indefinite length (info 31). */
  argument(info: number): number {
    if (info < 24) return info;
    if (info === 24) return this.byte();
    if (info === 25) {
      this.need(2);
      const v = this.buf.readUInt16BE(this.pos);
      this.pos += 2;
      return v;
    }
    if (info === 26) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return v;
    }
    if (info === 27) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      // Lengths and integers past 2^53 have no exact JS number; refuse rather than round.
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed("integer too large");
      return Number(v);
    }
    if (info === 31) return -1;
    throw malformed(`reserved additional information ${info}`);
  }
}

const BREAK = Symbol("break");

function readItem(r: Reader, depth: number): unknown {
  if (depth > MAX_DEPTH) throw malformed("nesting too deep");
  const head = r.byte();
  const major = head >> 5;
  const info = head & 0x1f;
  switch (major) {
    case 0:
      return argumentOrFail(r, info);
    case 1:
      return -1 - argumentOrFail(r, info);
    case 2:
    case 3:
      return readString(r, major, info);
    case 4: {
      const n = r.argument(info);
      const out: unknown[] = [];
      if (n >= 0) {
        if (n > MAX_ITEMS) throw malformed("array too long");
        // Each item takes at least one byte: a claimed length past the body is a lie.
        r.need(n);
        for (let i = 0; i < n; i++) out.push(readItem(r, depth + 1));
        return out;
      }
      for (;;) {
        const item = readItem(r, depth + 1);
        if (item === BREAK) return out;
        if (out.length >= MAX_ITEMS) throw malformed("array too long");
        out.push(item);
      }
    }
    case 5: {
      const n = r.argument(info);
      // defineProperty: a `__proto__` key stays an ordinary member, never the prototype.
      const out: Record<string, unknown> = {};
      const put = (key: unknown, value: unknown) => {
        if (typeof key !== "string") throw malformed("map keys must be text strings");
        // A member sent as null is absent, as AWS reads it.
        if (value === null) return;
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      };
      if (n >= 0) {
        if (n > MAX_ITEMS) throw malformed("map too long");
        r.need(n * 2);
        for (let i = 0; i < n; i++) put(readItem(r, depth + 1), readItem(r, depth + 1));
        return out;
      }
      for (let count = 0; ; count++) {
        const key = readItem(r, depth + 1);
        if (key === BREAK) return out;
        if (count >= MAX_ITEMS) throw malformed("map too long");
        const value = readItem(r, depth + 1);
        if (value === BREAK) throw malformed("map ends after a key");
        put(key, value);
      }
    }
    case 6: {
      const tag = argumentOrFail(r, info);
      const value = readItem(r, depth + 1);
      // Tag 1: epoch seconds, the only tag Smithy writes; other tags are read through to their content.
      if (tag === 1) {
        if (typeof value !== "number") throw malformed("tag 1 must hold a number");
        return new Date(Math.round(value * 1000));
      }
      return value;
    }
    default:
      return readSimple(r, info);
  }
}

function argumentOrFail(r: Reader, info: number): number {
  const v = r.argument(info);
  if (v < 0) throw malformed("indefinite length on an integer or tag");
  return v;
}

function readString(r: Reader, major: number, info: number): string | Uint8Array {
  const n = r.argument(info);
  if (n >= 0) {
    r.need(n);
    const slice = r.buf.subarray(r.pos, r.pos + n);
    r.pos += n;
    return major === 3 ? decodeUtf8(slice) : new Uint8Array(slice);
  }
  // Indefinite: definite chunks of the same major type until a break.
  const chunks: Buffer[] = [];
  for (;;) {
    const head = r.byte();
    if (head === 0xff) break;
    if (head >> 5 !== major || (head & 0x1f) === 31) throw malformed("bad chunk in an indefinite-length string");
    const len = r.argument(head & 0x1f);
    r.need(len);
    chunks.push(r.buf.subarray(r.pos, r.pos + len));
    r.pos += len;
  }
  const all = Buffer.concat(chunks);
  return major === 3 ? decodeUtf8(all) : new Uint8Array(all);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw malformed("invalid UTF-8 in a text string");
  }
}

function readSimple(r: Reader, info: number): unknown {
  switch (info) {
    case 20:
      return false;
    case 21:
      return true;
    case 22:
    case 23:
      return null;
    case 25: {
      r.need(2);
      const v = halfToNumber(r.buf.readUInt16BE(r.pos));
      r.pos += 2;
      return v;
    }
    case 26: {
      r.need(4);
      const v = r.buf.readFloatBE(r.pos);
      r.pos += 4;
      return v;
    }
    case 27: {
      r.need(8);
      const v = r.buf.readDoubleBE(r.pos);
      r.pos += 8;
      return v;
    }
    case 31:
      return BREAK;
    default:
      throw malformed(`unsupported simple value ${info}`);
  }
}

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** One CBOR item filling the whole buffer; SerializationException for anything malformed or trailing. */
export function decodeCbor(buf: Buffer): unknown {
  const r = new Reader(buf);
  const value = readItem(r, 0);
  if (value === BREAK) throw malformed("unexpected break");
  if (r.pos !== buf.length) throw malformed("trailing bytes after the body");
  return value;
}

/** A request body: empty is an empty input (operations without members); anything else must be a map. */
export function decodeCborInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const value = decodeCbor(body);
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
    throw new AwsError("SerializationException", "The request body must be a CBOR map");
  }
  return value as Record<string, unknown>;
}

class Writer {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  head(major: number, n: number): void {
    const m = major << 5;
    if (n < 24) {
      this.room(1);
      this.buf[this.pos++] = m | n;
    } else if (n < 0x100) {
      this.room(2);
      this.buf[this.pos++] = m | 24;
      this.buf[this.pos++] = n;
    } else if (n < 0x10000) {
      this.room(3);
      this.buf[this.pos++] = m | 25;
      this.buf.writeUInt16BE(n, this.pos);
      this.pos += 2;
    } else if (n < 0x100000000) {
      this.room(5);
      this.buf[this.pos++] = m | 26;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      this.room(9);
      this.buf[this.pos++] = m | 27;
      this.buf.writeBigUInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  bytes(major: number, data: Uint8Array): void {
    this.head(major, data.length);
    this.room(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  double(v: number): void {
    this.room(9);
    this.buf[this.pos++] = 0xfb;
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  simple(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  number(v: number): void {
    if (Number.isSafeInteger(v)) {
      if (v >= 0) this.head(0, v);
      else this.head(1, -1 - v);
    } else {
      this.double(v);
    }
  }

  value(v: unknown): void {
    if (v === null || v === undefined) return this.simple(0xf6);
    if (typeof v === "boolean") return this.simple(v ? 0xf5 : 0xf4);
    if (typeof v === "number") return this.number(v);
    if (typeof v === "bigint") return this.number(Number(v));
    if (typeof v === "string") return this.bytes(3, Buffer.from(v, "utf8"));
    if (v instanceof Date) {
      // Smithy writes timestamps as tag 1 around epoch seconds, fractional seconds as a double.
      this.head(6, 1);
      const seconds = v.getTime() / 1000;
      return Number.isInteger(seconds) ? this.number(seconds) : this.double(seconds);
    }
    if (v instanceof Uint8Array) return this.bytes(2, v);
    if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const item of v) this.value(item);
      return;
    }
    if (v instanceof Map) {
      this.head(5, v.size);
      for (const [k, item] of v) {
        this.value(String(k));
        this.value(item);
      }
      return;
    }
    // Undefined members are left out, as the JSON encoder leaves them out.
    const entries = Object.entries(v as Record<string, unknown>).filter(([, item]) => item !== undefined);
    this.head(5, entries.length);
    for (const [k, item] of entries) {
      this.value(k);
      this.value(item);
    }
  }

  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export function encodeCbor(value: unknown): Buffer {
  const w = new Writer();
  w.value(value);
  return w.result();
}

const baseHeaders = (requestId: string): Record<string, string> => ({
  "content-type": CBOR_CONTENT_TYPE,
  "smithy-protocol": "rpc-v2-cbor",
  "x-amzn-requestid": requestId,
});

/** A success: the output map; an operation without output still answers an empty map. */
export function encodeCborOutput(output: unknown, requestId: string): EncodedResponse {
  return { status: 200, headers: baseHeaders(requestId), body: encodeCbor(output ?? {}) };
}

/**
 * An error: `{__type, message}` (plus the error's own members). `queryCompatible` services (those that
 * also speak Query, as CloudWatch does) add `x-amzn-query-error: Code;Sender`, which the SDKs read first.
 */
export function encodeCborError(error: AwsError, requestId: string, queryCompatible: boolean): EncodedResponse {
  const headers = baseHeaders(requestId);
  if (queryCompatible) headers["x-amzn-query-error"] = `${error.code};${error.sender ? "Sender" : "Receiver"}`;
  return { status: error.status, headers, body: encodeCbor({ __type: error.code, message: error.message, ...error.fields }) };
}
