/**
 * The SQLite index of event chunks: where each sits in the segment log, its stream and time range.
 * It is derived data: the segment log is the truth, and the index is rebuilt from the log's tail
 * past `indexed_end` on start, so its commits need no fsync of their own.
 */
import type Database from "better-sqlite3";
import type { RecordMeta } from "./segment-record.js";
import { RECORD_HEADER } from "./segment-record.js";

export const CHUNK_INDEX_SCHEMA: readonly string[] = [
  // AUTOINCREMENT: chunk ids never come back after a delete, so they order batches by arrival
  // (the tie-break of equal timestamps) and a decoded-chunk cache can never serve a stale row.
  `CREATE TABLE IF NOT EXISTS logs_chunk_index (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id INTEGER NOT NULL REFERENCES logs_streams(id) ON DELETE CASCADE,
    min_ts INTEGER NOT NULL,
    max_ts INTEGER NOT NULL,
    ingestion_time INTEGER NOT NULL,
    count INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS logs_chunk_index_by_stream ON logs_chunk_index (stream_id, min_ts)`,
  // How far into the segment log the index reaches; never reset, so deleted data is not re-indexed.
  `CREATE TABLE IF NOT EXISTS logs_segment_state (name TEXT PRIMARY KEY, indexed_end INTEGER NOT NULL) WITHOUT ROWID`,
];

const SEGMENT = "events";

/** A record the log holds, to index. */
export interface IndexEntry {
  offset: number;
  length: number;
  meta: RecordMeta;
}

export class ChunkIndex {
  private readonly insert: Database.Statement;
  private readonly touchStream: Database.Statement<[number, number, number, number, number, number, number, number], { sequence: number }>;
  private readonly addGroupBytes: Database.Statement;
  private readonly setEnd: Database.Statement;
  private readonly getEnd: Database.Statement<[string], { indexed_end: number }>;
  private readonly addTx: (entries: readonly IndexEntry[]) => (number | undefined)[];
  /** The connection's own synchronous level, restored after each index commit. */
  private readonly synchronous: number;

  constructor(
    private readonly db: Database.Database,
    /** False for --memory, where there is no log to rebuild from and nothing to sync. */
    private readonly derived: boolean,
  ) {
    for (const sql of CHUNK_INDEX_SCHEMA) db.exec(sql);
    this.insert = db.prepare("INSERT INTO logs_chunk_index (stream_id, min_ts, max_ts, ingestion_time, count, offset, length) VALUES (?, ?, ?, ?, ?, ?, ?)");
    // The creation time guards against a reused id: a record of a deleted stream must not land in its successor.
    this.touchStream = db.prepare(
      `UPDATE logs_streams SET first_event = min(coalesce(first_event, ?), ?), last_event = max(coalesce(last_event, ?), ?),
       last_ingestion = ?, stored_bytes = stored_bytes + ?, sequence = sequence + 1 WHERE id = ? AND creation_time = ? RETURNING sequence`,
    );
    this.addGroupBytes = db.prepare("UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?");
    this.setEnd = db.prepare(
      "INSERT INTO logs_segment_state (name, indexed_end) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET indexed_end = excluded.indexed_end",
    );
    this.getEnd = db.prepare("SELECT indexed_end FROM logs_segment_state WHERE name = ?");
    // better-sqlite3 types pragma results as unknown; `synchronous` is SQLite's integer level (0-3).
    this.synchronous = db.pragma("synchronous", { simple: true }) as number;
    this.addTx = db.transaction((entries: readonly IndexEntry[]) => {
      const sequences = entries.map((e) => this.addOne(e));
      const last = entries[entries.length - 1];
      if (this.derived && last !== undefined) this.setEnd.run(SEGMENT, last.offset + last.length);
      return sequences;
    });
  }

  /** How far into the log the index reaches. */
  indexedEnd(): number {
    return this.getEnd.get(SEGMENT)?.indexed_end ?? 0;
  }

  /** After compaction: the new file's end, written in the caller's transaction. */
  setIndexedEnd(end: number): void {
    this.setEnd.run(SEGMENT, end);
  }

  /**
   * Indexes records in log order, in one transaction; gives each one's new stream sequence, or
   * undefined when its stream was deleted meanwhile (the events go with the stream, as on AWS).
   */
  add(entries: readonly IndexEntry[]): (number | undefined)[] {
    if (!this.derived) return this.addTx(entries);
    // The log is already on disk; losing this commit to a machine crash only means re-indexing the tail.
    this.db.pragma("synchronous = NORMAL");
    try {
      return this.addTx(entries);
    } finally {
      this.db.pragma(`synchronous = ${this.synchronous}`);
    }
  }

  private addOne(e: IndexEntry): number | undefined {
    const m = e.meta;
    const textBytes = e.length - RECORD_HEADER - 8 - 12 * m.count;
    const row = this.touchStream.get(m.minTs, m.minTs, m.maxTs, m.maxTs, m.ingestionTime, textBytes, m.streamId, m.streamCreated);
    if (row === undefined) return undefined;
    this.insert.run(m.streamId, m.minTs, m.maxTs, m.ingestionTime, m.count, e.offset, e.length);
    this.addGroupBytes.run(textBytes, m.groupId);
    return row.sequence;
  }
}
