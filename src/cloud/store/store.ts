/**
 * The local cloud's persistence: one SQLite database (better-sqlite3, WAL) under --data-dir, or in
 * memory with --memory. Each service creates and owns its own tables; no service reads another's.
 * A service may keep files beside the database (CloudWatch Logs' event segments) and close them here.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

export interface StoreOptions {
  /** Folder of the database; ignored when memory is true. */
  dataDir?: string;
  /** Keep nothing on disk. */
  memory?: boolean;
}

export class Store {
  readonly db: Database.Database;
  readonly path: string;
  private readonly closers: (() => void)[] = [];

  constructor(options: StoreOptions) {
    if (options.memory || options.dataDir === undefined) {
      this.path = ":memory:";
      this.db = new Database(":memory:");
    } else {
      mkdirSync(options.dataDir, { recursive: true });
      this.path = join(options.dataDir, "flowwatch.sqlite");
      this.db = new Database(this.path);
      try {
        // One server per data dir: files kept beside the database (logs segments) are appended
        // without further locking, so a second process must fail here, not interleave writes.
        this.db.pragma("locking_mode = EXCLUSIVE");
        this.db.pragma("journal_mode = WAL");
        // FULL: a commit is on disk (fsync of the WAL) before the request that made it is answered,
        // so an acknowledged write survives a kill of the process and of the machine.
        this.db.pragma("synchronous = FULL");
        // Takes the exclusive lock now (after the busy timeout, 5 s), rather than at the first write.
        this.db.exec("BEGIN IMMEDIATE; COMMIT");
      } catch (error) {
        this.db.close();
        if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
        throw new Error(`${options.dataDir} is in use by another flowwatch process`);
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
    for (const close of this.closers.splice(0)) close();
    if (this.db.open) this.db.close();
  }
}
