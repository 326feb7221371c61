#!/usr/bin/env node
// Builds dist/, the package's only content (package.json "files"), from src/ with tsconfig.build.json: the
// compiled code, the executable bit of the `flowwatch` entry point, and the dashboard's static assets.
// dist/ is emptied first: tsc never deletes, so a file that left src/ (a test helper, a case table) would
// otherwise ship from an earlier build. `npm run build` and `prepare` (npm ci, npm pack) both run this.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
chmodSync(join(dist, "cli/main.js"), 0o755);
cpSync(join(root, "src/web/assets"), join(dist, "web/assets"), { recursive: true });
