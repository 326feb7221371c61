/**
 * The package as a user gets it: `npm pack` of this tree, the tarball's file list free of test code, then the
 * tarball installed from the registry into an empty folder and `npx flowwatch` run from there.
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";

const root = new URL("../..", import.meta.url).pathname;
// What npm pack must not read from this working tree: dependencies (linked instead), git, build outputs.
const NOT_COPIED = new Set(["node_modules", ".git", "dist", "dist-check", "artifacts", ".flowwatch"]);
const SAMPLE = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n";

/** The environment of a nested npm: without the npm_* variables of an enclosing `npm test`, which point at this tree. */
function npmEnv(): NodeJS.ProcessEnv {
  const kept = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || kept.has(key.toLowerCase())));
}

function run(command: string, args: string[], cwd: string, input?: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, input, encoding: "utf8", env: npmEnv(), timeout: 180_000 });
  assert.equal(result.error, undefined, `${command} ${args.join(" ")}: ${String(result.error)}`);
  assert.equal(result.status, 0, `${command} ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

test("npm pack ships no test code, and the installed tarball runs flowwatch", { timeout: 420_000 }, (t) => {
  const work = mkdtempSync(join(tmpdir(), "flowwatch-pack-"));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  // Packed from a copy, so the build (prepare empties and rebuilds dist/) never races another run in this tree.
  const source = join(work, "source");
  mkdirSync(source);
  for (const name of readdirSync(root)) if (!NOT_COPIED.has(name)) cpSync(join(root, name), join(source, name), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(source, "node_modules"), "dir");
  const packed = run("npm", ["pack", "--json", "--pack-destination", work], source);
  const [manifest] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(manifest, "npm pack described its tarball");
  const paths = manifest.files.map((f) => f.path);

  assert.ok(paths.includes("dist/cli/main.js"), "the executable is in the package");
  assert.ok(paths.includes("dist/web/assets/index.html"), "the dashboard's assets are in the package");
  assert.deepEqual(
    paths.filter((p) => !p.startsWith("dist/") && !["package.json", "README.md"].includes(p) && !/^LICEN[CS]E/.test(p)),
    [],
    "only dist/ and npm's own files",
  );
  assert.deepEqual(
    paths.filter((p) => /\.(test|spec)\.(js|ts|map)$|\.test\.js\.map$|(^|\/)test\/|harness/.test(p)),
    [],
    "no test file, test/ path or harness",
  );

  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "flowwatch-pack-check", private: true }));
  // --ignore-scripts: better-sqlite3's native build (minutes from source) is not what this checks; flowwatch's
  // own `npm ci` builds it. --help, parse and query --file never load it.
  run("npm", ["install", join(work, manifest.filename), "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], app);

  // No installed file imports a test tool or reaches outside the package.
  const pkg = join(app, "node_modules", "flowwatch");
  const problems: string[] = [];
  for (const file of filesUnder(join(pkg, "dist")).filter((f) => f.endsWith(".js"))) {
    const text = readFileSync(file, "utf8");
    const name = relative(pkg, file);
    if (/\bfrom\s*["'](node:)?(assert|test)(\/[a-z]+)?["']|import\(\s*["'](node:)?(assert|test)\b/.test(text)) problems.push(`${name} imports a test tool`);
    for (const [, specifier] of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = resolve(dirname(file), specifier ?? "");
      if (relative(pkg, target).startsWith("..") || !existsSync(target)) problems.push(`${name} imports ${specifier}, not in the package`);
    }
  }
  assert.deepEqual(problems, []);

  const help = run("npx", ["--no-install", "flowwatch", "--help"], app);
  assert.match(help.stdout, /^Usage: flowwatch /m);
  for (const command of ["parse", "up", "setup", "doctor", "tail", "query", "watch", "dashboard"]) {
    assert.match(help.stdout, new RegExp(`^  ${command}\\b`, "m"), `--help lists ${command}`);
  }

  const parsed = run("npx", ["--no-install", "flowwatch", "parse"], app, SAMPLE);
  assert.deepEqual(JSON.parse(parsed.stdout), {
    version: 2,
    "account-id": "123456789010",
    "interface-id": "eni-1235b8ca123456789",
    srcaddr: "172.31.16.139",
    dstaddr: "172.31.16.21",
    srcport: 20641,
    dstport: 22,
    protocol: 6,
    packets: 20,
    bytes: 4249,
    start: 1418530010,
    end: 1418530070,
    action: "ACCEPT",
    "log-status": "OK",
  });

  const records = join(work, "records.log");
  writeFileSync(records, `${SAMPLE}${SAMPLE.replace("ACCEPT", "REJECT")}${SAMPLE.replace("ACCEPT", "REJECT")}`);
  const queried = run("npx", ["--no-install", "flowwatch", "query", "stats count(*) as n by action | sort action", "--file", records, "--output", "json"], app);
  assert.deepEqual(
    queried.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line)),
    [
      { action: "ACCEPT", n: "1" },
      { action: "REJECT", n: "2" },
    ],
  );
});
