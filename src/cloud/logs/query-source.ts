/**
 * What a Logs Insights query reads: its groups' events, a page at a time from the event store's read API,
 * so a query over a million events never holds more than a page of them; and `@ptr` pointers back to one event.
 */
import type Database from "better-sqlite3";
import type { InsightsEvent } from "../../insights/index.js";
import type { EventKey, EventRef, EventStore } from "./event-store.js";

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
  message = "";
  logStream = "";
  log = "";
  stream = 0;
  chunkId = 0;
  idx = 0;
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

  /** A cursor over the groups' events in [start, end] (ms, inclusive), each group cut at its retention. */
  open(groups: readonly QueryGroup[], start: number, end: number): EventCursor {
    const streams = new Map<number, StreamScope>();
    for (const g of groups) {
      for (const s of this.streamsOfGroup.iterate(g.id)) streams.set(s.id, { name: s.name, log: `${g.account}:${g.name}`, cutoff: Math.max(start, g.cutoff) });
    }
    return new EventCursor(this.store, streams, start, end);
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

/** Pages of PAGE events; small enough that one page is a few milliseconds of the event loop. */
const PAGE = 4096;

export class EventCursor {
  private page: EventRef[] = [];
  private at = 0;
  private more = true;
  private from: EventKey | undefined;
  private readonly streamIds: number[];
  private readonly start: number;

  constructor(
    private readonly store: EventStore,
    private readonly streams: ReadonlyMap<number, StreamScope>,
    start: number,
    private readonly end: number,
  ) {
    this.streamIds = [...streams.keys()];
    this.start = Math.min(start, ...[...streams.values()].map((s) => s.cutoff));
  }

  /** Fills `event` with the next event; false at the end. */
  next(event: ChunkEvent): boolean {
    for (;;) {
      if (this.at === this.page.length) {
        if (!this.more || this.streamIds.length === 0) return false;
        const { events, more } = this.store.read({
          streamIds: this.streamIds,
          start: this.start,
          end: this.end + 1,
          direction: 1,
          ...(this.from === undefined ? {} : { from: this.from }),
          limit: PAGE,
          maxBytes: Number.POSITIVE_INFINITY,
        });
        this.page = events;
        this.at = 0;
        this.more = more;
        const last = events[events.length - 1];
        if (last === undefined) return false;
        this.from = { ts: last.chunk.timestamp(last.idx), chunk: last.chunk.id, idx: last.idx };
      }
      const ref = this.page[this.at++] as EventRef;
      const chunk = ref.chunk;
      const ts = chunk.timestamp(ref.idx);
      const scope = this.streams.get(ref.streamId) as StreamScope;
      if (ts < scope.cutoff) continue;
      event.timestamp = ts;
      event.ingestionTime = chunk.ingestionTime;
      event.message = chunk.message(ref.idx);
      event.logStream = scope.name;
      event.log = scope.log;
      event.stream = ref.streamId;
      event.chunkId = chunk.id;
      event.idx = ref.idx;
      return true;
    }
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
