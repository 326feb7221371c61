/** How events are split into fields for space-delimited patterns. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FieldSplitter } from "./message-fields.js";

function fields(message: string): string[] {
  const splitter = new FieldSplitter();
  const n = splitter.split(message);
  return Array.from({ length: n }, (_, i) => message.slice(splitter.starts[i], splitter.ends[i]));
}

describe("FieldSplitter", () => {
  it("splits on runs of spaces; a tab is an ordinary character", () => {
    assert.deepEqual(fields(" a b  c\td "), ["a", "b", "c\td"]);
    assert.deepEqual(fields("   "), []);
    assert.deepEqual(fields(""), []);
  });
  it("keeps quoted and bracketed text as one field without its delimiters", () => {
    assert.deepEqual(fields('127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'), [
      "127.0.0.1",
      "-",
      "frank",
      "10/Oct/2000:13:25:15 -0700",
      "GET /index.html HTTP/1.0",
      "404",
      "1534",
    ]);
    assert.deepEqual(fields('"" []'), ["", ""]);
  });
  it("reads an unterminated quote or bracket as an ordinary character", () => {
    assert.deepEqual(fields('a "b c'), ["a", '"b', "c"]);
    assert.deepEqual(fields("a [b c"), ["a", "[b", "c"]);
  });
  it("only a quote or bracket at the start of a field groups", () => {
    assert.deepEqual(fields('a"b c" d'), ['a"b', 'c"', "d"]);
    assert.deepEqual(fields('"a b"c'), ["a b", "c"]);
  });
  it("grows past its initial capacity", () => {
    assert.equal(fields(Array.from({ length: 500 }, (_, i) => String(i)).join(" ")).length, 500);
  });
});
