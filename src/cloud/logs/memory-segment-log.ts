/** Chunk records held in memory for --memory: nothing touches a file, and sync() has nothing to wait for. */
import type { SegmentLog } from "./segment-log.js";

export class MemorySegmentLog implements SegmentLog {
  readonly durable = false;
  private readonly records = new Map<number, Buffer>();
  private size = 0;

  append(record: Buffer): number {
    const offset = this.size;
    this.records.set(offset, Buffer.from(record));
    this.size += record.length;
    return offset;
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  read(offset: number): Buffer {
    const record = this.records.get(offset);
    if (record === undefined) throw new Error(`no record at ${offset}`);
    return record;
  }

  /** Drops the records no index row names any more (deleted streams and groups, reset). */
  retain(offsets: ReadonlySet<number>): void {
    for (const offset of this.records.keys()) if (!offsets.has(offset)) this.records.delete(offset);
  }

  close(): void {
    this.records.clear();
  }
}
