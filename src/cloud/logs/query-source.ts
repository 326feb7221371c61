/**
 * What a Logs Insights query reads: its groups' events, a page at a time from the event store's read API,
 * so a query over a million events never holds more than a page of them; and `@ptr` pointers back to one event.
 */
import type Database from "better-sqlite3";
import type { InsightsEvent } from "../../insights/index.js";
import type { DecodedChunk } from "./chunk.js";
import type { EventRun, EventScan, EventStore } from "./event-store.js";
import { ChunkBatch } from "./columns/chunk-batch.js";

export interface QueryGroup {
  id: number;
  name: string;
  account: string;
  /** The earliest visible timestamp under the group's retention. */
  cutoff: number;
}

/**
 * The engine's view of the current event. One object is refilled for every event: the engine copies
 * what it keeps into its rows before the next add(), and `@ptr` is only encoded for rows it keeps.
 */
export class ChunkEvent implements InsightsEvent {
  timestamp = 0;
  ingestionTime = 0;
  logStream = "";
  log = "";
  stream = 0;
  chunkId = 0;
  idx = 0;
  bytes = 0;
  chunk: DecodedChunk | undefined;
  private text: string | undefined;

  /** Fills the event from event `idx` of `chunk`; its message is read only if the query reads it. */
  fill(chunk: DecodedChunk, idx: number, stream: number, scope: StreamScope): void {
    this.chunk = chunk;
    this.idx = idx;
    this.chunkId = chunk.id;
    this.timestamp = chunk.timestamp(idx);
    this.ingestionTime = chunk.ingestionTime;
    this.bytes = chunk.size(idx);
    this.logStream = scope.name;
    this.log = scope.log;
    this.stream = stream;
    this.text = undefined;
  }

  /** `sort @timestamp | limit n` never reads the messages it drops: decoded on first read, once. */
  get message(): string {
    if (this.text === undefined) this.text = this.chunk === undefined ? "" : this.chunk.message(this.idx);
    return this.text;
  }

  get ptr(): string {
    return encodePointer({ stream: this.stream, ts: this.timestamp, chunk: this.chunkId, idx: this.idx });
  }
}

/**
 * Pages of the event store's merged read (timestamp, then arrival order, as AWS orders events), so the
 * engine sees events in the store's order and never more than one page of them is held.
 */
export class QuerySource {
  private readonly streamsOfGroup: Database.Statement<[number], { id: number; name: string }>;
  private readonly whereIs: Database.Statement<[number], { stream: string; grp: string; account: string; region: string; retention_days: number | null }>;

  constructor(
    db: Database.Database,
    private readonly store: EventStore,
  ) {
    this.streamsOfGroup = db.prepare("SELECT id, name FROM logs_streams WHERE group_id = ?");
    this.whereIs = db.prepare(
      `SELECT s.name AS stream, g.name AS grp, g.account, g.region, g.retention_days
       FROM logs_streams s JOIN logs_groups g ON g.id = s.group_id WHERE s.id = ?`,
    );
  }

  /**
   * A cursor over the groups' events in [start, end] (ms, inclusive), each group cut at its retention;
   * oldest first, or newest first (direction -1) for queries that keep the newest events.
   */
  open(groups: readonly QueryGroup[], start: number, end: number, direction: 1 | -1 = 1): EventCursor {
    const streams = new Map<number, StreamScope>();
    for (const g of groups) {
      for (const s of this.streamsOfGroup.iterate(g.id)) streams.set(s.id, { name: s.name, log: `${g.account}:${g.name}`, cutoff: Math.max(start, g.cutoff) });
    }
    return new EventCursor(this.store, streams, start, end, direction);
  }

  /** The event a pointer names, with where it lives, or undefined when it is gone. */
  lookup(p: Pointer): StoredRecord | undefined {
    const where = this.whereIs.get(p.stream);
    if (where === undefined) return undefined;
    const { events } = this.store.read({
      streamIds: [p.stream],
      start: p.ts,
      end: p.ts + 1,
      direction: 1,
      from: { ts: p.ts, chunk: p.chunk, idx: p.idx - 1 },
      limit: 1,
      maxBytes: Number.POSITIVE_INFINITY,
    });
    const ref = events[0];
    if (ref === undefined || ref.chunk.id !== p.chunk || ref.idx !== p.idx) return undefined;
    return {
      timestamp: p.ts,
      ingestionTime: ref.chunk.ingestionTime,
      message: ref.chunk.message(ref.idx),
      logStream: where.stream,
      group: where.grp,
      account: where.account,
      region: where.region,
      retentionDays: where.retention_days,
    };
  }
}

interface StreamScope {
  name: string;
  log: string;
  /** Events before this (the query's start or the group's retention) are not read. */
  cutoff: number;
}

/**
 * The events of a query in the store's order, from one streaming scan: runs of consecutive events of a
 * chunk (see EventScan), each event filled in place and its message left undecoded until read.
 */
export class EventCursor {
  private scan: EventScan | undefined;
  private readonly run: EventRun = { chunk: undefined as unknown as DecodedChunk, streamId: 0, from: 0, to: 0, step: 1 };
  private at = 0;
  private to = 0;
  private scope: StreamScope | undefined;
  private readonly streamIds: number[];
  private readonly start: number;

  constructor(
    private readonly store: EventStore,
    private readonly streams: ReadonlyMap<number, StreamScope>,
    start: number,
    private readonly end: number,
    readonly direction: 1 | -1 = 1,
  ) {
    this.streamIds = [...streams.keys()];
    this.start = Math.min(start, ...[...streams.values()].map((s) => s.cutoff));
  }

  /**
   * Fills `batch` with the rest of the current run of one chunk (or the next run), with the chunk's flow
   * columns: the same events in the same order as next() gives them one by one; false at the end.
   */
  nextBatch(batch: ChunkBatch): boolean {
    const forward = this.direction === 1;
    while (forward ? this.at >= this.to : this.at <= this.to) if (!this.nextRun()) return false;
    const run = this.run;
    const scope = this.scope as StreamScope;
    batch.chunk = run.chunk;
    batch.columns = this.store.columns.of(run.chunk.offset, run.chunk);
    batch.from = this.at;
    batch.to = this.to;
    batch.step = forward ? 1 : -1;
    batch.stream = scope.name;
    batch.group = scope.log;
    this.streamOf = run.streamId;
    this.at = this.to;
    return true;
  }

  /** A batch whose rows the text path reads as this cursor's events. */
  batch(event: ChunkEvent): ChunkBatch {
    return new ChunkBatch((b, i) => {
      event.fill(b.chunk, i, this.streamOf, this.scope as StreamScope);
      return event;
    });
  }

  private streamOf = 0;

  /** Fills `event` with the next event; false at the end. */
  next(event: ChunkEvent): boolean {
    const run = this.run;
    if (this.direction === 1) {
      while (this.at >= this.to) if (!this.nextRun()) return false;
      event.fill(run.chunk, this.at++, run.streamId, this.scope as StreamScope);
    } else {
      while (this.at <= this.to) if (!this.nextRun()) return false;
      event.fill(run.chunk, this.at--, run.streamId, this.scope as StreamScope);
    }
    return true;
  }

  private nextRun(): boolean {
    if (this.streamIds.length === 0) return false;
    this.scan ??= this.store.scan(this.streamIds, this.start, this.end + 1, this.direction);
    const run = this.run;
    if (!this.scan.nextRun(run)) {
      this.at = this.to = 0;
      this.streamIds.length = 0;
      return false;
    }
    const scope = this.streams.get(run.streamId) as StreamScope;
    this.scope = scope;
    this.at = run.from;
    this.to = run.to;
    // Events before the stream's own cutoff (its group's retention) are not in the query.
    if (scope.cutoff > this.start) {
      const first = run.chunk.lowerBound(scope.cutoff);
      if (this.direction === 1) this.at = Math.max(this.at, first);
      else this.to = Math.max(this.to, first - 1);
    }
    return true;
  }
}

export interface Pointer {
  stream: number;
  ts: number;
  chunk: number;
  idx: number;
}

export interface StoredRecord {
  timestamp: number;
  ingestionTime: number;
  message: string;
  logStream: string;
  group: string;
  account: string;
  region: string;
  retentionDays: number | null;
}

/** `@ptr`: opaque to clients, as AWS's are; it spells the event's stream and its key in the store. */
export function encodePointer(p: Pointer): string {
  return Buffer.from(`fwptr:${p.stream}:${p.ts}:${p.chunk}:${p.idx}`, "utf8").toString("base64url");
}

export function decodePointer(text: string): Pointer | undefined {
  const m = /^fwptr:(\d{1,15}):(\d{1,16}):(\d{1,15}):(\d{1,9})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  return m === null ? undefined : { stream: Number(m[1]), ts: Number(m[2]), chunk: Number(m[3]), idx: Number(m[4]) };
}
