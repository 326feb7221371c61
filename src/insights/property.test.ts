/**
 * Properties: any query string either runs or is a MalformedQueryError, nothing else ever escapes; what runs keeps
 * the invariants of GetQueryResults; and filters over flow log fields agree with a direct evaluation of the records.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CASE_EVENTS } from "../../test/insights/query-cases.js";
import { MalformedQueryError, runQuerySync } from "./index.js";

const WORDS = [
  "fields",
  "filter",
  "stats",
  "sort",
  "limit",
  "parse",
  "display",
  "dedup",
  "pattern",
  "as",
  "by",
  "and",
  "or",
  "not",
  "like",
  "in",
  "asc",
  "desc",
  "count(*)",
  "count",
  "sum",
  "avg",
  "min",
  "max",
  "pct",
  "stddev",
  "earliest",
  "latest",
  "sortsFirst",
  "count_distinct",
  "bin",
  "datefloor",
  "concat",
  "substr",
  "isIpv4InSubnet",
  "ispresent",
  "coalesce",
  "greatest",
  "toMillis",
  "fromMillis",
  "now",
  "strlen",
  "replace",
  "srcAddr",
  "dstAddr",
  "bytes",
  "action",
  "@timestamp",
  "@message",
  "@ptr",
  "level",
  "user.id",
  "`a-b`",
  "|",
  ",",
  "(",
  ")",
  "[",
  "]",
  "=",
  "!=",
  "<",
  ">=",
  "=~",
  "+",
  "-",
  "*",
  "/",
  "^",
  "%",
  "1",
  "0",
  "17",
  "2.5",
  "5m",
  "1h",
  "100ms",
  '"REJECT"',
  "'10.0.'",
  '"[*] *"',
  '"10.0.0.0/8"',
  "/^10\\./",
  "/(?<x>\\d+)/",
  "/(/",
  "#c\n",
  "\n",
];

function check(query: string): void {
  try {
    const { results, statistics } = runQuerySync(query, CASE_EVENTS, { now: 1_700_000_000_000 });
    // Every event is read, and no command makes more rows than there are events (stats groups them, limit cuts).
    assert.equal(statistics.recordsScanned, CASE_EVENTS.length, query);
    assert.ok(statistics.recordsMatched <= statistics.recordsScanned, query);
    assert.ok(results.length <= CASE_EVENTS.length, `${query}: ${results.length} rows from ${CASE_EVENTS.length} events`);
    const limit = /\|\s*limit\s+(\d+)\s*$/.exec(query);
    if (limit) assert.ok(results.length <= Number(limit[1]), `${query}: ${results.length} rows`);
    for (const row of results) {
      for (const field of row) assert.equal(typeof field.value, "string");
      const names = row.map((f) => f.field).filter((name) => name !== "@ptr");
      assert.equal(new Set(names).size, names.length, `${query}: a field twice in ${JSON.stringify(row)}`);
    }
  } catch (e) {
    if (!(e instanceof MalformedQueryError)) throw new Error(`${JSON.stringify(query)} threw ${String(e)}`, { cause: e });
    assert.ok(e.location.startCharOffset >= 0 && e.location.endCharOffset <= query.length, `${JSON.stringify(query)}: ${e.message}`);
  }
}

/** The default format's fields as Insights discovers them (README: 14 space-separated values, `-` absent). */
const FLOW_FIELDS = [
  "version",
  "accountId",
  "interfaceId",
  "srcAddr",
  "dstAddr",
  "srcPort",
  "dstPort",
  "protocol",
  "packets",
  "bytes",
  "startTime",
  "endTime",
  "action",
  "logStatus",
];
const NUMERIC = ["srcPort", "dstPort", "protocol", "packets", "bytes", "startTime", "endTime"] as const;
const TEXT = ["srcAddr", "dstAddr", "action", "logStatus", "interfaceId"] as const;

function flowFields(message: string): Record<string, string> {
  const values = message.split(" ");
  if (values.length !== FLOW_FIELDS.length || !/^\d+$/.test(values[0] as string)) return {};
  const record: Record<string, string> = {};
  FLOW_FIELDS.forEach((name, i) => {
    if (values[i] !== "-") record[name] = values[i] as string;
  });
  return record;
}

/** A filter expression and the reference evaluation of it: true, false, or null for unknown (an absent field). */
type Condition = { text: string; holds: (record: Record<string, string>) => boolean | null };

const valuesOf = (field: string) => [...new Set(CASE_EVENTS.map((e) => flowFields(e.message)[field]).filter((v) => v !== undefined))] as string[];
const compare: Record<string, (a: number, b: number) => boolean> = {
  "=": (a, b) => a === b,
  "!=": (a, b) => a !== b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

const numericCondition: fc.Arbitrary<Condition> = fc
  .constantFrom(...NUMERIC)
  .chain((field) =>
    fc.tuple(
      fc.constant(field),
      fc.constantFrom(...Object.keys(compare)),
      fc.oneof(fc.constantFrom(...valuesOf(field).map(Number)), fc.integer({ min: -1, max: 70_000 })),
      fc.boolean(),
    ),
  )
  .map(([field, op, literal, quoted]) => ({
    // Numeric strings compare as numbers (README), so `dstPort = "22"` is `dstPort = 22`.
    text: `${field} ${op} ${quoted ? `"${literal}"` : literal}`,
    holds: (r) => (r[field] === undefined ? null : (compare[op] as (a: number, b: number) => boolean)(Number(r[field]), literal)),
  }));

const textCondition: fc.Arbitrary<Condition> = fc
  .constantFrom(...TEXT)
  .chain((field) => fc.tuple(fc.constant(field), fc.constantFrom("=", "!="), fc.constantFrom(...valuesOf(field), "nothing-like-it")))
  .map(([field, op, literal]) => ({
    text: `${field} ${op} "${literal}"`,
    holds: (r) => (r[field] === undefined ? null : (r[field] === literal) === (op === "=")),
  }));

/** SQL's three-valued logic, as the README says filter uses: unknown is neither kept nor its negation. */
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numericCondition,
    textCondition,
    fc.tuple(tie("c"), tie("c")).map(([a, b]) => ({
      text: `(${a.text}) and (${b.text})`,
      holds: (r: Record<string, string>) => {
        const [x, y] = [a.holds(r), b.holds(r)];
        return x === false || y === false ? false : x === null || y === null ? null : true;
      },
    })),
    fc.tuple(tie("c"), tie("c")).map(([a, b]) => ({
      text: `(${a.text}) or (${b.text})`,
      holds: (r: Record<string, string>) => {
        const [x, y] = [a.holds(r), b.holds(r)];
        return x === true || y === true ? true : x === null || y === null ? null : false;
      },
    })),
    tie("c").map((a) => ({
      text: `not (${a.text})`,
      holds: (r: Record<string, string>) => {
        const x = a.holds(r);
        return x === null ? null : !x;
      },
    })),
  ),
})).c;

describe("filters over flow log fields", () => {
  it("keep exactly the events a direct evaluation of the records keeps", () => {
    fc.assert(
      fc.property(condition, (c) => {
        const query = `filter ${c.text}`;
        const { results, statistics } = runQuerySync(query, CASE_EVENTS, { now: 1_700_000_000_000 });
        const kept = results.map((row) => row.find((f) => f.field === "@ptr")?.value).sort();
        const expected = CASE_EVENTS.filter((e) => c.holds(flowFields(e.message)) === true)
          .map((e) => e.ptr)
          .sort();
        assert.deepEqual(kept, expected, query);
        assert.equal(statistics.recordsMatched, expected.length, query);
      }),
      { numRuns: 500 },
    );
  });
});

describe("random queries", () => {
  it("token soup parses and runs, or is refused with a position", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }).map((ws) => ws.join(" ")),
        (q) => check(q),
      ),
      { numRuns: 1500 },
    );
  });

  it("well-formed command skeletons with random operands", () => {
    const operand = fc.constantFrom("srcAddr", "bytes", "1", '"x"', "@timestamp", "level", "bin(1h)", "abs(bytes)", "concat(srcAddr, action)");
    const command = fc.oneof(
      fc.tuple(operand, fc.constantFrom("=", "!=", "<", ">", "like"), operand).map(([a, op, b]) => `filter ${a} ${op} ${b}`),
      fc.tuple(operand, operand).map(([a, b]) => `fields ${a} as f1, ${b}`),
      fc.tuple(fc.constantFrom("count(*)", "sum(bytes)", "max(level)", "pct(bytes, 90)", "latest(action)"), operand).map(([a, b]) => `stats ${a} as s by ${b}`),
      fc.constantFrom("sort srcAddr desc", "sort s", "limit 3", "dedup action", "display srcAddr", 'parse @message "* *" as p1, p2'),
    );
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(" | ")),
        (q) => check(q),
      ),
      { numRuns: 800 },
    );
  });

  it("arbitrary text never crashes the parser", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => check(q)),
      { numRuns: 1500 },
    );
  });
});
