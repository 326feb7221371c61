/** linesOfBatches gives exactly linesOf's lines, whatever the block boundaries. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { linesOf, linesOfBatches } from "./reader.js";

const chunked = (data: Buffer, size: number) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    })(),
  );

const texts = ["", "\n", "a", "a\n", "a\nb", "a\r\n\r\nb\n\n", "héllo wörld\n✓ ok\n", `${"x\n".repeat(50)}tail`];

test("linesOfBatches: the lines of linesOf, never an empty batch, for any chunking, plain and gzip", async () => {
  for (const text of texts) {
    for (const data of [Buffer.from(text), gzipSync(Buffer.from(text))]) {
      for (const size of [1, 2, 3, 7, 1000]) {
        const expected: string[] = [];
        for await (const line of linesOf(chunked(data, size))) expected.push(line);
        const got: string[] = [];
        for await (const batch of linesOfBatches(chunked(data, size))) {
          assert.ok(batch.length > 0);
          got.push(...batch);
        }
        assert.deepEqual(got, expected, JSON.stringify({ text, size }));
      }
    }
  }
});
