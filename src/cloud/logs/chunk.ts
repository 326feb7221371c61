/**
 * A chunk: one accepted PutLogEvents batch of one stream, as a compact blob. Layout (little endian):
 * u32 count, u32 reserved, count x f64 timestamp, count x u32 end offset of each message, UTF-8 text.
 * Batches are chronological (PutLogEvents refuses others), so a chunk is sorted by timestamp.
 */

const HEADER = 8;

/** Encodes events [from, to) of a batch whose UTF-8 sizes are already known. */
export function encodeChunk(
  events: readonly { timestamp: number; message: string }[],
  sizes: Uint32Array,
  from: number,
  to: number,
  textBytes: number,
): Buffer {
  const n = to - from;
  const textStart = HEADER + n * 12;
  const buf = Buffer.allocUnsafe(textStart + textBytes);
  buf.writeUInt32LE(n, 0);
  buf.writeUInt32LE(0, 4);
  let end = 0;
  const parts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = events[from + i] as { timestamp: number; message: string };
    buf.writeDoubleLE(e.timestamp, HEADER + i * 8);
    end += sizes[from + i] as number;
    buf.writeUInt32LE(end, HEADER + n * 8 + i * 4);
    parts[i] = e.message;
  }
  // One encoder pass over the joined text is much faster than 10,000 small writes.
  const written = buf.write(parts.join(""), textStart, "utf8");
  if (written !== textBytes) throw new Error(`chunk text size mismatch: ${written} != ${textBytes}`);
  return buf;
}

export class DecodedChunk {
  readonly count: number;
  readonly timestamps: Float64Array;
  private readonly ends: Uint32Array;
  private readonly textStart: number;

  constructor(
    readonly id: number,
    readonly ingestionTime: number,
    private readonly data: Buffer,
  ) {
    const n = data.readUInt32LE(0);
    this.count = n;
    this.timestamps = new Float64Array(n);
    this.ends = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      this.timestamps[i] = data.readDoubleLE(HEADER + i * 8);
      this.ends[i] = data.readUInt32LE(HEADER + n * 8 + i * 4);
    }
    this.textStart = HEADER + n * 12;
  }

  timestamp(i: number): number {
    return this.timestamps[i] as number;
  }

  /** UTF-8 size of event i's message. */
  size(i: number): number {
    return (this.ends[i] as number) - (i === 0 ? 0 : (this.ends[i - 1] as number));
  }

  message(i: number): string {
    const start = i === 0 ? 0 : (this.ends[i - 1] as number);
    return this.data.toString("utf8", this.textStart + start, this.textStart + (this.ends[i] as number));
  }

  /** First index whose timestamp is >= ts (count when none). */
  lowerBound(ts: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.timestamps[mid] as number) < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose timestamp is > ts (count when none). */
  upperBound(ts: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.timestamps[mid] as number) <= ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
