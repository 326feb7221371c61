/**
 * Hostile input over the wire (SDK v3), issue 15 items 3 and 10: a FilterLogEvents with a costly pattern over
 * a large range does not stop the server answering others; Insights' `limit` follows AWS (up to 100,000 rows,
 * paged; more is MalformedQueryException); a query over its group budget ends Failed and the server goes on.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  type GetQueryResultsResponse,
  MalformedQueryException,
  PutLogEventsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { LocalCloud } from "../../src/cloud/cloud.js";
import type { LogsServiceDefinition } from "../../src/cloud/logs/service.js";

describe("query limits over the wire (hostile: issue 15)", () => {
  const cloud = new LocalCloud({ memory: true, port: 0, onBug: (e) => console.error("BUG", e) });
  let logs: CloudWatchLogsClient;
  const now = Date.now();
  const range = { startTime: Math.floor(now / 1000) - 3600, endTime: Math.floor(now / 1000) + 60 };

  async function put(group: string, messages: readonly string[], batch = 5000): Promise<void> {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    for (let i = 0; i < messages.length; i += batch) {
      const logEvents = messages.slice(i, i + batch).map((message, k) => ({ timestamp: now - 600_000 + Math.floor((i + k) / 100), message }));
      await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: "s", logEvents }));
    }
  }

  async function ended(queryId: string, nextToken?: string): Promise<GetQueryResultsResponse> {
    for (let i = 0; i < 1000; i++) {
      const out = await logs.send(new GetQueryResultsCommand({ queryId, ...(nextToken ? { nextToken } : {}) }));
      if (out.status !== "Scheduled" && out.status !== "Running") return out;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail("the query did not end");
  }

  before(async () => {
    await cloud.start();
    logs = new CloudWatchLogsClient({
      endpoint: cloud.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    // ~2 ms an event with the pattern below: one synchronous scan of them all held the server ~3 s.
    await put(
      "costly",
      Array.from({ length: 1500 }, () => "a".repeat(1000)),
      500,
    );
    await put(
      "many",
      Array.from({ length: 10_001 }, (_, i) => `event ${i}`),
    );
  });
  after(() => cloud.stop());

  it("while a FilterLogEvents with a costly pattern scans, DescribeLogGroups is answered within a second", async () => {
    let scanning = true;
    let slowest = 0;
    let answered = 0;
    const probe = (async () => {
      while (scanning) {
        const t0 = performance.now();
        await logs.send(new DescribeLogGroupsCommand({}));
        slowest = Math.max(slowest, performance.now() - t0);
        answered++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // One call: it scans for at most its budget (1 s) and answers; the old code scanned all 1,500 events at once.
    const t0 = performance.now();
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName: "costly", filterPattern: "%a{0,999}b%" }));
    const took = performance.now() - t0;
    scanning = false;
    await probe;
    assert.deepEqual(page.events, []);
    assert.ok(answered >= 1, "the probe was answered");
    assert.ok(slowest < 1000, `DescribeLogGroups waited ${Math.round(slowest)} ms while FilterLogEvents scanned for ${Math.round(took)} ms`);
  });

  it("`limit 10001` returns 10,001 rows, paged 10,000 at a time, as AWS's limit goes up to 100,000", async () => {
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: "many", queryString: "fields @message | limit 10001", ...range }));
    const first = await ended(queryId as string);
    assert.equal(first.status, "Complete");
    assert.equal(first.results?.length, 10_000);
    assert.ok(first.nextToken);
    const second = await ended(queryId as string, first.nextToken);
    assert.equal(second.results?.length, 1);
    assert.equal(second.nextToken, undefined);
  });

  it("`limit 100001` is refused with MalformedQueryException", async () => {
    await assert.rejects(
      logs.send(new StartQueryCommand({ logGroupName: "many", queryString: "fields @message | limit 100001", ...range })),
      (e: unknown) => e instanceof MalformedQueryException && /limit/.test(e.message) && e.queryCompileError?.location?.startCharOffset === 18,
    );
  });

  it("a query over its group budget ends Failed; the server goes on answering and running queries", async () => {
    const insights = (cloud.service("logs") as LogsServiceDefinition).insights;
    const saved = insights.limits.maxGroups;
    insights.limits.maxGroups = 2000;
    try {
      const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: "many", queryString: "stats count(*) by @message, @logStream", ...range }));
      const out = await ended(queryId as string);
      assert.equal(out.status, "Failed");
      assert.deepEqual(out.results, []);
      const groups = await logs.send(new DescribeLogGroupsCommand({}));
      assert.equal(groups.logGroups?.length, 2);
      const next = await logs.send(new StartQueryCommand({ logGroupName: "many", queryString: "stats count(*) as n", ...range }));
      const done = await ended(next.queryId as string);
      assert.equal(done.status, "Complete");
      assert.deepEqual(done.results, [[{ field: "n", value: "10001" }]]);
    } finally {
      insights.limits.maxGroups = saved;
    }
  });
});
