import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SSH_REJECT_PATTERN } from "../../../test/filterpattern/pattern-cases.js";
import { newLogs } from "../../../test/support/logs-harness.js";

const ACCEPT = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const reject = (n: number) => `2 123456789010 eni-1235b8ca123456789 198.51.100.${n} 172.31.16.21 51234 22 6 3 180 1418530010 1418530070 REJECT OK`;
type Event = { message: string; logStreamName: string };

function group() {
  const t = newLogs();
  // These cases read answers synchronously: on a loaded machine a scan past the 20 ms slice would
  // answer a promise instead (the slicing has its own tests in test/hostile/filter-log-events-budget).
  t.service.filterScan.sliceMs = 60_000;
  t.service.filterScan.callMs = 60_000;
  const now = t.clock.now();
  t.call("CreateLogGroup", { logGroupName: "g" });
  for (const s of ["eni-a", "eni-b", "other"]) t.call("CreateLogStream", { logGroupName: "g", logStreamName: s });
  const put = (stream: string, logEvents: { timestamp: number; message: string }[]) =>
    t.call("PutLogEvents", { logGroupName: "g", logStreamName: stream, logEvents });
  const filter = (input: Record<string, unknown>) => t.call("FilterLogEvents", { logGroupName: "g", ...input });
  /** Every page of a FilterLogEvents read, followed by nextToken. */
  const all = (input: Record<string, unknown>) => {
    const pages: Event[][] = [];
    let nextToken: string | undefined;
    do {
      const r = filter({ ...input, ...(nextToken ? { nextToken } : {}) });
      pages.push(r.events);
      assert.deepEqual(r.searchedLogStreams, []);
      nextToken = r.nextToken;
    } while (nextToken !== undefined);
    return pages;
  };
  return { ...t, now, put, filter, all };
}

describe("FilterLogEvents with filter patterns", () => {
  it("evaluates the flow log SSH-reject pattern exactly, across streams in timestamp order", () => {
    const t = group();
    t.put("eni-a", [
      { timestamp: t.now - 5, message: reject(1) },
      { timestamp: t.now - 3, message: ACCEPT },
      { timestamp: t.now - 1, message: reject(3) },
    ]);
    t.put("eni-b", [
      { timestamp: t.now - 4, message: reject(2) },
      { timestamp: t.now - 2, message: "not a flow record" },
    ]);
    const r = t.filter({ filterPattern: SSH_REJECT_PATTERN });
    assert.deepEqual(
      r.events.map((e: Event) => [e.logStreamName, e.message]),
      [
        ["eni-a", reject(1)],
        ["eni-b", reject(2)],
        ["eni-a", reject(3)],
      ],
    );
    assert.equal(r.nextToken, undefined);
    assert.deepEqual(r.searchedLogStreams, []);
    // interleaved is accepted and ignored, as on AWS since 2019.
    assert.deepEqual(t.filter({ filterPattern: SSH_REJECT_PATTERN, interleaved: false }).events, r.events);
  });

  it("pages matches with limit and nextToken, skipping non-matching events between pages", () => {
    const t = group();
    const events = Array.from({ length: 50 }, (_, i) => ({ timestamp: t.now - 100 + i, message: i % 5 === 0 ? reject(i) : ACCEPT }));
    t.put("eni-a", events.slice(0, 25));
    t.put("eni-b", events.slice(25));
    const pages = t.all({ filterPattern: "REJECT", limit: 3 });
    assert.deepEqual(
      pages.flat().map((e) => e.message),
      events.filter((_, i) => i % 5 === 0).map((e) => e.message),
    );
    assert.ok(pages.slice(0, -1).every((p) => p.length === 3));
    assert.deepEqual(
      t
        .all({ filterPattern: "REJECT", logStreamNames: ["eni-b"], limit: 2 })
        .flat()
        .map((e) => e.logStreamName),
      ["eni-b", "eni-b", "eni-b", "eni-b", "eni-b"],
    );
    assert.equal(t.all({ filterPattern: "REJECT", logStreamNamePrefix: "eni-a" }).flat().length, 5);
    assert.equal(t.all({ filterPattern: "REJECT", logStreamNamePrefix: "oth" }).flat().length, 0);
  });

  it("honours startTime and endTime (both inclusive) with a pattern", () => {
    const t = group();
    t.put(
      "eni-a",
      [10, 20, 30, 40].map((d) => ({ timestamp: t.now - 100 + d, message: `ERROR ${d}` })),
    );
    const got = t.filter({ filterPattern: "ERROR -40", startTime: t.now - 80, endTime: t.now - 60 });
    assert.deepEqual(
      got.events.map((e: Event) => e.message),
      ["ERROR 20", "ERROR 30"],
    );
  });

  it("a pattern that matches nothing answers an empty page and no token; blank and absent patterns match all", () => {
    const t = group();
    t.put("eni-a", [{ timestamp: t.now, message: ACCEPT }]);
    assert.deepEqual(t.filter({ filterPattern: SSH_REJECT_PATTERN }), { events: [], searchedLogStreams: [] });
    assert.equal(t.filter({ filterPattern: "" }).events.length, 1);
    assert.equal(t.filter({ filterPattern: "  " }).events.length, 1);
    assert.equal(t.filter({}).events.length, 1);
  });

  it("refuses invalid and unsupported patterns with the engine's message as InvalidParameterException", () => {
    const t = group();
    t.fails("FilterLogEvents", { logGroupName: "g", filterPattern: "10.0.0.1" }, "InvalidParameterException", "Invalid character(s) in term '.'");
    t.fails("FilterLogEvents", { logGroupName: "g", filterPattern: "{ $.a IS NOT NULL }" }, "InvalidParameterException");
    t.fails("FilterLogEvents", { logGroupName: "g", filterPattern: "[a, b" }, "InvalidParameterException", /^Invalid filter pattern: /);
    t.fails(
      "FilterLogEvents",
      { logGroupName: "g", nextToken: Buffer.from('["events",1,2]').toString("base64url") },
      "InvalidParameterException",
      "The specified nextToken is invalid.",
    );
  });

  it("caps a page at 1 MiB of matched events (UTF-8 bytes + 26 each) and continues after it", () => {
    const t = group();
    const big = "ERROR ".padEnd(200_000, "x");
    for (let i = 0; i < 8; i++) t.put(i % 2 === 0 ? "eni-a" : "eni-b", [{ timestamp: t.now - 10 + i, message: big }]);
    const pages = t.all({ filterPattern: "ERROR" });
    assert.deepEqual(
      pages.map((p) => p.length),
      [5, 3],
    );
  });
});
