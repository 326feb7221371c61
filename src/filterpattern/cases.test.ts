/** Runs the shared case table through the engine: every AWS example matches as documented or observed. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ERROR_CASES, MATCH_CASES } from "../../test/filterpattern/pattern-cases.js";
import { FieldSplitter, FilterPatternError, compile } from "./index.js";

describe("filter pattern case table", () => {
  for (const c of MATCH_CASES) {
    it(`${c.pattern} ${c.expected ? "matches" : "does not match"} ${JSON.stringify(c.message).slice(0, 80)}`, () => {
      const matcher = compile(c.pattern);
      assert.equal(matcher.matches(c.message), c.expected, c.source);
      const result = matcher.match(c.message);
      assert.equal(result.matched, c.expected, c.source);
      if (c.fields) assert.deepEqual(result.fields, c.fields, c.source);
    });
  }
});

describe("space-delimited rows on a message split once (matchesFields, fieldIndex)", () => {
  const splitter = new FieldSplitter();
  for (const c of MATCH_CASES.filter((row) => compile(row.pattern).kind === "space-delimited")) {
    it(`${c.pattern} on ${JSON.stringify(c.message).slice(0, 60)}`, () => {
      const matcher = compile(c.pattern);
      splitter.split(c.message);
      assert.equal(matcher.matchesFields?.(splitter), c.expected, c.source);
      for (const [reference, value] of Object.entries(c.fields ?? {})) {
        const f = matcher.fieldIndex?.(splitter, reference) as number;
        assert.equal(c.message.slice(splitter.starts[f], splitter.ends[f]), value, reference);
        assert.equal(matcher.valueOf(c.message, reference), value, reference);
      }
    });
  }
});

describe("invalid patterns", () => {
  for (const c of ERROR_CASES) {
    it(`rejects ${JSON.stringify(c.pattern).slice(0, 60)}`, () => {
      assert.throws(
        () => compile(c.pattern),
        (e: unknown) => {
          assert.ok(e instanceof FilterPatternError, `not a FilterPatternError: ${String(e)}`);
          assert.equal(e.code, "InvalidParameterException");
          if (c.message !== undefined) assert.equal(e.message, c.message, c.source);
          return true;
        },
      );
    });
  }
});
