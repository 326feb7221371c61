/**
 * Hostile load, issue 15 items 3 and 4: Logs Insights queries end by their budgets (groups, memory, running
 * memory together), never the process, and a finished query keeps only its results, which are forgotten
 * past the count and bytes caps. Asserted on the registry's own figures, not on RSS.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../support/logs-harness.js";
import type { LogsServiceDefinition } from "../../src/cloud/logs/service.js";

const T = Date.UTC(2025, 11, 31, 23, 0, 0);
const range = { startTime: T / 1000 - 60, endTime: T / 1000 + 3600 };

/** `distinct` different messages, then `repeats` copies of one message (a plateau for a stats by @message). */
function withEvents(distinct: number, repeats = 0) {
  const t = newLogs();
  t.call("CreateLogGroup", { logGroupName: "g" });
  t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
  const total = distinct + repeats;
  for (let i = 0; i < total; i += 5000) {
    const logEvents = Array.from({ length: Math.min(5000, total - i) }, (_, k) => {
      const n = i + k;
      return { timestamp: T + Math.floor(n / 50), message: n < distinct ? `event ${n} from 10.0.${n % 250}.${n % 200} port ${n % 65536}` : "the same message" };
    });
    t.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents });
  }
  const insights = (t.service as LogsServiceDefinition).insights;
  const start = (queryString: string): string => t.call("StartQuery", { logGroupName: "g", queryString, ...range }).queryId;
  const results = (queryId: string) => t.call("GetQueryResults", { queryId });
  const ended = async (queryId: string) => {
    for (let i = 0; i < 20_000; i++) {
      const out = results(queryId);
      if (out.status !== "Scheduled" && out.status !== "Running") return out;
      await new Promise((r) => setImmediate(r));
    }
    assert.fail("the query did not end");
  };
  return { ...t, insights, start, results, ended };
}

describe("Logs Insights memory (hostile: issue 15)", () => {
  it("400 finished queries keep their results and metadata, not their working state", async () => {
    const t = withEvents(3000);
    assert.ok(t.insights, "the service exposes what its queries hold");
    const queries = [
      "stats count(*) by @message",
      "fields @message | sort @timestamp desc",
      "filter @message like /port 7/ | stats count(*) by bin(1m)",
      "fields @message | limit 5",
    ];
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      const id = t.start(queries[i % queries.length] as string);
      ids.push(id);
      await t.ended(id);
    }
    const memory = t.insights.memory();
    assert.equal(memory.running, 0);
    // ~150 MB of result rows in all: the cap of kept results forgot the oldest.
    assert.ok(memory.finished > 50 && memory.finished < 400, `${memory.finished} kept`);
    assert.equal(memory.finishedHoldingWorkingState, 0, "no finished query holds a run, a cursor, decoded chunks or partial rows");
    assert.ok(memory.resultBytes <= t.insights.limits.keptResultBytes, `${memory.resultBytes} bytes of results kept`);
    assert.equal(t.results(ids[396] as string).results.length, 3000, "a recent query's results are all there");
  });

  it("past the count cap the oldest finished queries are forgotten and answer as an unknown query", async () => {
    const t = withEvents(200);
    t.insights.limits.keptQueries = 50;
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      ids.push(t.start("stats count(*) by @message"));
      await t.ended(ids[i] as string);
    }
    assert.equal(t.insights.memory().finished, 50);
    t.fails("GetQueryResults", { queryId: ids[0] }, "ResourceNotFoundException", "Query does not exist.");
    assert.equal(t.results(ids[119] as string).status, "Complete");
    assert.equal(t.call("DescribeQueries", {}).queries.length, 50);
  });

  it("past the bytes cap of kept results the oldest are forgotten", async () => {
    const t = withEvents(2000);
    t.insights.limits.keptResultBytes = 1_000_000;
    for (let i = 0; i < 30; i++) await t.ended(t.start("fields @message"));
    const memory = t.insights.memory();
    assert.ok(memory.resultBytes <= 1_000_000, `${memory.resultBytes}`);
    assert.ok(memory.finished < 30 && memory.finished > 0, `${memory.finished} kept`);
  });

  it("a stats over its group budget ends Failed with no rows; the service goes on answering", async () => {
    const t = withEvents(5000);
    t.insights.limits.maxGroups = 1000;
    const big = t.start("stats count(*) by @message, @logStream");
    const out = await t.ended(big);
    assert.equal(out.status, "Failed");
    assert.deepEqual(out.results, []);
    assert.ok(out.statistics.recordsScanned > 1000 && out.statistics.recordsScanned < 5000, `${out.statistics.recordsScanned} scanned`);
    assert.equal(t.insights.memory().finishedHoldingWorkingState, 0);
    const small = await t.ended(t.start("stats count(*) as n"));
    assert.equal(small.status, "Complete");
    assert.deepEqual(small.results, [[{ field: "n", value: "5000" }]]);
  });

  it("a query over its memory budget ends Failed (a sort holding every row)", async () => {
    const t = withEvents(5000);
    t.insights.limits.maxQueryBytes = 200_000;
    const out = await t.ended(t.start("fields @message | sort @message"));
    assert.equal(out.status, "Failed");
  });

  it("twelve concurrent high-cardinality queries stay within the running budget: the largest end Failed, none ends the process", async () => {
    const t = withEvents(20_000);
    t.insights.limits.maxRunningBytes = 8_000_000;
    const ids = Array.from({ length: 12 }, () => t.start("stats count(*) by @message, @logStream"));
    let peak = 0;
    const outs = [];
    for (const id of ids) {
      for (let i = 0; i < 20_000 && ["Scheduled", "Running"].includes(t.results(id).status); i++) {
        peak = Math.max(peak, t.insights.memory().workingBytes);
        await new Promise((r) => setImmediate(r));
      }
      outs.push(t.results(id));
    }
    assert.ok(
      outs.some((o) => o.status === "Failed"),
      "at least one query was ended by the budget",
    );
    for (const o of outs) assert.ok(o.status === "Failed" || o.status === "Complete", o.status);
    assert.ok(peak <= 8_000_000, `running queries held ${peak} bytes together`);
    assert.equal(t.insights.memory().running, 0);
  });

  it("StartQuery is refused with LimitExceededException while running queries leave no room in the budget", async () => {
    // 20,000 groups, then 300,000 events of one group: the working state plateaus while the query reads on.
    const t = withEvents(20_000, 300_000);
    // An idle machine may read the repeats between two polls, so a query that ends unseen is started again;
    // once seen past its distinct messages, the refusal below runs in the same turn, while it still runs.
    let a = "";
    let plateau = 0;
    let last = { status: "", statistics: { recordsScanned: 0 } };
    const deadline = Date.now() + 30_000;
    for (let attempt = 0; attempt < 10 && plateau === 0 && Date.now() < deadline; attempt++) {
      a = t.start("stats count(*) by @message");
      while (Date.now() < deadline) {
        await new Promise((r) => setImmediate(r));
        last = t.results(a);
        if (last.status !== "Running" && last.status !== "Scheduled") break;
        if (last.statistics.recordsScanned >= 20_000) {
          plateau = t.insights.memory().workingBytes;
          break;
        }
      }
    }
    assert.ok(plateau > 0, `the query was seen running past its distinct messages (last: ${last.status}, ${last.statistics.recordsScanned} scanned)`);
    t.insights.limits.maxRunningBytes = Math.ceil(plateau * 1.2);
    t.fails("StartQuery", { logGroupName: "g", queryString: "stats count(*)", ...range }, "LimitExceededException", /concurrency/);
    assert.equal((await t.ended(a)).status, "Complete");
    assert.equal((await t.ended(t.start("stats count(*)"))).status, "Complete");
  });
});
