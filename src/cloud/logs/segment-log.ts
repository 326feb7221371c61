/**
 * The append-only segment file that holds event chunks under --data-dir: records are written at
 * once (page cache) and made durable by fdatasync on libuv's thread pool, so the main thread keeps
 * parsing requests while the disk syncs. After a crash, a torn tail is found by length and CRC and cut.
 */
import { closeSync, constants, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { payloadLength, RECORD_HEADER, openRecord, type RecordMeta } from "./segment-record.js";

/** Where chunk bytes live: a file (durable) or memory (--memory). */
export interface SegmentLog {
  /** True when records survive a crash once sync() resolves. */
  readonly durable: boolean;
  /**
   * Appends a sealed record (segment-record.ts) and returns its offset; durable only after sync().
   * The log keeps no reference to `record`: the caller may reuse it once append returns.
   */
  append(record: Buffer): number;
  /** Resolves once every record appended before the call is on disk. */
  sync(): Promise<void>;
  /** The record at `offset`, `length` bytes, header included. */
  read(offset: number, length: number): Buffer;
  close(): void;
}

export interface RecoveredRecord {
  offset: number;
  length: number;
  meta: RecordMeta;
}

export class FileSegmentLog implements SegmentLog {
  readonly durable = true;
  private readonly fd: number;
  private length: number;
  private failure: Error | undefined;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
    this.length = fstatSync(this.fd).size;
    // A new file's directory entry must be durable too, or a machine crash could lose the whole file.
    if (this.length === 0) syncDir(dirname(path));
  }

  append(record: Buffer): number {
    // After a failed fsync the page cache may have dropped our data: nothing after it can be promised.
    if (this.failure !== undefined) throw this.failure;
    const offset = this.length;
    let done = 0;
    while (done < record.length) done += writeSync(this.fd, record, done, record.length - done, offset + done);
    this.length += record.length;
    return offset;
  }

  /** The file's length: where the next record goes. */
  get size(): number {
    return this.length;
  }

  /** sync(), on this thread: for start-up work that runs before any request. */
  syncNow(): void {
    fdatasyncSync(this.fd);
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      fdatasync(this.fd, (error) => {
        if (error !== null) {
          this.failure ??= error;
          reject(error);
        } else resolve();
      });
    });
  }

  read(offset: number, length: number): Buffer {
    const buf = Buffer.allocUnsafeSlow(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw new Error(`segment ${this.path} ends before ${offset + length}`);
      done += n;
    }
    return buf;
  }

  /**
   * The whole records from `from` to the end of the file. The first torn or corrupt record (a write
   * the crash interrupted, never acknowledged) ends the log: the file is cut there, so later appends
   * follow valid data.
   */
  recover(from: number): RecoveredRecord[] {
    if (from > this.length) throw new Error(`segment ${this.path} holds ${this.length} bytes but its index reaches ${from}`);
    const out: RecoveredRecord[] = [];
    let offset = from;
    const header = Buffer.allocUnsafe(RECORD_HEADER);
    while (offset + RECORD_HEADER <= this.length) {
      readSync(this.fd, header, 0, RECORD_HEADER, offset);
      const payload = payloadLength(header);
      if (payload === undefined || offset + RECORD_HEADER + payload > this.length) break;
      const length = RECORD_HEADER + payload;
      const meta = openRecord(this.read(offset, length));
      if (meta === undefined) break;
      out.push({ offset, length, meta });
      offset += length;
    }
    if (offset < this.length) {
      ftruncateSync(this.fd, offset);
      fsyncSync(this.fd);
      this.length = offset;
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Makes a directory's entries (a created, renamed or deleted file) durable. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
