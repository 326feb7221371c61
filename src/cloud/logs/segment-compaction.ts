/**
 * The segment file under its generation, and compaction at start: when deleted streams' records make up
 * most of a large file, the live records are copied into the next generation's file, which is synced
 * before one SQLite commit moves every chunk's offset and the generation together. A crash before that
 * commit leaves the old file in charge; after it, the new one. The loser is deleted at the next start.
 */
import { readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { syncDir } from "../store/sync-directory.js";
import { FileSegmentLog } from "./segment-log.js";

export const SEGMENT_FILE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS logs_segment_file (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)`,
];

export interface CompactionPolicy {
  /** Files smaller than this are left alone: copying buys little. */
  minBytes: number;
  /** Compact when live records are less than this share of the file. */
  maxLiveShare: number;
}

export const DEFAULT_COMPACTION: CompactionPolicy = { minBytes: 64 * 1024 * 1024, maxLiveShare: 0.5 };

/** Generation 0 keeps the name of the files written before generations existed. */
export const segmentFileName = (generation: number) => (generation === 0 ? "logs-events.segment" : `logs-events.${generation}.segment`);
const SEGMENT_NAME = /^logs-events(\.\d+)?\.segment$/;

export class SegmentFiles {
  private readonly getGeneration: Database.Statement<[], { generation: number }>;

  constructor(
    private readonly db: Database.Database,
    private readonly dir: string,
  ) {
    for (const sql of SEGMENT_FILE_SCHEMA) db.exec(sql);
    this.getGeneration = db.prepare("SELECT generation FROM logs_segment_file WHERE id = 1");
  }

  generation(): number {
    return this.getGeneration.get()?.generation ?? 0;
  }

  /** Opens the current generation's file, after deleting what an interrupted compaction left behind. */
  open(): FileSegmentLog {
    const current = segmentFileName(this.generation());
    let removed = false;
    for (const name of readdirSync(this.dir)) {
      if (SEGMENT_NAME.test(name) && name !== current) {
        unlinkSync(join(this.dir, name));
        removed = true;
      }
    }
    if (removed) syncDir(this.dir);
    return new FileSegmentLog(join(this.dir, current));
  }

  /**
   * Copies the live records of `log` (fully indexed) into the next generation when the policy says so,
   * and answers the log to use from now on (`log` itself, or the new one with `log` closed and retired).
   */
  compact(log: FileSegmentLog, policy: CompactionPolicy, setIndexedEnd: (end: number) => void, retire: (path: string) => void = unlinkSync): FileSegmentLog {
    const size = log.size;
    if (size < policy.minBytes) return log;
    const live = this.db.prepare<[], { live: number }>("SELECT coalesce(sum(length), 0) AS live FROM logs_chunk_index").get()?.live ?? 0;
    if (live >= size * policy.maxLiveShare) return log;
    const rows = this.db.prepare<[], { id: number; offset: number; length: number }>("SELECT id, offset, length FROM logs_chunk_index ORDER BY offset").all();

    const next = this.generation() + 1;
    const nextPath = join(this.dir, segmentFileName(next));
    const target = new FileSegmentLog(nextPath);
    const moved: [number, number][] = [];
    try {
      for (const r of rows) moved.push([target.append(log.read(r.offset, r.length)), r.id]);
      target.syncNow();
    } catch (error) {
      target.close();
      unlinkSync(nextPath);
      throw error;
    }
    const move = this.db.prepare("UPDATE logs_chunk_index SET offset = ? WHERE id = ?");
    const setGeneration = this.db.prepare(
      "INSERT INTO logs_segment_file (id, generation) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET generation = excluded.generation",
    );
    // The switch: offsets, the index's end and the generation in one commit, synced (the store's FULL).
    this.db.transaction(() => {
      for (const [offset, id] of moved) move.run(offset, id);
      setIndexedEnd(target.size);
      setGeneration.run(next);
    })();
    log.close();
    // Deleted, or for --repair moved aside with the damage it held.
    retire(log.path);
    syncDir(this.dir);
    return target;
  }
}
