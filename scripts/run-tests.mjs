#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test. Node 20's --test neither expands
// globs nor discovers .ts files, so the list is built here. Tests that bind ports or spawn
// processes are named *.wire.test.ts / *.process.test.ts and run with the rest unless
// FLOWWATCH_TESTS=unit is set.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const roots = ["src", "test"];
const only = process.env.FLOWWATCH_TESTS;
const filter = process.argv.slice(2);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

let files = roots.flatMap((root) => walk(root, [])).sort();
if (only === "unit") files = files.filter((f) => !/\.(wire|process)\.test\.ts$/.test(f));
if (filter.length > 0) files = files.filter((f) => filter.some((part) => f.includes(part)));
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files], {
  stdio: "inherit",
  env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
});
process.exit(result.status ?? 1);
