import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";

const main = new URL("../main.ts", import.meta.url).pathname;
const flowwatch = (args: string[], input?: string | Buffer) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], { input, encoding: "utf8", timeout: 30_000 });

const accept = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const nodata = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA";

describe("flowwatch parse", () => {
  test("standard input to JSON lines keyed by AWS's field names, absent values null", () => {
    const run = flowwatch(["parse"], `${accept}\n${nodata}\n`);
    assert.equal(run.status, 0, run.stderr);
    const [first, second] = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.equal(first["log-status"], "OK");
    assert.equal(first.dstport, 22);
    assert.equal(second.srcaddr, null);
    assert.equal(second["log-status"], "NODATA");
  });

  test("gzip files, CSV with a header, a custom format", () => {
    const dir = mkdtempSync(join(tmpdir(), "flowwatch-parse-"));
    const file = join(dir, "flows.log.gz");
    writeFileSync(file, gzipSync("10.0.0.1 443 ACCEPT\n10.0.0.2 22 REJECT\n"));
    const run = flowwatch(["parse", file, "--format", "${srcaddr} ${dstport} ${action}", "--output", "csv"]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "srcaddr,dstport,action\n10.0.0.1,443,ACCEPT\n10.0.0.2,22,REJECT\n");
  });

  test("a table has a header row and aligned columns", () => {
    const run = flowwatch(["parse", "--output", "table"], `${accept}\n`);
    assert.equal(run.status, 0, run.stderr);
    const [header, row] = run.stdout.split("\n");
    assert.match(header ?? "", /^version\s+account-id\s+interface-id/);
    assert.equal((row ?? "").indexOf("123456789010"), (header ?? "").indexOf("account-id"));
  });

  test("bad lines are reported by line number and make the exit status 1", () => {
    const run = flowwatch(["parse"], `${accept}\nnot a record\n${accept}\n`);
    assert.equal(run.status, 1);
    assert.equal(run.stdout.trim().split("\n").length, 2);
    assert.match(run.stderr, /stdin: line 2: /);
  });

  test("--skip-bad skips them and exits 0", () => {
    const run = flowwatch(["parse", "--skip-bad"], `${accept}\nnot a record\n`);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /skipped 1 bad line/);
  });

  test("a bad format is a usage error naming the field", () => {
    const run = flowwatch(["parse", "--format", "${srcaddr} ${nope}"], "");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown field 'nope' at column 12/);
  });
});
