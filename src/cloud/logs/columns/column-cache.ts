/**
 * Flow columns of stored chunks (src/insights/columnar/flow-columns.ts), derived from the chunks' text:
 * built from a chunk's bytes when a query first reads it (again after eviction, or for a data dir of an
 * older flowwatch), and held within a byte budget (when full, new ones are not kept). Never persisted: the
 * segment log's text stays the record of truth. Not built at ingest: that measured 1.5-1.7x the server's
 * CPU per stored event (docs/benchmarks.md, issue 18).
 */
import { buildFlowColumns, type FlowColumns } from "../../../insights/index.js";
import type { DecodedChunk } from "../chunk.js";

/**
 * ~45 bytes a default-format record: 1M events hold ~45 MB, and 10M events keep about 4M of theirs
 * while the rest are rebuilt when read, so the server stays within its memory limit.
 */
export const COLUMN_CACHE_BYTES = 192 * 1024 * 1024;

export class ColumnCache {
  /** Keyed by the chunk's place in the segment log. */
  private readonly entries = new Map<number, FlowColumns>();
  private bytes = 0;
  /** Chunks whose columns were built from their text: for tests and benchmarks. */
  rebuilt = 0;

  constructor(private readonly budget = COLUMN_CACHE_BYTES) {}

  /** The chunk's columns, built from its text when they are not held. */
  of(offset: number, chunk: DecodedChunk): FlowColumns {
    const hit = this.entries.get(offset);
    if (hit !== undefined && hit.count === chunk.count) {
      this.entries.delete(offset);
      this.entries.set(offset, hit);
      return hit;
    }
    const { bytes, base, ends } = chunk.text();
    const columns = buildFlowColumns(bytes, base, ends, chunk.count);
    this.rebuilt++;
    this.put(offset, columns);
    return columns;
  }

  /** Forgets every chunk's columns (deletes, reset): they are rebuilt from text when read. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  /**
   * Full: the new columns are not kept, rather than evicting the least recently used. Queries scan whole
   * ranges in order, and a scan over more than the budget would otherwise evict every chunk before the
   * next scan reached it (10M events: no chunk ever found); kept this way, the first ~budget's worth are.
   */
  private put(offset: number, columns: FlowColumns): void {
    const old = this.entries.get(offset);
    if (old !== undefined) {
      this.bytes -= old.bytes;
      this.entries.delete(offset);
    }
    if (this.bytes + columns.bytes > this.budget && this.entries.size > 0) return;
    this.entries.set(offset, columns);
    this.bytes += columns.bytes;
  }
}
