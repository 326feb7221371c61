/**
 * The database's checks at start, before "ready": its WAL read as SQLite's recovery will read it
 * (wal-check.ts), then, once open, SQLite's quick_check. Damage is a DataDirDamage naming the file.
 */
import type Database from "better-sqlite3";
import { DataDirDamage, isStorageDamage } from "./data-dir-damage.js";
import { checkWal } from "./wal-check.js";

/** Before SQLite opens the database: a WAL that would silently lose committed transactions. */
export function checkWalBeforeOpen(path: string): void {
  const wal = checkWal(`${path}-wal`);
  if (wal === undefined || wal.lostCommits === 0) return;
  const where = wal.badHeader ? "its header fails its checksum" : `frame ${wal.firstBadFrame} of ${wal.frames} fails its checksum`;
  throw new DataDirDamage(
    `${path}-wal`,
    `${where}, so SQLite would drop ${wal.lostCommits} committed transaction${wal.lostCommits === 1 ? "" : "s"} after it without a word`,
    `the database as of its last intact commit (WAL frame ${wal.replayed}) and the log events of every log stream it still holds`,
  );
}

/**
 * A failure to open or read the database at start, as a DataDirDamage when it is damage (a header
 * that is not SQLite's, a corrupt page); other errors pass through unchanged.
 */
export function openFailure(error: unknown, path: string): unknown {
  if (!isStorageDamage(error)) return error;
  const code = (error as { code: string }).code;
  if (code === "SQLITE_NOTADB")
    return new DataDirDamage(
      path,
      "its header is not a SQLite database's",
      "nothing of the database (a new one is made: the log events stay in their segment file, but no log group names them)",
    );
  return new DataDirDamage(path, (error as Error).message, "the rows that can still be read");
}

/**
 * SQLite's quick_check: every page and b-tree of the file, without cross-checking indexes against
 * their tables (integrity_check's extra cost; a damaged index is rebuilt by --repair either way).
 */
export function checkDatabase(db: Database.Database, path: string): void {
  let problems: string[];
  let damaged: string[];
  try {
    problems = (db.pragma("quick_check(20)") as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.length === 1 && problems[0] === "ok") return;
    damaged = damagedTables(db, problems);
  } catch (error) {
    // A page too damaged for the check to walk (a table's root): each table is read to name the bad ones.
    if (!isStorageDamage(error)) throw error;
    problems = [(error as Error).message];
    damaged = unreadableTables(db);
  }
  const tables = damaged.length === 0 ? "" : ` in ${damaged.join(", ")}`;
  throw new DataDirDamage(
    path,
    `SQLite's check found ${problems.length === 20 ? "20 or more" : problems.length} problem${problems.length === 1 ? "" : "s"}${tables} (first: ${problems[0]})`,
    `every table's readable rows${tables ? ` (some of ${damaged.join(", ")} may be lost)` : ""}`,
  );
}

/** Tables a full read fails on. */
function unreadableTables(db: Database.Database): string[] {
  let names: string[];
  try {
    names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  } catch {
    return [];
  }
  return names.filter((name) => {
    try {
      db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`)
        .raw()
        .all();
      return false;
    } catch (error) {
      if (!isStorageDamage(error)) throw error;
      return true;
    }
  });
}

/** The tables (or indexes) whose b-trees quick_check names ("Tree 7 page 12 ..."), by their root pages. */
function damagedTables(db: Database.Database, problems: readonly string[]): string[] {
  const roots = new Set(problems.flatMap((p) => [...p.matchAll(/Tree (\d+) page/g)].map((m) => Number(m[1]))));
  if (roots.size === 0) return [];
  try {
    const rows = db.prepare("SELECT name, tbl_name, rootpage FROM sqlite_schema").all() as { name: string; tbl_name: string; rootpage: number }[];
    return [...new Set(rows.filter((r) => roots.has(r.rootpage)).map((r) => r.tbl_name))];
  } catch {
    return [];
  }
}
