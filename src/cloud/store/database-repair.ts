/**
 * --repair of the database: a copy of the damaged files is opened (SQLite replays the WAL's intact
 * prefix), every readable row is written into a new database at the old path, and the damaged files
 * are moved aside. A database that opens and checks clean is left as it is.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { isStorageDamage } from "./data-dir-damage.js";
import { privateFile } from "./private-files.js";
import type { RepairSession } from "./repair-session.js";
import { checkWal } from "./wal-check.js";

/** Rows read per query while copying; a batch that meets a damaged page is read again row by row. */
const BATCH = 1000;

export function repairDatabase(path: string, session: RepairSession): void {
  if (statSync(path, { throwIfNoEntry: false }) === undefined) return;
  const wal = checkWal(`${path}-wal`);
  // SQLite must read a copy: opening the original would replay (and then checkpoint away) the WAL.
  const work = mkdtempSync(join(dirname(path), ".repair-"));
  const copy = join(work, "flowwatch.sqlite");
  try {
    copyFileSync(path, copy);
    if (statSync(`${path}-wal`, { throwIfNoEntry: false }) !== undefined) copyFileSync(`${path}-wal`, `${copy}-wal`);
    let source: Database.Database | undefined;
    let problem: string | undefined;
    try {
      source = new Database(copy);
      const check = (source.pragma("quick_check(1)") as { quick_check: string }[])[0]?.quick_check;
      if (check !== "ok") problem = `SQLite's check: ${check}`;
    } catch (error) {
      if (!isStorageDamage(error)) throw error;
      problem = (error as Error).message;
    }
    const walLoss = wal !== undefined && wal.lostCommits > 0;
    if (problem === undefined && !walLoss) {
      source?.close();
      return;
    }
    for (const suffix of ["", "-wal", "-shm"]) session.moveAside(`${path}${suffix}`);
    privateFile(path, true);
    if (walLoss)
      session.report(
        `${path}-wal: ${wal.lostCommits} committed transaction(s) after WAL frame ${wal.firstBadFrame} were unreadable and are lost; the database is kept as of WAL frame ${wal.replayed}`,
      );
    if (source === undefined || !source.open) {
      session.report(`${path}: unreadable (${problem}); a new, empty database was made`);
      return;
    }
    try {
      copyReadableRows(source, path, session);
    } finally {
      source.close();
    }
    session.report(`damaged files moved to ${session.damagedDir}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Writes `source`'s schema and every row it can still read into a new database at `path`. */
function copyReadableRows(source: Database.Database, path: string, session: RepairSession): void {
  let objects: { type: string; name: string; sql: string }[];
  try {
    objects = source.prepare("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL").all() as typeof objects;
  } catch (error) {
    if (!isStorageDamage(error)) throw error;
    session.report(`${path}: its schema is unreadable (${(error as Error).message}); a new, empty database was made`);
    return;
  }
  const target = new Database(path);
  try {
    target.pragma("journal_mode = WAL");
    const tables = objects.filter((o) => o.type === "table" && !o.name.startsWith("sqlite_"));
    for (const t of tables) target.exec(t.sql);
    let kept = 0;
    for (const t of tables) {
      const { rows, complete } = copyTable(source, target, t.name, /without\s+rowid/i.test(t.sql));
      kept += rows;
      if (!complete) {
        session.damagedTables.add(t.name);
        session.report(`${path}: table ${t.name} had damaged pages: ${rows} readable row(s) kept, the rest lost`);
      }
    }
    // AUTOINCREMENT counters: ids of deleted rows must not come back (chunk ids order events).
    try {
      const sequences = source.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[];
      const set = target.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)");
      for (const s of sequences) set.run(s.name, s.seq);
    } catch (error) {
      if (!isStorageDamage(error) && !/no such table/.test((error as Error).message)) throw error;
    }
    for (const o of objects) if (o.type !== "table" && !o.name.startsWith("sqlite_")) target.exec(o.sql);
    session.report(`${path}: ${kept} row(s) in ${tables.length} table(s) copied into a new database`);
  } finally {
    target.close();
  }
}

/** Copies a table's readable rows, skipping past damaged pages by rowid; `complete` is false when any read failed. */
function copyTable(source: Database.Database, target: Database.Database, table: string, withoutRowid: boolean): { rows: number; complete: boolean } {
  const name = `"${table.replaceAll('"', '""')}"`;
  const columns = (source.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => `"${c.name.replaceAll('"', '""')}"`);
  if (withoutRowid) {
    // Small state tables: all or nothing.
    try {
      const rows = source
        .prepare(`SELECT ${columns.join(", ")} FROM ${name}`)
        .raw()
        .all() as unknown[][];
      const insert = target.prepare(`INSERT INTO ${name} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
      target.transaction(() =>
        rows.forEach((r) => {
          insert.run(...r);
        }),
      )();
      return { rows: rows.length, complete: true };
    } catch (error) {
      if (!isStorageDamage(error)) throw error;
      return { rows: 0, complete: false };
    }
  }
  // rowid is read to page by, never written: tables whose key is an INTEGER PRIMARY KEY keep it as a column.
  const select = (limit: number) => source.prepare(`SELECT rowid, ${columns.join(", ")} FROM ${name} WHERE rowid > ? ORDER BY rowid LIMIT ${limit}`).raw();
  const batch = select(BATCH);
  const single = select(1);
  const insert = target.prepare(`INSERT INTO ${name} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
  const write = target.transaction((page: unknown[][]) =>
    page.forEach((r) => {
      insert.run(...r.slice(1));
    }),
  );
  let last = Number.MIN_SAFE_INTEGER;
  let rows = 0;
  let complete = true;
  const keep = (page: unknown[][]) => {
    write(page);
    rows += page.length;
    last = (page[page.length - 1] as unknown[])[0] as number;
  };
  // Bounded: each failure moves `last` forward or ends the table.
  for (let failures = 0; failures < 10_000; ) {
    let page: unknown[][];
    try {
      page = batch.all(last) as unknown[][];
    } catch (error) {
      if (!isStorageDamage(error)) throw error;
      complete = false;
      failures++;
      const next = nextReadable(single, last, keep);
      if (next === undefined) break;
      last = next;
      continue;
    }
    if (page.length === 0) break;
    keep(page);
  }
  return { rows, complete };
}

/**
 * After a failed read past `last`: the rows one by one (each kept) until the damage, then larger and
 * larger jumps in rowid until a read succeeds. Gives the rowid to continue after, or undefined at the end.
 */
function nextReadable(single: Database.Statement, last: number, keep: (page: unknown[][]) => void): number | undefined {
  let at = last;
  for (;;) {
    try {
      const row = single.get(at) as unknown[] | undefined;
      if (row === undefined) return undefined;
      keep([row]);
      at = row[0] as number;
    } catch (error) {
      if (!isStorageDamage(error)) throw error;
      break;
    }
  }
  for (let step = 1; step < 2 ** 53; step *= 2) {
    try {
      const row = single.get(at + step) as unknown[] | undefined;
      if (row === undefined) return undefined;
      // Continue just before the readable row found, so the next batch takes it.
      return (row[0] as number) - 1;
    } catch (error) {
      if (!isStorageDamage(error)) throw error;
    }
  }
  return undefined;
}
