import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
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
