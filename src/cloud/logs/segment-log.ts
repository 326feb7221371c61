/**
 * The append-only segment file that holds event chunks under --data-dir: records are written at
 * once (page cache) and made durable by fdatasync on libuv's thread pool, so the main thread keeps
 * parsing requests while the disk syncs. After a crash, a torn tail is found by length and CRC and cut.
 */
import { closeSync, constants, fchmodSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { StorageDamage } from "../store/data-dir-damage.js";
import { syncDir } from "../store/sync-directory.js";
import { payloadLength, RECORD_HEADER, RECORD_MAGIC, openRecord, type RecordMeta } from "./segment-record.js";

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

/** A record past the index's end that fails its check while valid records follow it: damage, not a torn tail. */
export class SegmentTailDamage extends Error {
  override readonly name = "SegmentTailDamage";
  constructor(
    readonly path: string,
    /** Where the damaged bytes start and where the next valid record starts. */
    readonly offset: number,
    readonly next: number,
  ) {
    super(`${path}: the record at offset ${offset} fails its check, yet a valid record follows at ${next}`);
  }
}

/** What recover() found past the index's end. */
export interface Recovery {
  records: RecoveredRecord[];
  /** Damaged byte ranges skipped over (only when recover() is told to skip damage). */
  skipped: { offset: number; length: number }[];
}

export class FileSegmentLog implements SegmentLog {
  readonly durable = true;
  private readonly fd: number;
  private length: number;
  private failure: Error | undefined;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    const stat = fstatSync(this.fd);
    // Files from before owner-only modes are tightened: the records hold every log event.
    if ((stat.mode & 0o077) !== 0) fchmodSync(this.fd, stat.mode & 0o700);
    this.length = stat.size;
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
      if (n === 0) throw new StorageDamage(`segment ${this.path} ends before ${offset + length}`);
      done += n;
    }
    return buf;
  }

  /**
   * The whole records from `from` to the end of the file. The first torn or corrupt record (a write
   * the crash interrupted, never acknowledged) ends the log: the file is cut there, so later appends
   * follow valid data. A bad record with a valid one after it is not a torn write but damage: a
   * SegmentTailDamage, or with `skipDamage` (--repair), skipped over and reported.
   */
  recover(from: number, skipDamage = false): Recovery {
    if (from > this.length) throw new Error(`segment ${this.path} holds ${this.length} bytes but its index reaches ${from}`);
    const records: RecoveredRecord[] = [];
    const skipped: Recovery["skipped"] = [];
    let offset = from;
    while (offset < this.length) {
      const record = this.recordAt(offset);
      if (record !== undefined) {
        records.push(record);
        offset += record.length;
        continue;
      }
      const next = this.findRecord(offset + 1);
      if (next === undefined) break;
      if (!skipDamage) throw new SegmentTailDamage(this.path, offset, next);
      skipped.push({ offset, length: next - offset });
      offset = next;
    }
    if (offset < this.length) {
      ftruncateSync(this.fd, offset);
      fsyncSync(this.fd);
      this.length = offset;
    }
    return { records, skipped };
  }

  /** The valid record that starts at `offset`, if one does. */
  recordAt(offset: number): RecoveredRecord | undefined {
    if (offset + RECORD_HEADER > this.length) return undefined;
    const header = Buffer.allocUnsafe(RECORD_HEADER);
    readSync(this.fd, header, 0, RECORD_HEADER, offset);
    const payload = payloadLength(header);
    if (payload === undefined || offset + RECORD_HEADER + payload > this.length) return undefined;
    const length = RECORD_HEADER + payload;
    const meta = openRecord(this.read(offset, length));
    return meta === undefined ? undefined : { offset, length, meta };
  }

  /** The offset of the first valid record at or after `from`, found by its magic and checked whole. */
  findRecord(from: number): number | undefined {
    const block = Buffer.allocUnsafe(1 << 20);
    for (let start = from; start < this.length; start += block.length - 3) {
      const n = readSync(this.fd, block, 0, Math.min(block.length, this.length - start), start);
      for (let i = block.indexOf(RECORD_MAGIC); i >= 0 && i < n; i = block.indexOf(RECORD_MAGIC, i + 1)) {
        if (this.recordAt(start + i) !== undefined) return start + i;
      }
      if (n < block.length) break;
    }
    return undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
