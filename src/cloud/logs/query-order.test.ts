/**
 * The order a query reads events in: the streaming scan (runs of chunks, merged only where chunks
 * overlap in time) read oldest first or newest first must give the rows of the store's total order
 * (timestamp, then arrival), checked against an order computed here from the PutLogEvents calls.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../../../test/support/logs-harness.js";

const T = Date.UTC(2025, 11, 31, 23, 0, 0);
const range = { startTime: T / 1000 - 60, endTime: T / 1000 + 3600 };

/** Three streams whose batches overlap in time and share timestamps; returns messages in arrival order with their timestamps. */
function interleaved() {
  const h = newLogs();
  h.call("CreateLogGroup", { logGroupName: "g" });
  const sent: { ts: number; message: string }[] = [];
  for (const s of ["a", "b", "c"]) h.call("CreateLogStream", { logGroupName: "g", logStreamName: s });
  let n = 0;
  for (let batch = 0; batch < 12; batch++) {
    const stream = ["a", "b", "c"][batch % 3] as string;
    // Batches of a stream are chronological; across streams they overlap, and many events share a timestamp.
    const base = T + Math.floor(batch / 3) * 40 + (batch % 3) * 7;
    const logEvents = Array.from({ length: 30 }, (_, k) => ({ timestamp: base + Math.floor(k / 3) * 5, message: `m${n++} ${stream}` }));
    h.call("PutLogEvents", { logGroupName: "g", logStreamName: stream, logEvents });
    for (const e of logEvents) sent.push({ ts: e.timestamp, message: e.message });
  }
  return { h, sent };
}

async function run(h: ReturnType<typeof newLogs>, queryString: string): Promise<string[]> {
  const { queryId } = h.call("StartQuery", { logGroupName: "g", queryString, ...range });
  for (;;) {
    await new Promise((r) => setImmediate(r));
    const out = h.call("GetQueryResults", { queryId });
    if (out.status === "Complete") {
      assert.equal(out.statistics.recordsScanned, 360);
      return out.results.map((row: { field: string; value: string }[]) => row.find((f) => f.field === "@message")?.value ?? "");
    }
  }
}

describe("query read order", () => {
  const newestFirst = (sent: { ts: number; message: string }[]) =>
    sent
      .map((e, i) => ({ ...e, i }))
      .sort((x, y) => y.ts - x.ts || x.i - y.i)
      .map((e) => e.message);

  it("default order (newest first, ties in arrival order), read newest first by the store", async () => {
    const { h, sent } = interleaved();
    assert.deepEqual(await run(h, "fields @message"), newestFirst(sent));
    assert.deepEqual(await run(h, "fields @timestamp, @message | sort @timestamp desc | limit 25"), newestFirst(sent).slice(0, 25));
  });

  it("oldest first and stats read the store oldest first", async () => {
    const { h, sent } = interleaved();
    const oldest = sent
      .map((e, i) => ({ ...e, i }))
      .sort((x, y) => x.ts - y.ts || x.i - y.i)
      .map((e) => e.message);
    assert.deepEqual(await run(h, "fields @message | sort @timestamp asc | limit 100"), oldest.slice(0, 100));
    // stats groups come in the order they first appeared: the store's order.
    const firsts = await run(h, "stats count(*) as n by @message | limit 50");
    assert.deepEqual(firsts, oldest.slice(0, 50));
  });
});
