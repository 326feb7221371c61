/**
 * `query --file` through column batches gives what the text path gives over the same lines: a file with
 * a header line, blank and CRLF lines, odd and non-flow lines, lines across the 64 KiB reads and a long
 * last line without a line end; the text path's answer is runQuerySync over the lines as addLines reads them.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, test } from "node:test";
import { EVENTS } from "../../../test/support/flow-samples.js";
import { compileQuery, type InsightsEvent, runQuerySync } from "../../insights/index.js";
import { localSource } from "./file-sources.js";
import { fileRunner } from "./query-runner.js";

const dir = mkdtempSync(join(tmpdir(), "flowwatch-file-batches-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const ODD = [
  "",
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT OK\r",
  '{"srcAddr":"10.9.9.9","bytes":5}',
  "2 1 eni-x 10.0.0.1 10.0.0.2 80 443 6 1.5 99 1 2 ACCEPT OK",
  "héllo wörld",
];

const lines: string[] = ["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"];
for (let r = 0; r < 6; r++) {
  EVENTS.forEach((e, i) => {
    lines.push(e.message);
    if (i % 13 === 0) lines.push(ODD[(i + r) % ODD.length] as string);
  });
}
const last = `${"x".repeat(70_000)} 2`;

/** The text path's reading of a line (query-runner.ts addLines, startMs). */
function startMs(line: string): number {
  let i = 0;
  for (let f = 0; f < 10; f++) {
    const s = line.indexOf(" ", i);
    if (s < 0) return 0;
    i = s + 1;
  }
  let v = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return v * 1000;
}

test("query --file over column batches gives the text path's rows and statistics", async () => {
  const path = join(dir, "flows.log");
  writeFileSync(path, `${lines.join("\n")}\n${last}`);
  const events: InsightsEvent[] = [...lines.slice(1), last]
    .filter((l) => l !== "")
    .map((message) => ({ timestamp: startMs(message), ingestionTime: startMs(message), message, logStream: basename(path), log: path }));
  const queries = [
    "stats count(*), sum(bytes), avg(bytes) by srcAddr, dstAddr",
    'filter action = "REJECT" | stats count(*) as n by srcAddr | sort n desc | limit 5',
    "stats count(*) by bin(30m), action",
    "filter dstPort = 22 | fields srcAddr, @timestamp | limit 20",
    "stats max(bytes), min(packets), count(srcAddr) by logStatus",
  ];
  const run = fileRunner([localSource(path)]);
  for (const q of queries) {
    assert.notEqual(compileQuery(q).columnar, null, q);
    const got = await run(q);
    const want = runQuerySync(q, events);
    assert.ok(want.results.length > 0, q);
    assert.deepEqual(
      got.rows,
      want.results.map((row) => Object.fromEntries(row.map((f) => [f.field, f.value]))),
      q,
    );
    assert.deepEqual(got.statistics, want.statistics, q);
  }
});
