import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Store } from "./store.js";

test("a data dir serves one store at a time: the second fails until the first closes", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-store-"));
  try {
    const first = new Store({ dataDir: dir });
    assert.throws(() => new Store({ dataDir: dir }), /is in use by another flowwatch process/);
    first.close();
    new Store({ dataDir: dir }).close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("files only the owner can read: a new data dir is 0700 and its database 0600; an older, wider one is tightened with a warning", () => {
  const root = mkdtempSync(join(tmpdir(), "flowwatch-store-"));
  try {
    const fresh = join(root, "fresh");
    const store = new Store({ dataDir: fresh });
    store.db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    assert.equal(statSync(fresh).mode & 0o777, 0o700);
    for (const name of ["flowwatch.sqlite", "flowwatch.sqlite-wal"]) assert.equal(statSync(join(fresh, name)).mode & 0o777, 0o600, name);
    store.close();

    const old = join(root, "old");
    new Store({ dataDir: old }).close();
    chmodSync(old, 0o755);
    chmodSync(join(old, "flowwatch.sqlite"), 0o644);
    const warnings: string[] = [];
    new Store({ dataDir: old, onWarning: (line) => warnings.push(line) }).close();
    assert.equal(statSync(old).mode & 0o777, 0o700);
    assert.equal(statSync(join(old, "flowwatch.sqlite")).mode & 0o777, 0o600);
    assert.deepEqual(warnings, [`${old} was readable by other users (mode 0755): now 0700`]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
