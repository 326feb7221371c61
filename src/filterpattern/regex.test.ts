/** The regex subset: what it accepts, what it refuses, and the semantics chosen where AWS is silent. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FilterPatternError } from "./errors.js";
import { MAX_PROGRAM, Regex } from "./regex.js";

const r = (src: string, text: string): boolean => new Regex(src).test(text);

describe("Regex", () => {
  it("searches anywhere unless anchored", () => {
    assert.equal(r("b", "abc"), true);
    assert.equal(r("^b", "abc"), false);
    assert.equal(r("c$", "abc"), true);
    assert.equal(r("^abc$", "abc"), true);
    assert.equal(r("^$", ""), true);
  });
  it("supports classes, shorthands, escapes and counted repetition", () => {
    assert.equal(r("[^0-9]{3}", "12ab3"), false);
    assert.equal(r("[^0-9]{2}", "12ab3"), true);
    assert.equal(r("\\w+@\\w+", "mail bob@example"), true);
    assert.equal(r("a\\{b", "a{b"), true);
    assert.equal(r("x{2,}", "axxb"), true);
    assert.equal(r("[-a]", "-"), true);
    assert.equal(r("\\t", "a\tb"), true);
    assert.equal(r("a]}", "a]}"), true);
  });
  it("lets '.' match anything but a newline, and a surrogate pair as one character", () => {
    assert.equal(r("a.b", "a\nb"), false);
    assert.equal(r("a.b", "a\rb"), true);
    assert.equal(r("^.$", "😀"), true);
    assert.equal(r("[^a]", "é"), true);
    assert.equal(r("\\W", "é"), true);
  });
  it("refuses what AWS does not document", () => {
    for (const src of [
      "(a)",
      "a b",
      "a!",
      "\\b",
      "\\1",
      "\\x41",
      "\\p{L}",
      "a*+",
      "a**",
      "*a",
      "a{",
      "a{x}",
      "a{3,2}",
      "[a",
      "[]",
      "[[a]]",
      "[z-a]",
      "a|",
      "|a",
      "^*",
      "é",
    ]) {
      assert.throws(() => new Regex(src), FilterPatternError, src);
    }
  });
  it("caps the size of a compiled regex", () => {
    assert.throws(() => new Regex("a{1000}b{1000}"), new RegExp(`larger than ${MAX_PROGRAM}`));
    assert.equal(new Regex("a{1000}").test("a".repeat(1000)), true);
  });
  it("tests a slice, anchoring at its ends", () => {
    const re = new Regex("^b.$");
    assert.equal(re.test("abcd", 1, 3), true);
    assert.equal(re.test("abcd", 1, 4), false);
  });
});
