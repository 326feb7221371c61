/** Runs the shared case table (test/insights/query-cases.ts) through the engine. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CASE_EVENTS, INSIGHTS_CASES } from "../../test/insights/query-cases.js";
import { MalformedQueryError, runQuery, runQuerySync } from "./index.js";

const asRows = (results: { field: string; value: string }[][]) => results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));
const orderOf = (results: { field: string; value: string }[][]) => results.map((r) => r.map((f) => f.field));

describe("insights case table", () => {
  for (const c of INSIGHTS_CASES) {
    it(c.name, () => {
      if (c.error !== undefined) {
        const error = c.error;
        assert.throws(
          () => runQuerySync(c.query, CASE_EVENTS),
          (e: unknown) => {
            assert.ok(e instanceof MalformedQueryError, String(e));
            assert.equal(e.code, "MalformedQueryException");
            assert.equal(e.location.startCharOffset, error.startCharOffset);
            assert.equal(e.location.line, error.line);
            assert.equal(e.location.position, error.position);
            assert.ok(e.location.endCharOffset >= e.location.startCharOffset);
            if (error.message !== undefined) assert.equal(e.message, error.message);
            assert.equal(e.queryCompileError.message, e.message);
            return true;
          },
        );
        return;
      }
      const { results, statistics } = runQuerySync(c.query, CASE_EVENTS);
      assert.deepEqual(asRows(results), c.rows);
      // Field order inside each row is part of AWS's shape.
      assert.deepEqual(
        orderOf(results),
        (c.rows ?? []).map((r) => Object.keys(r)),
      );
      assert.equal(statistics.recordsScanned, CASE_EVENTS.length);
    });
  }
});

describe("engine", () => {
  it("reads async iterables and reports statistics", async () => {
    async function* events() {
      yield* CASE_EVENTS;
    }
    const { results, statistics } = await runQuery('filter action="REJECT"', events());
    assert.equal(results.length, 2);
    assert.deepEqual(
      results[0]?.map((f) => f.field),
      ["@timestamp", "@message", "@logStream", "@log", "@ptr"],
    );
    assert.equal(statistics.recordsMatched, 2);
    assert.equal(statistics.recordsScanned, 8);
    assert.equal(
      statistics.bytesScanned,
      CASE_EVENTS.reduce((n, e) => n + Buffer.byteLength(e.message), 0),
    );
  });

  it("caps results at maxRows (StartQuery's limit)", () => {
    assert.equal(runQuerySync("fields @message", CASE_EVENTS, { maxRows: 3 }).results.length, 3);
    assert.equal(runQuerySync("stats count(*) by @ptr", CASE_EVENTS, { maxRows: 5 }).results.length, 5);
  });

  it("gives partial results while events still arrive", async () => {
    const { compileQuery } = await import("./index.js");
    const run = compileQuery("stats count(*) as n").start();
    run.add(CASE_EVENTS[0] as (typeof CASE_EVENTS)[number]);
    assert.deepEqual(run.results().results, [[{ field: "n", value: "1" }]]);
    run.add(CASE_EVENTS[1] as (typeof CASE_EVENTS)[number]);
    assert.deepEqual(run.results().results, [[{ field: "n", value: "2" }]]);
  });

  it("reports now() from the injected clock, in seconds", () => {
    const { results } = runQuerySync("fields now() as t | limit 1", CASE_EVENTS, { now: 1_700_000_000_500 });
    assert.equal(results[0]?.[0]?.value, "1700000000");
  });

  it("does not discover flow fields in messages that are not default-format records", () => {
    const odd = [{ ...(CASE_EVENTS[0] as (typeof CASE_EVENTS)[number]), message: "2 123456789010 eni-aaa 10.0.1.5 extra" }];
    assert.deepEqual(runQuerySync("stats count(srcAddr) as n", odd).results, [[{ field: "n", value: "0" }]]);
  });

  it("reads flow fields alike from short messages (copied out before splitting) and long ones (read in place)", () => {
    const base = CASE_EVENTS[0] as (typeof CASE_EVENTS)[number];
    const long = `eni-${"a".repeat(5000)}`;
    const events = [
      { ...base, message: `2 123456789010 ${long} 10.0.1.5 10.0.2.9 443 49152 6 10 8400 1700000000 1700000060 ACCEPT OK` },
      { ...base, message: "2 123456789010 eni-é\t10.0.1.5 10.0.2.9 443 49152 6 10 600 1700000000 1700000060 ACCEPT OK" },
      { ...base, message: `{"note": "${"x ".repeat(3000)}"}` },
    ];
    const { results } = runQuerySync("stats sum(bytes) as b, count(interfaceId) as i by srcAddr, dstAddr", events);
    assert.deepEqual(asRows(results), [{ srcAddr: "10.0.1.5", dstAddr: "10.0.2.9", b: "9000", i: "2" }, { i: "0" }]);
    assert.equal(asRows(runQuerySync("fields interfaceId | filter ispresent(interfaceId)", events).results)[1]?.interfaceId, "eni-é");
  });

  it("sort | limit after stats keeps the rows a stable sort keeps, ties in group order", () => {
    const events = Array.from({ length: 40 }, (_, i) => ({ timestamp: 1000 + i, ingestionTime: 1000, message: `m${i % 13}`, logStream: "s", log: "a:g" }));
    const values = (q: string) => runQuerySync(q, events).results.map((r) => r.map((f) => f.value).join(","));
    assert.deepEqual(values("stats count(*) as n by @message | fields n * 0 as z | sort z desc | limit 4"), ["m0,4,0", "m1,3,0", "m2,3,0", "m3,3,0"]);
    assert.deepEqual(values("stats count(*) as n by @message | sort n asc | limit 3"), ["m1,3", "m2,3", "m3,3"]);
  });

  it("returns no rows for stats over no events", () => {
    assert.deepEqual(runQuerySync("stats count(*)", []).results, []);
  });
});
