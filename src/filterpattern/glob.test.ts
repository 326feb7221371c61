/** Wildcard values, including the first-occurrence rule observed on AWS. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Glob } from "./glob.js";

const g = (pattern: string, text: string): boolean => new Glob(pattern).test(text, 0, text.length);

describe("Glob", () => {
  it("matches prefixes, suffixes and infixes", () => {
    assert.equal(g("Update*", "UpdateTrail"), true);
    assert.equal(g("*Event", "PutEvent"), true);
    assert.equal(g("*html*", "GET /index.html HTTP/1.0"), true);
    assert.equal(g("*", ""), true);
    assert.equal(g("4*", "500"), false);
  });
  it("takes the last piece at its first occurrence, as AWS does", () => {
    assert.equal(g("*111.111.111", "111.111.111.111"), false);
    assert.equal(g("*.111.111.111", "111.111.111.111"), true);
    assert.equal(g("1*3", "123"), true);
    assert.equal(g("111*111", "111.111.111.111"), false);
    assert.equal(g("a*a", "a"), false);
  });
  it("tests a slice of a longer text", () => {
    const text = "xx UpdateTrail yy";
    assert.equal(new Glob("Update*").test(text, 3, 14), true);
    assert.equal(new Glob("*Trail").test(text, 3, 14), true);
    assert.equal(new Glob("*yy").test(text, 3, 14), false);
  });
});
