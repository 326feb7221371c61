import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { FlowLogError } from "./errors.js";
import { parseFormat } from "./format.js";
import type { FlowRecord } from "./record.js";
import { linesOf, readRecords, type ReadStats } from "./reader.js";

const accept = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const reject = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";

async function collect(source: Readable, options = {}): Promise<{ records: FlowRecord[]; stats: ReadStats }> {
  const records: FlowRecord[] = [];
  const iterator = readRecords(source, options);
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { records, stats: next.value };
    records.push(next.value);
  }
}

/** A source that delivers its text in small chunks, so lines and UTF-8 characters straddle chunks. */
const chunked = (data: Buffer, size = 7) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    })(),
  );

describe("reader", () => {
  test("plain text in small chunks, CRLF line ends, blank lines", async () => {
    const { records, stats } = await collect(chunked(Buffer.from(`${accept}\r\n\r\n${reject}`)));
    assert.deepEqual(
      records.map((r) => r.action),
      ["ACCEPT", "REJECT"],
    );
    assert.equal(stats.records, 2);
    assert.equal(stats.lines, 3);
  });
  test("gzip is detected by its magic bytes", async () => {
    const { records } = await collect(chunked(gzipSync(`${accept}\n${reject}\n`), 5));
    assert.deepEqual(
      records.map((r) => r.dstport),
      [22, 3389],
    );
  });
  test("a header line sets the format, as S3 files begin", async () => {
    const { records, stats } = await collect(Readable.from([`version srcaddr dstport action\n5 10.0.0.1 443 ACCEPT\n`]));
    assert.deepEqual(records, [{ version: 5, srcaddr: "10.0.0.1", dstport: 443, action: "ACCEPT" }]);
    assert.equal(stats.format.text, "${version} ${srcaddr} ${dstport} ${action}");
  });
  test("an explicit format wins and a matching header is skipped", async () => {
    const format = parseFormat("${srcaddr} ${dstport}");
    const { records } = await collect(Readable.from(["srcaddr dstport\n10.0.0.1 80\n"]), { format });
    assert.deepEqual(records, [{ srcaddr: "10.0.0.1", dstport: 80 }]);
  });
  test("a bad line throws with its line number", async () => {
    await assert.rejects(collect(Readable.from([`${accept}\n${accept}\nbad line\n`])), (error: unknown) => {
      assert.ok(error instanceof FlowLogError);
      assert.equal(error.line, 3);
      return true;
    });
  });
  test("lenient mode skips bad lines and counts them", async () => {
    const bad: number[] = [];
    const { records, stats } = await collect(Readable.from([`bad\n${accept}\n${accept} x\n${reject}\n`]), {
      lenient: true,
      onBadLine: (e: FlowLogError) => bad.push(e.line ?? 0),
    });
    assert.equal(records.length, 2);
    assert.equal(stats.bad, 2);
    assert.deepEqual(bad, [1, 3]);
  });
  test("multi-byte characters split across chunks survive", async () => {
    const lines: string[] = [];
    for await (const line of linesOf(chunked(Buffer.from("héllo wörld\n✓ ok"), 1))) lines.push(line);
    assert.deepEqual(lines, ["héllo wörld", "✓ ok"]);
  });
});
