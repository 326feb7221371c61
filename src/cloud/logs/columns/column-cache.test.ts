/** The column cache: columns are built once and read again; past the budget the oldest go and are rebuilt from the chunk's text, equal. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DecodedChunk, encodeChunk } from "../chunk.js";
import { ColumnCache } from "./column-cache.js";

function chunk(id: number, messages: string[]): { chunk: DecodedChunk } {
  const events = messages.map((message, i) => ({ timestamp: 1000 + i, message }));
  const sizes = Uint32Array.from(messages, (m) => Buffer.byteLength(m));
  const data = encodeChunk(
    events,
    sizes,
    0,
    events.length,
    sizes.reduce((a, b) => a + b, 0),
  );
  return { chunk: new DecodedChunk(id, 5, data) };
}

const flows = (n: number, seed: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `2 123456789010 eni-${seed} 10.0.${seed}.${i % 200} 10.1.0.${i % 7} ${1024 + i} 443 6 ${i % 9} ${i * 10} 1700000000 1700000060 ${i % 4 ? "ACCEPT" : "REJECT"} OK`,
  );

describe("ColumnCache", () => {
  it("reads columns built once; when full it keeps what it holds and builds the others again, equal, on each read", () => {
    const first = chunk(1, flows(500, 1));
    const second = chunk(2, flows(500, 2));
    const cache = new ColumnCache(1);
    const kept = cache.of(200, second.chunk);
    const built = cache.of(100, first.chunk);
    assert.equal(cache.of(200, second.chunk), kept, "held: the same columns");
    assert.equal(cache.rebuilt, 2);
    assert.equal(built.heldCount, 500);
    assert.equal(built.value(3, 7), "10.0.1.7");
    assert.equal(built.value(9, 7), 70);
    // Over the budget, the first chunk's columns were not kept: read again, they are built again.
    const rebuilt = cache.of(100, first.chunk);
    assert.equal(cache.rebuilt, 3);
    assert.notEqual(rebuilt, built);
    assert.deepEqual(rebuilt.numbers, built.numbers);
    assert.deepEqual(rebuilt.codes, built.codes);
    assert.deepEqual(rebuilt.dictionaries, built.dictionaries);
    assert.ok(cache.heldBytes >= rebuilt.bytes);
  });

  it("holds within its budget and forgets everything on clear", () => {
    const cache = new ColumnCache(200_000);
    for (let i = 0; i < 20; i++) {
      const c = chunk(i, flows(1000, i));
      cache.of(i * 1000, c.chunk);
    }
    assert.ok(cache.heldBytes <= 200_000, `${cache.heldBytes} bytes held`);
    assert.ok(cache.heldBytes > 0);
    cache.clear();
    assert.equal(cache.heldBytes, 0);
  });
});
