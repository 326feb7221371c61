/**
 * Log events on disk: appends a batch as one chunk row in one transaction (durable when it
 * returns), and reads any set of streams back in (timestamp, arrival) order by merging chunks.
 */
import type Database from "better-sqlite3";
import { DecodedChunk, encodeChunk } from "./chunk.js";

/** Where an event sits in the total order: timestamp, then its batch's arrival, then its place in the batch. */
export interface EventKey {
  ts: number;
  chunk: number;
  idx: number;
}

export interface EventRef {
  chunk: DecodedChunk;
  idx: number;
  streamId: number;
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

interface ChunkMeta {
  id: number;
  stream_id: number;
  min_ts: number;
  max_ts: number;
  count: number;
}

/** Decoded chunks kept for paging readers: ~1 MB each. */
const CACHE_CHUNKS = 8;

export class EventStore {
  private readonly insertChunk: Database.Statement;
  private readonly touchStream: Database.Statement;
  private readonly addGroupBytes: Database.Statement;
  private readonly chunksOf: Database.Statement<[number, number, number], ChunkMeta>;
  private readonly chunkData: Database.Statement<[number], { ingestion_time: number; data: Buffer }>;
  private readonly cache = new Map<number, DecodedChunk>();
  private readonly appendTx: (a: AppendArgs) => number;

  constructor(private readonly db: Database.Database) {
    this.insertChunk = db.prepare(
      "INSERT INTO logs_chunks (stream_id, min_ts, max_ts, ingestion_time, count, data) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.touchStream = db.prepare(
      `UPDATE logs_streams SET first_event = min(coalesce(first_event, ?), ?), last_event = max(coalesce(last_event, ?), ?),
       last_ingestion = ?, stored_bytes = stored_bytes + ?, sequence = sequence + 1 WHERE id = ? RETURNING sequence`,
    );
    this.addGroupBytes = db.prepare("UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?");
    this.chunksOf = db.prepare("SELECT id, stream_id, min_ts, max_ts, count FROM logs_chunks WHERE stream_id = ? AND max_ts >= ? AND min_ts < ?");
    this.chunkData = db.prepare("SELECT ingestion_time, data FROM logs_chunks WHERE id = ?");
    this.appendTx = db.transaction((a: AppendArgs) => {
      const blob = encodeChunk(a.events, a.sizes, a.from, a.to, a.textBytes);
      const first = (a.events[a.from] as { timestamp: number }).timestamp;
      const last = (a.events[a.to - 1] as { timestamp: number }).timestamp;
      this.insertChunk.run(a.streamId, first, last, a.ingestionTime, a.to - a.from, blob);
      const row = this.touchStream.get(first, first, last, last, a.ingestionTime, a.textBytes, a.streamId) as { sequence: number };
      this.addGroupBytes.run(a.textBytes, a.groupId);
      return row.sequence;
    });
  }

  /** Stores events [from, to) as one chunk; returns the stream's new sequence number. */
  append(args: AppendArgs): number {
    return this.appendTx(args);
  }

  /** Forgets decoded chunks (after deletes, and on reset). */
  clearCache(): void {
    this.cache.clear();
  }

  private load(id: number): DecodedChunk {
    const hit = this.cache.get(id);
    if (hit !== undefined) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const row = this.chunkData.get(id);
    if (row === undefined) throw new Error(`chunk ${id} vanished`);
    const chunk = new DecodedChunk(id, row.ingestion_time, row.data);
    this.cache.set(id, chunk);
    if (this.cache.size > CACHE_CHUNKS) this.cache.delete(this.cache.keys().next().value as number);
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

  private open(m: ChunkMeta, req: ReadRequest): Cursor | undefined {
    const chunk = this.load(m.id);
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

export interface AppendArgs {
  streamId: number;
  groupId: number;
  events: readonly { timestamp: number; message: string }[];
  sizes: Uint32Array;
  from: number;
  to: number;
  textBytes: number;
  ingestionTime: number;
}

class Cursor {
  ts: number;
  constructor(
    readonly chunk: DecodedChunk,
    readonly streamId: number,
    public idx: number,
    private readonly stop: number,
    private readonly step: 1 | -1,
  ) {
    this.ts = chunk.timestamp(idx);
  }
  key(): EventKey {
    return { ts: this.ts, chunk: this.chunk.id, idx: this.idx };
  }
  /** Moves on; false when the cursor's range is exhausted. */
  advance(): boolean {
    this.idx += this.step;
    if (this.idx === this.stop) return false;
    this.ts = this.chunk.timestamp(this.idx);
    return true;
  }
}

function compareKey(ts: number, chunk: number, idx: number, k: EventKey): number {
  return ts - k.ts || chunk - k.chunk || idx - k.idx;
}

/** A binary heap of cursors by event key: ascending when forward, descending when backward. */
class CursorHeap {
  private readonly items: Cursor[] = [];
  constructor(private readonly forward: boolean) {}

  private before(a: Cursor, b: Cursor): boolean {
    const d = a.ts - b.ts || a.chunk.id - b.chunk.id || a.idx - b.idx;
    return this.forward ? d < 0 : d > 0;
  }

  peek(): Cursor | undefined {
    return this.items[0];
  }

  push(c: Cursor): void {
    const items = this.items;
    items.push(c);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i] as Cursor, items[parent] as Cursor)) break;
      [items[i], items[parent]] = [items[parent] as Cursor, items[i] as Cursor];
      i = parent;
    }
  }

  /** Advances the top cursor, dropping it when exhausted, and restores the heap. */
  advance(): void {
    const items = this.items;
    const top = items[0] as Cursor;
    if (!top.advance()) {
      const last = items.pop() as Cursor;
      if (items.length === 0) return;
      items[0] = last;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < items.length && this.before(items[l] as Cursor, items[best] as Cursor)) best = l;
      if (r < items.length && this.before(items[r] as Cursor, items[best] as Cursor)) best = r;
      if (best === i) return;
      [items[i], items[best]] = [items[best] as Cursor, items[i] as Cursor];
      i = best;
    }
  }
}
