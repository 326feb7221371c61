/** Parse globs against the regex they stand for, and regex refusals located in the query. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MalformedQueryError } from "./errors.js";
import { Glob, toRegex } from "./regex.js";

/** The glob as a backtracking regex: `*` lazy, a trailing `*` greedy, the rest literal. */
function globRegExp(glob: string): RegExp {
  const parts = glob.split("*");
  let body = "";
  parts.forEach((part, i) => {
    body += part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    if (i < parts.length - 1) body += i === parts.length - 2 && parts[parts.length - 1] === "" ? "(.*)" : "(.*?)";
  });
  return new RegExp(body, "s");
}

describe("parse globs", () => {
  it("capture what the regex they stand for captures", () => {
    const chars = fc.constantFrom("a", "b", " ", "*", "[", "\n");
    const glob = fc
      .array(chars, { minLength: 1, maxLength: 8 })
      .map((cs) => cs.join(""))
      .filter((g) => g.includes("*"));
    const value = fc.array(fc.constantFrom("a", "b", " ", "[", "\n", "x"), { maxLength: 16 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(glob, value, (g, v) => {
        const expected = globRegExp(g).exec(v);
        const got = new Glob(g).exec(v);
        assert.deepEqual(got?.groups ?? null, expected === null ? null : [...expected], `${JSON.stringify(g)} on ${JSON.stringify(v)}`);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("toRegex", () => {
  it("locates a refused regex at its token and names the character", () => {
    const query = "filter @message like /a\\/(?=b)/";
    assert.throws(
      () => toRegex(query, "a/(?=b)", { start: 21, end: query.length }),
      (e: unknown) => {
        assert.ok(e instanceof MalformedQueryError);
        assert.equal(e.location.startCharOffset, 21);
        assert.match(e.message, /lookaround assertions are not supported \(character 4 of the regex\)/);
        return true;
      },
    );
  });
});
