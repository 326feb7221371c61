import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeHybrid, encodeLevelsV1 } from "./levels.js";
import { CompactType, CompactWriter } from "./thrift-compact.js";

test("compact protocol: short field deltas share the type byte, long jumps carry a zigzag id", () => {
  const bytes = CompactWriter.struct((w) => w.i32(1, 1).i32(20, -1).i64(21, 300n).bool(22, true).bool(23, false));
  // 0x15 = delta 1, I32; 0x02 = zigzag(1). 0x05 = I32 without delta, 0x28 = zigzag(20), 0x01 = zigzag(-1).
  // 0x16 = delta 1, I64; 0xd8 0x04 = zigzag(300) = 600. 0x11 / 0x12 = booleans in the type nibble. 0x00 = STOP.
  assert.deepEqual([...bytes], [0x15, 0x02, 0x05, 0x28, 0x01, 0x16, 0xd8, 0x04, 0x11, 0x12, 0x00]);
});

test("compact protocol: lists of fewer than 15 elements put the size in the header, longer ones after it", () => {
  const short = CompactWriter.struct((w) => w.list(1, CompactType.I32, [1, 2], (l, v) => l.elementI32(v)));
  assert.deepEqual([...short], [0x19, 0x25, 0x02, 0x04, 0x00]);
  const long = CompactWriter.struct((w) =>
    w.list(
      1,
      CompactType.BINARY,
      Array.from({ length: 15 }, () => "a"),
      (l, v) => l.elementString(v),
    ),
  );
  assert.deepEqual([...long.subarray(0, 3)], [0x19, 0xf8, 15]);
  assert.equal(long.length, 3 + 15 * 2 + 1);
});

test("compact protocol: nested structs restart field deltas and end with STOP", () => {
  const bytes = CompactWriter.struct((w) =>
    w
      .i32(5, 0)
      .struct(6, (s) => s.string(1, "ab"))
      .i32(7, 0),
  );
  assert.deepEqual([...bytes], [0x55, 0x00, 0x1c, 0x18, 0x02, 0x61, 0x62, 0x00, 0x15, 0x00, 0x00]);
});

test("RLE hybrid: a long run is one RLE run, a mixed stretch is bit-packed groups of eight", () => {
  assert.deepEqual([...encodeHybrid(new Array(10).fill(1), 1)], [10 << 1, 1]);
  assert.deepEqual([...encodeHybrid([1, 0, 1], 1)], [(1 << 1) | 1, 0b101]);
  // Eight mixed levels, then a run of 20 zeros: one bit-packed group, then an RLE run.
  assert.deepEqual([...encodeHybrid([1, 0, 1, 1, 0, 0, 1, 0, ...new Array(20).fill(0)], 1)], [3, 0b01001101, 40, 0]);
  // Runs longer than 63 take a multi-byte varint header.
  assert.deepEqual([...encodeHybrid(new Array(1000).fill(1), 1)], [0xd0, 0x0f, 1]);
});

test("RLE hybrid: data page v1 prefixes the levels with their length", () => {
  assert.deepEqual([...encodeLevelsV1([1, 0, 1], 1)], [2, 0, 0, 0, 3, 0b101]);
});
