/** Refused queries: each is a MalformedQueryError with AWS's code, message shape and a position. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileQuery, MalformedQueryError } from "./index.js";

/** Each query with the text at which the error should point (its first occurrence, or at the end for ""). */
const REFUSED: readonly [query: string, at: string][] = [
  ["filter", ""],
  ["filter action =", ""],
  ["fields a,", ""],
  ["| filter a", "|"],
  ["filter a | | stats count()", "| stats"],
  ["stats count(*) by", ""],
  ["sort", ""],
  ["limit x", "x"],
  ["limit 2.5", "2.5"],
  ["limit 0", "limit"],
  ["filter a = 'unterminated", "'unterminated"],
  ["filter a like /unterminated", "/unterminated"],
  ["filter a like /(/", "/(/"],
  ["filter a ~ b", "~"],
  ["filter a = b c", "c"],
  ["fields a as", ""],
  ["fields (a + b", ""],
  ["fields a + * b", "*"],
  ["fields 5x", "x"],
  ["fields bin(5x)", "x"],
  ["fields bin(5)", "5"],
  ["fields abs()", "abs()"],
  ["fields abs(1, 2)", "abs(1, 2)"],
  ["fields jsonParse(@message)", "jsonParse"],
  ["fields 5m", "5m"],
  ["filter sum(bytes) > 1", "sum"],
  ["stats bytes by srcAddr", "bytes"],
  ["stats count(*) as n, sum(bytes) as n", "n\u0000"],
  ["stats count(*) | stats count(*) | stats count(*)", "stats count(*)\u0002"],
  ["display a | stats count(*)", "stats"],
  ["stats pct(bytes, 101)", "101"],
  ["stats pct(bytes, p)", "p)"],
  ["stats sum(*)", "sum(*)"],
  ['filter isIpv4InSubnet(srcAddr, "10.0.0.0/33")', '"10.0.0.0/33"'],
  ['filter isIpv6InSubnet(srcAddr, "10.0.0.0/8")', '"10.0.0.0/8"'],
  ['parse @message "no star" as a', '"no star"'],
  ['parse @message "* *" as a', '"* *"'],
  ["parse @message /(no named group)/", "/(no named group)/"],
  ["parse @message", ""],
  ["dedup a | filter b", "filter"],
  ["unnest a", "unnest"],
  ["SOURCE logGroups()", "SOURCE"],
  ["filter a like /x/ and `unterminated", "`unterminated"],
  ["fields ``", "``"],
  ["fields é", "é"],
  ["sort a asc desc", "desc"],
  ["filter not", ""],
  ["filter a in 1", "1"],
  ["filter a in [1, 2", ""],
];

function offsetOf(query: string, at: string): number {
  if (at === "") return query.length;
  // A trailing \u0000 means the last occurrence, \u0002 the third; enough for this table.
  if (at.endsWith("\u0000")) return query.lastIndexOf(at.slice(0, -1));
  if (at.endsWith("\u0002")) {
    const text = at.slice(0, -1);
    return query.indexOf(text, query.indexOf(text, query.indexOf(text) + 1) + 1);
  }
  return query.indexOf(at);
}

describe("malformed queries", () => {
  for (const [query, at] of REFUSED) {
    it(query, () => {
      assert.throws(
        () => compileQuery(query),
        (e: unknown) => {
          assert.ok(e instanceof MalformedQueryError, `${query}: ${String(e)}`);
          assert.equal(e.code, "MalformedQueryException");
          assert.equal(e.location.startCharOffset, offsetOf(query, at), e.message);
          assert.match(e.message, / at line \d+ and position \d+$/);
          return true;
        },
      );
    });
  }

  it("counts lines from 1 and positions from 0 within the line, as AWS's messages do", () => {
    try {
      compileQuery("fields a\n| filter b =\n| limit 1");
      assert.fail("should have thrown");
    } catch (e) {
      assert.ok(e instanceof MalformedQueryError);
      assert.equal(e.message, "unexpected symbol found | at line 3 and position 0");
      assert.deepEqual(e.queryCompileError, { location: { startCharOffset: 22, endCharOffset: 23 }, message: e.message });
    }
  });

  it("accepts what it should not refuse", () => {
    for (const query of [
      "",
      "# only a comment",
      "fields `foo-bar`, action",
      "filter a.b.c = 1",
      "stats count() by bin(30s)",
      "filter x =~ /a/ or x =~ 'b'",
      "fields -bytes * 2 ^ 2 % 7 as y",
      'filter Type not in ["foo", "bar", 1]',
    ]) {
      assert.doesNotThrow(() => compileQuery(query), query);
    }
  });
});
