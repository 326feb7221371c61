/**
 * S3's state: buckets, objects, multipart uploads and parts in SQLite (synchronous=FULL, as the whole store),
 * object bytes in files under `<data-dir>/s3/`, each written and fsynced before the row that names it commits,
 * so an acknowledged object survives a kill. A file no row names (a write cut short) is removed at start.
 */
import { randomUUID } from "node:crypto";
import { type FileHandle, open } from "node:fs/promises";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import type { Store } from "../store/store.js";
import { syncDir } from "../store/sync-directory.js";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS s3_buckets (
    name TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, created INTEGER NOT NULL,
    policy TEXT, tags TEXT, acl TEXT NOT NULL DEFAULT 'private') WITHOUT ROWID`,
  // Keys compare as bytes (SQLite's BINARY collation over UTF-8): S3's listing order.
  `CREATE TABLE IF NOT EXISTS s3_objects (
    bucket TEXT NOT NULL, key TEXT NOT NULL, file TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
    modified INTEGER NOT NULL, headers TEXT NOT NULL, metadata TEXT NOT NULL, parts INTEGER, owner TEXT NOT NULL,
    PRIMARY KEY (bucket, key)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS s3_uploads (
    upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, initiated INTEGER NOT NULL,
    headers TEXT NOT NULL, metadata TEXT NOT NULL, owner TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS s3_uploads_by_key ON s3_uploads (bucket, key, initiated)`,
  `CREATE TABLE IF NOT EXISTS s3_parts (
    upload_id TEXT NOT NULL, part INTEGER NOT NULL, file TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
    modified INTEGER NOT NULL, PRIMARY KEY (upload_id, part)) WITHOUT ROWID`,
];

export interface BucketRow {
  name: string;
  account: string;
  region: string;
  created: number;
  policy: string | null;
  tags: string | null;
  acl: string;
}

/** Content-Type and the other representation headers an object keeps, by their HTTP names. */
export type StoredHeaders = Record<string, string>;

export interface ObjectRow {
  bucket: string;
  key: string;
  file: string;
  size: number;
  etag: string;
  modified: number;
  headers: string;
  metadata: string;
  parts: number | null;
  owner: string;
}

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: number;
  headers: string;
  metadata: string;
  owner: string;
}

export interface PartRow {
  upload_id: string;
  part: number;
  file: string;
  size: number;
  etag: string;
  modified: number;
}

/** A file being written: bytes go in as they arrive, `commit` fsyncs it (and its directory's entry). */
export interface BlobWriter {
  readonly name: string;
  write(bytes: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export class S3Storage {
  readonly db: Database.Database;
  /** Where object files live: under the data dir, or a private temporary folder for --memory. */
  private readonly root: string;
  private readonly temporary: boolean;

  constructor(store: Store) {
    store.migrate(SCHEMA);
    this.db = store.db;
    this.temporary = store.dataDir === undefined;
    this.root = store.dataDir === undefined ? mkdtempSync(join(tmpdir(), "flowwatch-s3-")) : join(store.dataDir, "s3");
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    this.sweep();
    store.onClose(() => {
      if (this.temporary) rmSync(this.root, { recursive: true, force: true });
    });
  }

  /** Files no row names: left by a write the process did not live to commit. */
  private sweep(): void {
    const named = new Set<string>();
    for (const row of this.db.prepare("SELECT file FROM s3_objects UNION ALL SELECT file FROM s3_parts").all() as { file: string }[]) named.add(row.file);
    for (const name of readdirSync(this.root)) if (!named.has(name)) rmSync(join(this.root, name), { force: true });
  }

  path(file: string): string {
    return join(this.root, file);
  }

  async writer(): Promise<BlobWriter> {
    const name = randomUUID();
    const path = this.path(name);
    const handle: FileHandle = await open(path, "wx", 0o600);
    let closed = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      name,
      write: async (bytes) => {
        let at = 0;
        while (at < bytes.length) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
      },
      commit: async () => {
        await handle.sync();
        await close();
        syncDir(this.root);
      },
      discard: async () => {
        await close();
        rmSync(path, { force: true });
      },
    };
  }

  /** Removes files whose rows are gone (after the transaction that dropped them has committed). */
  removeFiles(files: readonly string[]): void {
    for (const file of files) {
      try {
        unlinkSync(this.path(file));
      } catch {
        // Already gone: a sweep at start removes anything a crash left either way.
      }
    }
  }

  bucket(name: string): BucketRow | undefined {
    return this.db.prepare("SELECT * FROM s3_buckets WHERE name = ?").get(name) as BucketRow | undefined;
  }

  bucketsOf(account: string): BucketRow[] {
    return this.db.prepare("SELECT * FROM s3_buckets WHERE account = ? ORDER BY name").all(account) as BucketRow[];
  }

  createBucket(row: BucketRow): void {
    this.db
      .prepare("INSERT INTO s3_buckets (name, account, region, created, policy, tags, acl) VALUES (@name, @account, @region, @created, @policy, @tags, @acl)")
      .run(row);
  }

  deleteBucket(name: string): void {
    this.db.prepare("DELETE FROM s3_buckets WHERE name = ?").run(name);
  }

  setBucketField(name: string, field: "policy" | "tags" | "acl", value: string | null): void {
    // `field` is one of three literal column names, never input.
    this.db.prepare(`UPDATE s3_buckets SET ${field} = ? WHERE name = ?`).run(value, name);
  }

  isEmpty(bucket: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1").get(bucket) === undefined &&
      this.db.prepare("SELECT 1 FROM s3_uploads WHERE bucket = ? LIMIT 1").get(bucket) === undefined
    );
  }

  object(bucket: string, key: string): ObjectRow | undefined {
    return this.db.prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key = ?").get(bucket, key) as ObjectRow | undefined;
  }

  /** Stores the row; returns the file of the object it replaced, to remove once this has committed. */
  putObject(row: ObjectRow): string | undefined {
    const old = this.object(row.bucket, row.key);
    this.db
      .prepare(
        "INSERT OR REPLACE INTO s3_objects (bucket, key, file, size, etag, modified, headers, metadata, parts, owner) VALUES (@bucket, @key, @file, @size, @etag, @modified, @headers, @metadata, @parts, @owner)",
      )
      .run(row);
    return old?.file;
  }

  deleteObject(bucket: string, key: string): string | undefined {
    const old = this.object(bucket, key);
    if (old !== undefined) this.db.prepare("DELETE FROM s3_objects WHERE bucket = ? AND key = ?").run(bucket, key);
    return old?.file;
  }

  /** Keys after `after` (exclusive) starting with `prefix`, in order, at most `limit`. */
  listObjects(bucket: string, prefix: string, after: string, limit: number): ObjectRow[] {
    // A range scan on the primary key, [prefix, prefixEnd): a page reads its own rows, not the rest of the bucket.
    const end = prefixEnd(prefix);
    const sql = `SELECT * FROM s3_objects WHERE bucket = ? AND key > ? AND key >= ?${end === undefined ? "" : " AND key < ?"} AND substr(key, 1, length(?)) = ? ORDER BY key LIMIT ?`;
    const args = end === undefined ? [bucket, after, prefix, prefix, prefix, limit] : [bucket, after, prefix, end, prefix, prefix, limit];
    return this.db.prepare(sql).all(...args) as ObjectRow[];
  }

  upload(uploadId: string): UploadRow | undefined {
    return this.db.prepare("SELECT * FROM s3_uploads WHERE upload_id = ?").get(uploadId) as UploadRow | undefined;
  }

  createUpload(row: UploadRow): void {
    this.db
      .prepare(
        "INSERT INTO s3_uploads (upload_id, bucket, key, initiated, headers, metadata, owner) VALUES (@upload_id, @bucket, @key, @initiated, @headers, @metadata, @owner)",
      )
      .run(row);
  }

  uploads(bucket: string, prefix: string, limit: number, afterKey = "", afterId = ""): UploadRow[] {
    return this.db
      .prepare(
        "SELECT * FROM s3_uploads WHERE bucket = ? AND substr(key, 1, length(?)) = ? AND (key > ? OR (key = ? AND upload_id > ?)) ORDER BY key, upload_id LIMIT ?",
      )
      .all(bucket, prefix, prefix, afterKey, afterKey, afterId, limit) as UploadRow[];
  }

  /** Drops the upload and its parts; returns their files. */
  deleteUpload(uploadId: string): string[] {
    const files = (this.db.prepare("SELECT file FROM s3_parts WHERE upload_id = ?").all(uploadId) as { file: string }[]).map((r) => r.file);
    this.db.prepare("DELETE FROM s3_parts WHERE upload_id = ?").run(uploadId);
    this.db.prepare("DELETE FROM s3_uploads WHERE upload_id = ?").run(uploadId);
    return files;
  }

  parts(uploadId: string, after = 0, limit = 10_001): PartRow[] {
    return this.db.prepare("SELECT * FROM s3_parts WHERE upload_id = ? AND part > ? ORDER BY part LIMIT ?").all(uploadId, after, limit) as PartRow[];
  }

  putPart(row: PartRow): string | undefined {
    const old = this.db.prepare("SELECT file FROM s3_parts WHERE upload_id = ? AND part = ?").get(row.upload_id, row.part) as { file: string } | undefined;
    this.db
      .prepare("INSERT OR REPLACE INTO s3_parts (upload_id, part, file, size, etag, modified) VALUES (@upload_id, @part, @file, @size, @etag, @modified)")
      .run(row);
    return old?.file;
  }

  /** `onFailure` runs when the work throws (a file written for a row that will now never name it). */
  transaction<T>(work: () => T, onFailure?: () => void): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      onFailure?.();
      throw error;
    }
  }

  /** Every bucket and object (/_flowwatch/reset). */
  reset(): void {
    const files = (this.db.prepare("SELECT file FROM s3_objects UNION ALL SELECT file FROM s3_parts").all() as { file: string }[]).map((r) => r.file);
    this.transaction(() => {
      for (const table of ["s3_parts", "s3_uploads", "s3_objects", "s3_buckets"]) this.db.prepare(`DELETE FROM ${table}`).run();
    });
    this.removeFiles(files);
  }
}

/**
 * The least string greater than every string that starts with `prefix` (UTF-8 byte order is code point order):
 * its last code point plus one; undefined when there is none (an empty prefix, or only U+10FFFF).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) return points.join("") + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
  }
  return undefined;
}
