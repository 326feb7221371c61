/** Property: any query string either runs or is a MalformedQueryError; nothing else ever escapes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CASE_EVENTS } from "./cases.js";
import { MalformedQueryError, runQuerySync } from "./index.js";

const WORDS = [
  "fields", "filter", "stats", "sort", "limit", "parse", "display", "dedup", "pattern", "as", "by", "and", "or", "not", "like", "in", "asc", "desc",
  "count(*)", "count", "sum", "avg", "min", "max", "pct", "stddev", "earliest", "latest", "sortsFirst", "count_distinct", "bin", "datefloor",
  "concat", "substr", "isIpv4InSubnet", "ispresent", "coalesce", "greatest", "toMillis", "fromMillis", "now", "strlen", "replace",
  "srcAddr", "dstAddr", "bytes", "action", "@timestamp", "@message", "@ptr", "level", "user.id", "`a-b`",
  "|", ",", "(", ")", "[", "]", "=", "!=", "<", ">=", "=~", "+", "-", "*", "/", "^", "%",
  "1", "0", "17", "2.5", "5m", "1h", "100ms", '"REJECT"', "'10.0.'", '"[*] *"', '"10.0.0.0/8"', "/^10\\./", "/(?<x>\\d+)/", "/(/", "#c\n", "\n",
];

function check(query: string): void {
  try {
    const { results } = runQuerySync(query, CASE_EVENTS, { now: 1_700_000_000_000 });
    assert.ok(Array.isArray(results));
    for (const row of results) for (const field of row) assert.equal(typeof field.value, "string");
  } catch (e) {
    if (!(e instanceof MalformedQueryError)) throw new Error(`${JSON.stringify(query)} threw ${String(e)}`, { cause: e });
    assert.ok(e.location.startCharOffset >= 0 && e.location.endCharOffset <= query.length, `${JSON.stringify(query)}: ${e.message}`);
  }
}

describe("random queries", () => {
  it("token soup parses and runs, or is refused with a position", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }).map((ws) => ws.join(" ")), (q) => check(q)), { numRuns: 1500 });
  });

  it("well-formed command skeletons with random operands", () => {
    const operand = fc.constantFrom("srcAddr", "bytes", "1", '"x"', "@timestamp", "level", "bin(1h)", "abs(bytes)", "concat(srcAddr, action)");
    const command = fc.oneof(
      fc.tuple(operand, fc.constantFrom("=", "!=", "<", ">", "like"), operand).map(([a, op, b]) => `filter ${a} ${op} ${b}`),
      fc.tuple(operand, operand).map(([a, b]) => `fields ${a} as f1, ${b}`),
      fc.tuple(fc.constantFrom("count(*)", "sum(bytes)", "max(level)", "pct(bytes, 90)", "latest(action)"), operand).map(([a, b]) => `stats ${a} as s by ${b}`),
      fc.constantFrom("sort srcAddr desc", "sort s", "limit 3", "dedup action", "display srcAddr", 'parse @message "* *" as p1, p2'),
    );
    fc.assert(fc.property(fc.array(command, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(" | ")), (q) => check(q)), { numRuns: 800 });
  });

  it("arbitrary text never crashes the parser", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (q) => check(q)), { numRuns: 1500 });
  });
});
