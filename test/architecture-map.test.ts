import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

test("docs/architecture.md names every file and folder of src/", () => {
  const script = new URL("../scripts/architecture-map.mjs", import.meta.url).pathname;
  const run = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
  assert.equal(run.status, 0, `${run.stderr}run: node scripts/architecture-map.mjs --write`);
});
