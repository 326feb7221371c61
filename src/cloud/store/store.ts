/**
 * The local cloud's persistence: one SQLite database (better-sqlite3, WAL) under --data-dir, or in
 * memory with --memory. Each service creates and owns its own tables; no service reads another's.
 * A service may keep files beside the database (CloudWatch Logs' event segments) and close them here.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { checkDatabase, checkWalBeforeOpen, openFailure } from "./database-check.js";
import { repairDatabase } from "./database-repair.js";
import { LockOwner, lockHolder } from "./pid-lock.js";
import { privateDirectory, privateFile } from "./private-files.js";
import { RepairSession } from "./repair-session.js";

export interface StoreOptions {
  /** Folder of the database; ignored when memory is true. */
  dataDir?: string;
  /** Keep nothing on disk. */
  memory?: boolean;
  /** --repair: recover what is intact instead of refusing to start on damage (repair-session.ts). */
  repair?: boolean;
  /** Told of things worth a line at start (a data dir others could read, now tightened). */
  onWarning?: (message: string) => void;
}

export class Store {
  readonly db: Database.Database;
  readonly path: string;
  /** The folder of the database and the files kept beside it; undefined in memory. */
  readonly dataDir: string | undefined;
  /** Present while --repair runs: services repair their own files through it and report there. */
  readonly repair: RepairSession | undefined;
  /** Where start-up findings that do not stop the start go (options.onWarning). */
  readonly warn: (message: string) => void;
  private readonly closers: (() => void)[] = [];
  private readonly owner = new LockOwner();

  constructor(options: StoreOptions) {
    this.warn = options.onWarning ?? (() => undefined);
    if (options.memory || options.dataDir === undefined) {
      this.path = ":memory:";
      this.dataDir = undefined;
      this.repair = undefined;
      this.db = new Database(":memory:");
    } else {
      const dir = options.dataDir;
      this.dataDir = dir;
      privateDirectory(dir, this.warn);
      // One server per data dir, taken before any file is read: a WAL another process is writing
      // must not be judged, nor SQLite's locks be the first to say so.
      const lock = join(dir, "flowwatch.lock");
      if (!this.owner.tryLock(lock)) throw new Error(`${dir} is in use by another flowwatch process (pid ${lockHolder(lock)?.pid ?? "unknown"})`);
      this.path = join(dir, "flowwatch.sqlite");
      try {
        for (const suffix of ["-wal", "-shm"]) privateFile(`${this.path}${suffix}`, false);
        this.repair = options.repair ? new RepairSession(dir) : undefined;
        if (this.repair !== undefined) repairDatabase(this.path, this.repair);
        else checkWalBeforeOpen(this.path);
        privateFile(this.path, true);
        this.db = open(this.path, dir);
      } catch (error) {
        this.owner.unlockAll();
        throw error;
      }
    }
    this.db.pragma("foreign_keys = ON");
  }

  /** Runs a service's schema statements once; each must be idempotent (`CREATE TABLE IF NOT EXISTS`). */
  migrate(statements: readonly string[]): void {
    for (const sql of statements) this.db.exec(sql);
  }

  /** Runs `close` when the store closes: for files a service keeps beside the database. */
  onClose(close: () => void): void {
    this.closers.push(close);
  }

  close(): void {
    try {
      for (const close of this.closers.splice(0)) close();
      if (this.db.open) this.db.close();
    } finally {
      this.owner.unlockAll();
    }
  }
}

/** Opens and checks the database file; damage is a DataDirDamage, a second process an Error saying so. */
function open(path: string, dir: string): Database.Database {
  const db = new Database(path);
  try {
    // Files kept beside the database (logs segments) are appended without further locking: SQLite's
    // exclusive lock is the second guard, after flowwatch.lock, against a second process.
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    // FULL: a commit is on disk (fsync of the WAL) before the request that made it is answered,
    // so an acknowledged write survives a kill of the process and of the machine.
    db.pragma("synchronous = FULL");
    // Takes the exclusive lock now (after the busy timeout, 5 s), rather than at the first write.
    db.exec("BEGIN IMMEDIATE; COMMIT");
    checkDatabase(db, path);
    // The checked WAL is folded into the database and emptied: frames of this run then never sit
    // beside stale ones that a later check could mistake for damage.
    db.pragma("wal_checkpoint(TRUNCATE)");
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") throw new Error(`${dir} is in use by another flowwatch process`);
    throw openFailure(error, path);
  }
}
