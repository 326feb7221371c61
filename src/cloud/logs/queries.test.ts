/** Logs Insights operations called as the pipeline calls them: scheduling and cancellation, which the wire cannot pace. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../../../test/support/logs-harness.js";

const T = Date.UTC(2025, 11, 31, 23, 0, 0);

function withEvents(count: number) {
  const h = newLogs();
  h.call("CreateLogGroup", { logGroupName: "g" });
  h.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
  for (let i = 0; i < count; i += 5000) {
    const logEvents = Array.from({ length: Math.min(5000, count - i) }, (_, k) => ({
      timestamp: T + i + k,
      message: `2 1 eni-a 10.0.0.${(i + k) % 7} 10.0.1.1 1 22 6 1 100 1 2 ACCEPT OK`,
    }));
    h.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents });
  }
  return h;
}

const range = { startTime: T / 1000 - 60, endTime: T / 1000 + 3600 };
const settle = () => new Promise((r) => setTimeout(r, 50));

describe("Logs Insights scheduling", () => {
  it("a query is Scheduled until the scheduler's first slice, and StopQuery then cancels it", async () => {
    const h = withEvents(20_000);
    const { queryId } = h.call("StartQuery", { logGroupName: "g", queryString: "stats count(*) as n", ...range });
    assert.equal(h.call("GetQueryResults", { queryId }).status, "Scheduled");
    assert.deepEqual(h.call("StopQuery", { queryId }), { success: true });
    await settle();
    const out = h.call("GetQueryResults", { queryId });
    assert.equal(out.status, "Cancelled");
    assert.equal(out.statistics.recordsScanned, 0);
    h.fails("StopQuery", { queryId }, "InvalidParameterException", "Query is not running.");
  });

  it("a long query runs in slices: other operations are answered while it runs, and it completes", async () => {
    const h = withEvents(200_000);
    const { queryId } = h.call("StartQuery", { logGroupName: "g", queryString: "stats count(*) as n by srcAddr | sort n desc", ...range });
    let sawRunning = false;
    for (let i = 0; i < 2000; i++) {
      await new Promise((r) => setImmediate(r));
      const out = h.call("GetQueryResults", { queryId });
      if (out.status === "Running") sawRunning = true;
      if (out.status === "Complete") {
        assert.equal(out.statistics.recordsScanned, 200_000);
        assert.equal(out.results.length, 7);
        break;
      }
    }
    assert.ok(sawRunning, "the query was seen Running between slices");
    assert.equal(h.call("GetQueryResults", { queryId }).status, "Complete");
  });

  it("the concurrency limit is per account and Region", () => {
    const h = withEvents(10);
    for (let i = 0; i < 100; i++) h.call("StartQuery", { logGroupName: "g", queryString: "fields @message", ...range });
    h.fails(
      "StartQuery",
      { logGroupName: "g", queryString: "fields @message", ...range },
      "LimitExceededException",
      "Account maximum query concurrency limit of [100] reached.",
    );
  });

  it("a range ending before the group existed is refused, as AWS does", () => {
    const h = withEvents(1);
    h.fails(
      "StartQuery",
      { logGroupName: "g", queryString: "fields @message", startTime: 0, endTime: 10 },
      "InvalidParameterException",
      /before the log groups creation time/,
    );
    h.fails("StartQuery", { logGroupName: "g", queryString: "fields @message", startTime: 10, endTime: 0 }, "InvalidParameterException");
    h.fails("StartQuery", { logGroupName: "g", queryString: "fields @message", queryLanguage: "SQL", ...range }, "InvalidParameterException");
  });
});
