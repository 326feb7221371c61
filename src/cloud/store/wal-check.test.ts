import assert from "node:assert/strict";
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { checkWal } from "./wal-check.js";

const dir = mkdtempSync(join(tmpdir(), "flowwatch-wal-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL of 50 committed transactions, copied while the database is open: what a kill leaves. */
function killedWal(name: string): { wal: string; frames: number; db: string } {
  const path = join(dir, `${name}.sqlite`);
  const db = new Database(path);
  db.pragma("locking_mode = EXCLUSIVE");
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
  for (let i = 0; i < 50; i++) insert.run("x".repeat(3000));
  const copy = join(dir, `${name}-copy.sqlite`);
  copyFileSync(path, copy);
  copyFileSync(`${path}-wal`, `${copy}-wal`);
  db.close();
  return { wal: `${copy}-wal`, db: copy, frames: Math.floor((statSync(`${copy}-wal`).size - 32) / (24 + 4096)) };
}

function scribble(path: string, offset: number): void {
  const fd = openSync(path, "r+");
  writeSync(fd, Buffer.alloc(64, 0xab), 0, 64, offset);
  closeSync(fd);
}

test("an intact WAL replays every frame and loses nothing", () => {
  const { wal, frames } = killedWal("intact");
  assert.deepEqual(checkWal(wal), { frames, replayed: frames, lostCommits: 0, badHeader: false });
});

test("garbage in a middle frame: the commits after it are counted as lost, which SQLite indeed drops", () => {
  const { wal, frames, db } = killedWal("middle");
  scribble(wal, 32 + 20 * (24 + 4096) + 2000);
  const report = checkWal(wal);
  assert.equal(report?.firstBadFrame, 21);
  assert.ok((report?.lostCommits ?? 0) >= 10, JSON.stringify(report));
  assert.ok((report?.replayed ?? frames) < 21);
  // What the check predicts is what SQLite does: rows of the lost commits are gone, silently.
  const rows = (new Database(db).prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n;
  assert.equal(rows, 50 - (report?.lostCommits ?? 0));
});

test("a torn last frame (a machine crash mid-write, never acknowledged) is not damage", () => {
  const { wal, frames } = killedWal("torn");
  scribble(wal, 32 + (frames - 1) * (24 + 4096) + 3000);
  assert.equal(checkWal(wal)?.lostCommits, 0);
});

test("a damaged WAL header makes SQLite ignore the whole file: every commit is lost", () => {
  const { wal } = killedWal("header");
  scribble(wal, 12);
  const report = checkWal(wal);
  assert.equal(report?.badHeader, true);
  assert.ok((report?.lostCommits ?? 0) >= 50, JSON.stringify(report));
});

test("no WAL, or an empty one, is nothing to check", () => {
  assert.equal(checkWal(join(dir, "none-wal")), undefined);
});
