/**
 * Log events: appends a batch as one chunk record to the segment log (a file under --data-dir,
 * memory with --memory) and indexes it in SQLite once durable; reads any set of streams back in
 * (timestamp, arrival) order by merging chunks.
 */
import type Database from "better-sqlite3";
import { DecodedChunk, encodeChunk } from "./chunk.js";
import { ChunkIndex, type IndexEntry } from "./chunk-index.js";
import { compareKey, Cursor, CursorHeap, type EventKey } from "./cursor-heap.js";
import { MemorySegmentLog } from "./memory-segment-log.js";
import { type CompactionPolicy, DEFAULT_COMPACTION } from "./segment-compaction.js";
import { openSegmentLog, type SegmentStartup } from "./segment-check.js";
import type { SegmentLog } from "./segment-log.js";
import { openRecord, RECORD_HEADER, type RecordMeta, sealRecord } from "./segment-record.js";
import { StorageDamage } from "../store/data-dir-damage.js";
import { ColumnCache } from "./columns/column-cache.js";

// EventKey is defined beside the merge that orders by it (cursor-heap.ts); readers of the store import it from here.
export type { EventKey };

export interface EventRef {
  chunk: DecodedChunk;
  idx: number;
  streamId: number;
}

/** Consecutive events of one chunk that come next in key order, as a scan gives them. */
export interface EventRun {
  chunk: DecodedChunk;
  streamId: number;
  /** First index of the run, and the index where it stops (exclusive), walking by step. */
  from: number;
  to: number;
  step: 1 | -1;
}

export interface ReadRequest {
  streamIds: readonly number[];
  /** Inclusive lower bound of timestamps. */
  start: number;
  /** Exclusive upper bound of timestamps. */
  end: number;
  direction: 1 | -1;
  /** Forward: only events after this key. Backward: only events before it. */
  from?: EventKey;
  limit: number;
  /** Response size cap, counted as AWS counts a batch: UTF-8 message bytes plus 26 per event. */
  maxBytes: number;
}

export interface AppendArgs {
  streamId: number;
  /** With the id, the stream's key in the log: ids of deleted streams can come back. */
  streamCreated: number;
  groupId: number;
  events: readonly { timestamp: number; message: string }[];
  sizes: Uint32Array;
  from: number;
  to: number;
  textBytes: number;
  ingestionTime: number;
}

interface ChunkMeta {
  id: number;
  stream_id: number;
  min_ts: number;
  max_ts: number;
  count: number;
  ingestion_time: number;
  offset: number;
  length: number;
}

interface Pending {
  entry: IndexEntry;
  resolve(sequence: number): void;
  reject(error: unknown): void;
}

/** Decoded chunks kept for paging readers: at most this many, and at most CACHE_BYTES of them. */
const CACHE_CHUNKS = 8;
/**
 * A cached chunk is counted twice its record's length: the record, and the text it decodes into strings
 * (one byte a character for ASCII). Eight full 1 MiB batches fit; more small ones never do (CACHE_CHUNKS).
 */
const CACHE_BYTES = 16 * 1024 * 1024;
/** The largest record kept as scratch: a full PutLogEvents batch (1 MiB of text, 10,000 events). */
const MAX_SCRATCH = RECORD_HEADER + 8 + 12 * 10_000 + 1_048_576;

export class EventStore {
  private readonly log: SegmentLog;
  private readonly index: ChunkIndex;
  private readonly chunksOf: Database.Statement<[number, number, number], ChunkMeta>;
  private readonly liveOffsets: Database.Statement<[], { offset: number }>;
  private readonly cache = new Map<number, { chunk: DecodedChunk; bytes: number }>();
  private cacheBytes = 0;
  /** Flow columns of the chunks, derived from their text (columns/column-cache.ts). */
  readonly columns = new ColumnCache();
  /** Records written and waiting for the next fdatasync (group commit). */
  private pending: Pending[] = [];
  private syncing = false;
  /**
   * Where records are encoded: reused, since the log copies a record before append returns (into
   * the page cache, or into memory); a fresh 1 MB buffer per request cost page faults and GC.
   */
  private scratch: Buffer | undefined;

  constructor(db: Database.Database, compaction: CompactionPolicy = DEFAULT_COMPACTION, startup: SegmentStartup = { warn: () => undefined }) {
    this.index = new ChunkIndex(db, !db.memory);
    this.chunksOf = db.prepare(
      "SELECT id, stream_id, min_ts, max_ts, count, ingestion_time, offset, length FROM logs_chunk_index WHERE stream_id = ? AND max_ts >= ? AND min_ts < ?",
    );
    this.liveOffsets = db.prepare("SELECT offset FROM logs_chunk_index");
    if (db.memory) {
      this.log = new MemorySegmentLog();
    } else {
      // The segment file beside the SQLite database, its crash tail indexed and its chunks checked.
      this.log = openSegmentLog(db, this.index, compaction, startup);
    }
  }

  /**
   * Stores events [from, to) as one chunk and gives the stream's new sequence number: at once in
   * memory, and once the record is on disk (fdatasync) with a file, so the answer means durable.
   */
  append(a: AppendArgs): number | Promise<number> {
    this.scratch ??= Buffer.allocUnsafeSlow(MAX_SCRATCH);
    const record = encodeChunk(a.events, a.sizes, a.from, a.to, a.textBytes, RECORD_HEADER, this.scratch);
    const meta: RecordMeta = {
      streamId: a.streamId,
      groupId: a.groupId,
      streamCreated: a.streamCreated,
      count: a.to - a.from,
      minTs: (a.events[a.from] as { timestamp: number }).timestamp,
      maxTs: (a.events[a.to - 1] as { timestamp: number }).timestamp,
      ingestionTime: a.ingestionTime,
    };
    sealRecord(record, meta, this.log.durable);
    // Flow columns are built when a query first reads the chunk, not here: building them at ingest measured
    // 1.5-1.7x the server's CPU per stored event (docs/benchmarks.md, issue 18), far past ingest's budget.
    const entry: IndexEntry = { offset: this.log.append(record), length: record.length, meta };
    if (!this.log.durable) return this.index.add([entry])[0] ?? 0;
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (!this.syncing) void this.syncPending();
    });
  }

  /**
   * Group commit: one fdatasync covers every record written before it started; records written
   * while it runs wait for the next one. Each round is indexed in one transaction, in log order.
   */
  private async syncPending(): Promise<void> {
    this.syncing = true;
    while (this.pending.length > 0) {
      const round = this.pending;
      this.pending = [];
      try {
        await this.log.sync();
        const sequences = this.index.add(round.map((p) => p.entry));
        round.forEach((p, i) => {
          p.resolve(sequences[i] ?? 0);
        });
      } catch (error) {
        for (const p of round) p.reject(error);
      }
    }
    this.syncing = false;
  }

  /** Forgets decoded chunks (after deletes, and on reset); in memory, also the deleted chunks' bytes. */
  clearCache(): void {
    this.cache.clear();
    this.cacheBytes = 0;
    this.columns.clear();
    if (this.log instanceof MemorySegmentLog) this.log.retain(new Set(this.liveOffsets.all().map((r) => r.offset)));
  }

  /** Closes the segment file (the index closes with the database). */
  close(): void {
    this.log.close();
  }

  /**
   * A chunk, decoded. `keep` false is for whole-range scans, which read each chunk once: caching those
   * would evict paging readers' chunks, and keep megabytes of decoded text alive just long enough for
   * V8's young-generation collections to copy and promote them.
   */
  private load(m: ChunkMeta, keep = true): DecodedChunk {
    const hit = this.cache.get(m.id);
    if (hit !== undefined) {
      this.cache.delete(m.id);
      this.cache.set(m.id, hit);
      return hit.chunk;
    }
    const record = this.log.read(m.offset, m.length);
    // A record that checked at start and fails now was damaged since: the request fails (ServiceUnavailable), never decodes garbage.
    if (this.log.durable && openRecord(record) === undefined) throw new StorageDamage(`the chunk at offset ${m.offset} of the segment file fails its CRC`);
    const chunk = new DecodedChunk(m.id, m.ingestion_time, record.subarray(RECORD_HEADER));
    chunk.offset = m.offset;
    if (!keep) return chunk;
    const bytes = 2 * m.length;
    this.cache.set(m.id, { chunk, bytes });
    this.cacheBytes += bytes;
    // Least recently used first; the chunk just added stays even when alone over the budget.
    for (const [id, entry] of this.cache) {
      if (this.cache.size <= 1 || (this.cache.size <= CACHE_CHUNKS && this.cacheBytes <= CACHE_BYTES)) break;
      this.cache.delete(id);
      this.cacheBytes -= entry.bytes;
    }
    return chunk;
  }

  /**
   * Up to `limit` events in key order (descending when backward), and whether more exist. Chunks
   * are opened only when their time range can hold the next event, so a page reads few of them.
   */
  read(req: ReadRequest): { events: EventRef[]; more: boolean } {
    const forward = req.direction === 1;
    const metas: ChunkMeta[] = [];
    const lowTs = forward && req.from !== undefined ? Math.max(req.start, req.from.ts) : req.start;
    const highTs = !forward && req.from !== undefined ? Math.min(req.end, req.from.ts + 1) : req.end;
    const from = req.from;
    for (const id of req.streamIds) {
      for (const m of this.chunksOf.iterate(id, lowTs, highTs)) {
        // Skip, unread, the chunks wholly on the far side of the token: with many equal
        // timestamps (flow records share their window's) the time range alone prunes nothing.
        if (from !== undefined && (forward ? compareKey(m.max_ts, m.id, m.count - 1, from) <= 0 : compareKey(m.min_ts, m.id, 0, from) >= 0)) continue;
        metas.push(m);
      }
    }
    metas.sort(forward ? (a, b) => a.min_ts - b.min_ts || a.id - b.id : (a, b) => b.max_ts - a.max_ts || b.id - a.id);

    const heap = new CursorHeap(forward);
    const out: EventRef[] = [];
    let bytes = 0;
    let next = 0;
    for (;;) {
      while (next < metas.length) {
        const m = metas[next] as ChunkMeta;
        const top = heap.peek();
        // A chunk is opened only when its first (last, backward) key could come before the heap's top.
        if (top !== undefined && (forward ? compareKey(m.min_ts, m.id, 0, top.key()) > 0 : compareKey(m.max_ts, m.id, m.count - 1, top.key()) < 0)) break;
        next++;
        const cursor = this.open(m, req);
        if (cursor !== undefined) heap.push(cursor);
      }
      const top = heap.peek();
      if (top === undefined) return { events: out, more: false };
      const size = top.chunk.size(top.idx) + 26;
      if (out.length >= req.limit || (bytes + size > req.maxBytes && out.length > 0)) return { events: out, more: true };
      bytes += size;
      out.push({ chunk: top.chunk, idx: top.idx, streamId: top.streamId });
      heap.advance();
    }
  }

  /**
   * Every event of the streams in [start, end), in key order (descending when backward), as runs of one
   * chunk each (see EventScan). For whole-range readers (Logs Insights): one merge for the whole read
   * instead of one per page. `after` (forward only): start after that key.
   */
  scan(streamIds: readonly number[], start: number, end: number, direction: 1 | -1 = 1, after?: EventKey): EventScan {
    const metas: ChunkMeta[] = [];
    for (const id of streamIds) for (const m of this.chunksOf.iterate(id, start, end)) metas.push(m);
    const forward = direction === 1;
    metas.sort(forward ? (a, b) => a.min_ts - b.min_ts || a.id - b.id : (a, b) => b.max_ts - a.max_ts || b.id - a.id);
    return new EventScan(metas, forward, (m) => {
      const chunk = this.load(m, false);
      let lo = chunk.lowerBound(start);
      const hi = chunk.lowerBound(end);
      // Forward from a page token (FilterLogEvents): only events after its key, as read() does.
      if (after !== undefined && forward)
        lo = Math.max(lo, chunk.id > after.chunk ? chunk.lowerBound(after.ts) : chunk.id === after.chunk ? after.idx + 1 : chunk.upperBound(after.ts));
      if (lo >= hi) return undefined;
      return forward ? new Cursor(chunk, m.stream_id, lo, hi, 1) : new Cursor(chunk, m.stream_id, hi - 1, lo - 1, -1);
    });
  }

  private open(m: ChunkMeta, req: ReadRequest): Cursor | undefined {
    const chunk = this.load(m);
    const from = req.from;
    let lo = chunk.lowerBound(req.start);
    let hi = chunk.lowerBound(req.end);
    if (req.direction === 1) {
      if (from !== undefined) {
        const after = chunk.id > from.chunk ? chunk.lowerBound(from.ts) : chunk.id === from.chunk ? from.idx + 1 : chunk.upperBound(from.ts);
        lo = Math.max(lo, after);
      }
      return lo < hi ? new Cursor(chunk, m.stream_id, lo, hi, 1) : undefined;
    }
    if (from !== undefined) {
      const before = chunk.id < from.chunk ? chunk.upperBound(from.ts) : chunk.id === from.chunk ? from.idx : chunk.lowerBound(from.ts);
      hi = Math.min(hi, before);
    }
    return lo < hi ? new Cursor(chunk, m.stream_id, hi - 1, lo - 1, -1) : undefined;
  }
}

/**
 * A merge of chunks that lives as long as the read: its heap is kept between calls, a chunk is opened
 * only when its first event can come next, and each call gives the longest run of the top chunk that no
 * other chunk's event interleaves. Chunks that do not overlap in time (one stream written in order, the
 * common case) thus come out whole, with no per-event heap work at all.
 */
export class EventScan {
  private readonly heap: CursorHeap;
  private next = 0;

  constructor(
    private readonly metas: readonly ChunkMeta[],
    private readonly forward: boolean,
    private readonly open: (m: ChunkMeta) => Cursor | undefined,
  ) {
    this.heap = new CursorHeap(forward);
  }

  /** Fills `run` with the next run of events (from `from` to `to` exclusive, by `step`); false at the end. */
  nextRun(run: EventRun): boolean {
    const heap = this.heap;
    const metas = this.metas;
    const forward = this.forward;
    while (this.next < metas.length) {
      const m = metas[this.next] as ChunkMeta;
      const top = heap.peek();
      if (top !== undefined && (forward ? compareKey(m.min_ts, m.id, 0, top.key()) > 0 : compareKey(m.max_ts, m.id, m.count - 1, top.key()) < 0)) break;
      this.next++;
      const cursor = this.open(m);
      if (cursor !== undefined) heap.push(cursor);
    }
    const top = heap.peek();
    // Empty here means every chunk was opened (the loop above stops only with a top).
    if (top === undefined) return false;
    // The run ends before the first key of any other cursor, or of the next chunk not yet opened.
    const other = heap.second();
    const pending = metas[this.next];
    let stop = top.end;
    if (forward) {
      if (other !== undefined) stop = Math.min(stop, firstAfter(top.chunk, other.ts, other.chunk.id));
      if (pending !== undefined) stop = Math.min(stop, firstAfter(top.chunk, pending.min_ts, pending.id));
      stop = Math.max(stop, top.idx + 1);
    } else {
      if (other !== undefined) stop = Math.max(stop, lastBefore(top.chunk, other.ts, other.chunk.id));
      if (pending !== undefined) stop = Math.max(stop, lastBefore(top.chunk, pending.max_ts, pending.id));
      stop = Math.min(stop, top.idx - 1);
    }
    run.chunk = top.chunk;
    run.streamId = top.streamId;
    run.from = top.idx;
    run.to = stop;
    run.step = forward ? 1 : -1;
    heap.seekTop(stop);
    return true;
  }
}

/** Forward: the first index of `chunk` whose key comes after any event (ts, chunk id, any index) of another chunk. */
function firstAfter(chunk: DecodedChunk, ts: number, id: number): number {
  // Equal timestamps order by chunk id: an older chunk's events at `ts` come before the other chunk's.
  return chunk.id < id ? chunk.upperBound(ts) : chunk.lowerBound(ts);
}

/** Backward: the last index of `chunk` whose key comes before any event (ts, id, any index) of another chunk, in descending order. */
function lastBefore(chunk: DecodedChunk, ts: number, id: number): number {
  // Descending, a newer chunk's events at `ts` come before the other chunk's.
  return (chunk.id > id ? chunk.lowerBound(ts) : chunk.upperBound(ts)) - 1;
}
