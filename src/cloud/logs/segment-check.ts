/**
 * The segment file checked against its index at start, before "ready": every indexed chunk's record
 * must be there, whole, pass its CRC and be the chunk the index says. Damage refuses the start, or
 * under --repair is cut out (the file rewritten without it, the damaged one moved aside) and reported.
 */
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { DataDirDamage } from "../store/data-dir-damage.js";
import type { RepairSession } from "../store/repair-session.js";
import type { ChunkIndex, IndexEntry } from "./chunk-index.js";
import { type CompactionPolicy, SegmentFiles } from "./segment-compaction.js";
import { type FileSegmentLog, SegmentTailDamage } from "./segment-log.js";
import { openRecord } from "./segment-record.js";

/** What the event store's start needs from the store: --repair's session, and where warnings go. */
export interface SegmentStartup {
  repair?: RepairSession | undefined;
  warn(message: string): void;
}

interface IndexedChunk {
  id: number;
  stream_id: number;
  count: number;
  offset: number;
  length: number;
}

/** Compacts whatever is live, however much: --repair's rewrite of a damaged file. */
const REWRITE: CompactionPolicy = { minBytes: 0, maxLiveShare: Number.POSITIVE_INFINITY };

/**
 * Opens the current segment file, indexes its crash tail, checks every indexed chunk, and compacts:
 * the log the event store then appends to and reads from.
 */
export function openSegmentLog(db: Database.Database, index: ChunkIndex, compaction: CompactionPolicy, startup: SegmentStartup): FileSegmentLog {
  const files = new SegmentFiles(db, dirname(db.name));
  const log = files.open();
  const repair = startup.repair;
  let rewrite = false;
  try {
    let end = index.indexedEnd();
    if (end > log.size) {
      if (repair === undefined) throw new DataDirDamage(log.path, `it holds ${log.size} bytes but its index reaches ${end}`, intactShare(db, log));
      // The chunks past the end fail the check below; the tail is read from the file's end.
      end = log.size;
      index.setIndexedEnd(end);
    }
    const tail = recoverTail(log, end, repair);
    rewrite = tail.skipped > 0;
    // Records on disk but not indexed: acknowledged writes whose index commit a crash lost, and
    // writes synced but never answered. Both are kept; a torn tail (never synced) was cut.
    const sequences = index.add(tail.records);
    const orphans = sequences.filter((s) => s === undefined).length;
    if (orphans > 0) {
      // Deleted streams (a delete that raced the crash), or streams whose rows the database lost:
      // the records cannot be told apart, so they are reported rather than dropped without a word.
      const line = `${log.path}: ${orphans} record(s) past the index's end belong to log streams the database does not hold (deleted, or lost with database damage); their events are not served`;
      if (repair !== undefined) repair.report(line);
      else startup.warn(line);
    }
    if (repair?.damagedTables.has("logs_chunk_index")) reindexLost(db, index, log, repair);
    const damaged = damagedChunks(db, log);
    const first = damaged[0];
    if (first !== undefined) {
      const problem = `${damaged.length} indexed chunk(s) fail their check (the first, at offset ${first.chunk.offset}: ${first.why})`;
      if (repair === undefined) throw new DataDirDamage(log.path, problem, intactShare(db, log, damaged.length));
      const remove = db.prepare("DELETE FROM logs_chunk_index WHERE id = ?");
      db.transaction(() =>
        damaged.forEach((d) => {
          remove.run(d.chunk.id);
        }),
      )();
      const events = damaged.reduce((n, d) => n + d.chunk.count, 0);
      repair.report(`${log.path}: ${problem}; ${damaged.length} chunk(s) holding ${events} event(s) are lost`);
      rewrite = true;
    }
  } catch (error) {
    log.close();
    if (error instanceof SegmentTailDamage) throw new DataDirDamage(log.path, error.message.slice(log.path.length + 2), "every record but the damaged bytes");
    throw error;
  }
  if (rewrite && repair !== undefined) {
    const kept = files.compact(
      log,
      REWRITE,
      (end) => index.setIndexedEnd(end),
      (path) => repair.moveAside(path),
    );
    repair.report(`${log.path}: rewritten as ${kept.path} without the damaged bytes; the damaged file moved to ${repair.damagedDir}`);
    return kept;
  }
  return files.compact(log, compaction, (end) => index.setIndexedEnd(end));
}

function recoverTail(log: FileSegmentLog, end: number, repair: RepairSession | undefined): { records: IndexEntry[]; skipped: number } {
  const tail = log.recover(end, repair !== undefined);
  for (const s of tail.skipped)
    repair?.report(`${log.path}: ${s.length} damaged byte(s) at offset ${s.offset}, past the index's end, skipped; the records in them are lost`);
  return { records: tail.records, skipped: tail.skipped.length };
}

/** Indexed chunks whose record is missing, cut, fails its CRC or is another chunk, with why. */
function damagedChunks(db: Database.Database, log: FileSegmentLog): { chunk: IndexedChunk; why: string }[] {
  const out: { chunk: IndexedChunk; why: string }[] = [];
  const rows = db.prepare<[], IndexedChunk>("SELECT id, stream_id, count, offset, length FROM logs_chunk_index ORDER BY offset").iterate();
  for (const chunk of rows) {
    if (chunk.offset + chunk.length > log.size) {
      out.push({ chunk, why: "it lies past the file's end" });
      continue;
    }
    const meta = openRecord(log.read(chunk.offset, chunk.length));
    if (meta === undefined) out.push({ chunk, why: "its length or CRC does not check" });
    else if (meta.streamId !== chunk.stream_id || meta.count !== chunk.count) out.push({ chunk, why: "it holds another chunk than the index says" });
  }
  return out;
}

/** "N of M chunks" for a refusal's message. */
function intactShare(db: Database.Database, log: FileSegmentLog, damaged?: number): string {
  const total = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM logs_chunk_index").get()?.n ?? 0;
  const bad = damaged ?? damagedChunks(db, log).length;
  return `${total - bad} of ${total} chunks`;
}

/**
 * After the database lost rows of the chunk index: the file's valid records of streams that still
 * exist, at offsets the index does not hold, are indexed again. Records that retention or a delete had
 * dropped from the index come back too (retention drops them again on its next pass).
 */
function reindexLost(db: Database.Database, index: ChunkIndex, log: FileSegmentLog, repair: RepairSession): void {
  const indexed = new Set(
    db
      .prepare<[], { offset: number }>("SELECT offset FROM logs_chunk_index")
      .all()
      .map((r) => r.offset),
  );
  const end = index.indexedEnd();
  const found: IndexEntry[] = [];
  let offset = 0;
  while (offset < end) {
    const record = log.recordAt(offset);
    if (record === undefined) {
      const next = log.findRecord(offset + 1);
      if (next === undefined || next >= end) break;
      offset = next;
      continue;
    }
    if (!indexed.has(offset)) found.push(record);
    offset += record.length;
  }
  const added = index.add(found).filter((s) => s !== undefined).length;
  // add() moves the index's end to its last entry; these entries lie before the end already reached.
  index.setIndexedEnd(end);
  repair.report(`${log.path}: ${added} chunk(s) indexed again from the file (the database had lost their index rows)`);
}
