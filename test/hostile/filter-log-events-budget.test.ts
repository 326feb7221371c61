/**
 * Hostile input, issue 15 item 3: one FilterLogEvents over a large range must neither hold the server's
 * only thread for its whole scan nor scan without end; it yields between slices and, past its budget,
 * answers a page (maybe empty) with a nextToken that continues where it stopped, as AWS does.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../support/logs-harness.js";
import type { LogsServiceDefinition } from "../../src/cloud/logs/service.js";

const EVENTS = 60_000;
/** Every 997th event matches: a selective pattern over a large range. */
const message = (i: number) => `${i % 997 === 0 ? "needle" : "hay"} ${i} ${"x".repeat(80)}`;

function bigGroup() {
  const t = newLogs();
  const now = t.clock.now();
  t.call("CreateLogGroup", { logGroupName: "g" });
  t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
  for (let i = 0; i < EVENTS; i += 5_000) {
    const logEvents = Array.from({ length: 5_000 }, (_, k) => ({ timestamp: now - 60_000 + Math.floor((i + k) / 100), message: message(i + k) }));
    t.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents });
  }
  const limits = (t.service as LogsServiceDefinition).filterScan;
  return { ...t, limits };
}

type Page = { events: { message: string }[]; nextToken?: string };

describe("FilterLogEvents under a scan budget (hostile: issue 15)", () => {
  it("past its bytes budget a call answers what it found with a nextToken; the pages together hold every match once", async () => {
    const t = bigGroup();
    assert.ok(t.limits, "the service exposes its FilterLogEvents scan budgets");
    t.limits.callBytes = 500_000;
    const first = (await t.call("FilterLogEvents", { logGroupName: "g", filterPattern: "needle" })) as Page;
    assert.ok(first.nextToken, "a call that stopped at its budget gives a nextToken");
    assert.ok(first.events.length < Math.ceil(EVENTS / 997), "the first call did not scan the whole range");
    const found: string[] = first.events.map((e) => e.message);
    let nextToken: string | undefined = first.nextToken;
    let calls = 1;
    while (nextToken !== undefined && calls < 1000) {
      const page = (await t.call("FilterLogEvents", { logGroupName: "g", filterPattern: "needle", nextToken })) as Page;
      found.push(...page.events.map((e) => e.message));
      nextToken = page.nextToken;
      calls++;
    }
    assert.equal(nextToken, undefined, "the pages end");
    const expected = Array.from({ length: EVENTS }, (_, i) => i)
      .filter((i) => i % 997 === 0)
      .map(message);
    assert.deepEqual(found, expected);
    // ~8.4 MB of messages at 0.5 MB a call: the budget, not the range, sized the calls.
    assert.ok(calls >= 10, `${calls} calls`);
  });

  it("a pattern that matches nothing gets empty pages with a nextToken, as AWS may answer", async () => {
    const t = bigGroup();
    t.limits.callBytes = 1_000_000;
    const page = (await t.call("FilterLogEvents", { logGroupName: "g", filterPattern: "nowhere" })) as Page;
    assert.deepEqual(page.events, []);
    assert.ok(page.nextToken);
  });

  it("a long scan yields to the event loop between slices", async () => {
    const t = bigGroup();
    t.limits.sliceMs = 1;
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const answer = t.call("FilterLogEvents", { logGroupName: "g", filterPattern: "needle" });
    const before = turns;
    const page = (await answer) as Page;
    ticking = false;
    assert.equal(page.events.length, Math.ceil(EVENTS / 997), "within the default call budget the whole range is read");
    assert.ok(turns - before >= 3, `other work ran ${turns - before} times during the scan`);
  });
});
