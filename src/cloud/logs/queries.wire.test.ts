/**
 * Logs Insights through the real SDK v3: every row of test/insights/query-cases.ts and AWS's VPC flow log sample
 * queries over events put into log groups, results against independent answers; errors; the other query APIs.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteQueryDefinitionCommand,
  DescribeQueriesCommand,
  DescribeQueryDefinitionsCommand,
  GetLogGroupFieldsCommand,
  GetLogRecordCommand,
  GetQueryResultsCommand,
  type GetQueryResultsResponse,
  InvalidParameterException,
  MalformedQueryException,
  PutLogEventsCommand,
  PutQueryDefinitionCommand,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CASE_EVENTS, INSIGHTS_CASES } from "../../../test/insights/query-cases.js";
import { asRows, EVENTS as SAMPLE_EVENTS, SAMPLES } from "../../../test/support/flow-samples.js";
import { LocalCloud } from "../cloud.js";
import { ManualClock } from "../clock.js";

const CASES_GROUP = "MyVpc22-Log";
const SAMPLES_GROUP = "samples";
const CASE_HOUR = Date.UTC(2024, 0, 1, 10, 0, 0);
const SAMPLE_START = Date.UTC(2024, 2, 1, 8, 0, 0);

describe("Logs Insights over the wire (SDK v3)", () => {
  const clock = new ManualClock(CASE_HOUR - 30 * 60_000);
  const cloud = new LocalCloud({ memory: true, port: 0, clock, onBug: (e) => console.error("BUG", e) });
  let logs: CloudWatchLogsClient;

  async function put(group: string, stream: string, events: readonly { timestamp: number; message: string }[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      const batch = events.slice(i, i + 1000).map((e) => ({ timestamp: e.timestamp, message: e.message }));
      // Keeps every batch within PutLogEvents' window: not 2 h in the future, not 14 days old.
      clock.set(Math.max(clock.now(), (batch[0] as { timestamp: number }).timestamp));
      const out = await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: batch }));
      assert.equal(out.rejectedLogEventsInfo, undefined);
    }
  }

  async function complete(queryId: string): Promise<GetQueryResultsResponse> {
    for (let i = 0; i < 500; i++) {
      const out = await logs.send(new GetQueryResultsCommand({ queryId }));
      if (out.status !== "Scheduled" && out.status !== "Running") return out;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.fail("query did not end");
  }

  async function query(group: string, queryString: string, from: number, to: number): Promise<GetQueryResultsResponse> {
    const { queryId } = await logs.send(
      new StartQueryCommand({ logGroupName: group, queryString, startTime: Math.floor(from / 1000), endTime: Math.floor(to / 1000) }),
    );
    const out = await complete(queryId as string);
    assert.equal(out.status, "Complete");
    return out;
  }

  /** The message of the event a `@ptr` names, through GetLogRecord. */
  async function messageOf(ptr: string): Promise<string | undefined> {
    const { logRecord } = await logs.send(new GetLogRecordCommand({ logRecordPointer: ptr }));
    return logRecord?.["@message"];
  }

  before(async () => {
    await cloud.start();
    logs = new CloudWatchLogsClient({
      endpoint: cloud.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    await logs.send(new CreateLogGroupCommand({ logGroupName: CASES_GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: CASES_GROUP, logStreamName: "eni-aaa-all" }));
    await put(CASES_GROUP, "eni-aaa-all", CASE_EVENTS);
    clock.set(SAMPLE_START - 10 * 60_000);
    await logs.send(new CreateLogGroupCommand({ logGroupName: SAMPLES_GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: SAMPLES_GROUP, logStreamName: "eni-a1-all" }));
    await put(SAMPLES_GROUP, "eni-a1-all", SAMPLE_EVENTS);
  });
  after(async () => {
    logs.destroy();
    await cloud.stop();
  });

  describe("the shared case table (test/insights/query-cases.ts)", () => {
    const messageByPtr = new Map(CASE_EVENTS.map((e) => [e.ptr as string, e.message]));
    for (const c of INSIGHTS_CASES) {
      it(c.name, async () => {
        const range = [CASE_HOUR - 3_600_000, CASE_HOUR + 3 * 3_600_000] as const;
        if (c.error !== undefined) {
          const error = c.error;
          await assert.rejects(
            logs.send(new StartQueryCommand({ logGroupName: CASES_GROUP, queryString: c.query, startTime: range[0] / 1000, endTime: range[1] / 1000 })),
            (e: unknown) => {
              assert.ok(e instanceof MalformedQueryException, String(e));
              assert.equal(e.queryCompileError?.location?.startCharOffset, error.startCharOffset);
              assert.match(e.queryCompileError?.message ?? "", new RegExp(`at line ${error.line} and position ${error.position}$`));
              if (error.message !== undefined) assert.equal(e.queryCompileError?.message, error.message);
              assert.match(e.message, /\(Service: AWSLogs; Status Code: 400; Error Code: MalformedQueryException; Request ID: [^;]+; Proxy: null\)$/);
              return true;
            },
          );
          return;
        }
        const out = await query(CASES_GROUP, c.query, range[0], range[1]);
        const rows = asRows(out.results as { field: string; value: string }[][]);
        // Pointers are the server's own: compare without them, then check each names the event the case meant.
        const strip = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "@ptr"));
        assert.deepEqual(rows.map(strip), (c.rows ?? []).map(strip));
        for (const [i, expected] of (c.rows ?? []).entries()) {
          if (expected["@ptr"] === undefined) continue;
          const ptr = rows[i]?.["@ptr"];
          assert.ok(ptr !== undefined, "a row of events carries @ptr");
          assert.equal(await messageOf(ptr), messageByPtr.get(expected["@ptr"]));
          // AWS lists @ptr last.
          assert.equal(out.results?.[i]?.at(-1)?.field, "@ptr");
        }
        assert.equal(out.statistics?.recordsScanned, CASE_EVENTS.length);
      });
    }
  });

  describe("AWS's VPC flow log sample queries (aws-spec.md 5.5)", () => {
    for (const sample of SAMPLES) {
      it(sample.title, async () => {
        const expected = sample.expected();
        assert.ok(expected.length > 0);
        const out = await query(SAMPLES_GROUP, sample.query, SAMPLE_START - 3_600_000, SAMPLE_START + 6 * 3_600_000);
        const rows = asRows(out.results as { field: string; value: string }[][]);
        const strip = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "@ptr"));
        assert.deepEqual(rows.map(strip), expected.map(strip));
        for (const [i, row] of expected.slice(0, 3).entries()) {
          if (row["@ptr"] === undefined) continue;
          const index = Number(row["@ptr"].slice(1));
          assert.equal(await messageOf(rows[i]?.["@ptr"] as string), SAMPLE_EVENTS[index]?.message);
        }
        assert.equal(out.statistics?.recordsScanned, SAMPLE_EVENTS.length);
        assert.ok((out.statistics?.bytesScanned ?? 0) > 0);
      });
    }
  });

  it("a time range selects events by their timestamps, both ends inclusive (seconds)", async () => {
    const first = Math.floor(CASE_HOUR / 1000);
    const out = await query(CASES_GROUP, "stats count(*) as n", first * 1000, (first + 1) * 1000);
    // Events at +0 s and +1 s: the end second is included whole.
    assert.deepEqual(asRows(out.results as { field: string; value: string }[][]), [{ n: "2" }]);
  });

  it("StartQuery on a missing group is AWS's recorded ResourceNotFoundException", async () => {
    await assert.rejects(logs.send(new StartQueryCommand({ logGroupName: "nope", queryString: "fields @message", startTime: 0, endTime: 1 })), (e: unknown) => {
      assert.ok(e instanceof ResourceNotFoundException);
      assert.match(
        e.message,
        /^Log group 'nope' does not exist for account ID '000000000000' \(Service: AWSLogs; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: .+; Proxy: null\)$/,
      );
      return true;
    });
  });

  it("StartQuery needs exactly one way of naming groups, and at most 50", async () => {
    const base = { queryString: "fields @message", startTime: 0, endTime: 1 };
    await assert.rejects(logs.send(new StartQueryCommand(base)), InvalidParameterException);
    await assert.rejects(logs.send(new StartQueryCommand({ ...base, logGroupName: CASES_GROUP, logGroupNames: [CASES_GROUP] })), InvalidParameterException);
    const many = Array.from({ length: 51 }, (_, i) => `g${i}`);
    await assert.rejects(logs.send(new StartQueryCommand({ ...base, logGroupNames: many })), InvalidParameterException);
    await assert.rejects(logs.send(new StartQueryCommand({ ...base, logGroupName: CASES_GROUP, limit: 100_001 })), /failed to satisfy constraint/);
  });

  it("an unknown query id is ResourceNotFoundException for GetQueryResults and StopQuery", async () => {
    await assert.rejects(logs.send(new GetQueryResultsCommand({ queryId: "00000000-0000-0000-0000-000000000000" })), ResourceNotFoundException);
    await assert.rejects(logs.send(new StopQueryCommand({ queryId: "00000000-0000-0000-0000-000000000000" })), ResourceNotFoundException);
  });

  it("StopQuery on an ended query says it is not running; DescribeQueries lists queries as AWS shows them", async () => {
    const range = { startTime: CASE_HOUR / 1000 - 60, endTime: CASE_HOUR / 1000 + 7200 };
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: CASES_GROUP, queryString: "fields @message", ...range }));
    await complete(queryId as string);
    await assert.rejects(logs.send(new StopQueryCommand({ queryId })), InvalidParameterException);
    const listed = await logs.send(new DescribeQueriesCommand({ logGroupName: CASES_GROUP, status: "Complete" }));
    const mine = listed.queries?.find((q) => q.queryId === queryId);
    assert.ok(mine);
    assert.equal(mine.queryString, `SOURCE "${CASES_GROUP}" START=${range.startTime}000 END=${range.endTime}999 | fields @message`);
    assert.equal(mine.queryLanguage, "CWLI");
    assert.equal(mine.logGroupName, CASES_GROUP);
    assert.equal((await logs.send(new DescribeQueriesCommand({ status: "Scheduled" }))).queries?.length, 0);
    const paged = await logs.send(new DescribeQueriesCommand({ maxResults: 1 }));
    assert.equal(paged.queries?.length, 1);
    assert.ok(paged.nextToken);
  });

  it("GetLogGroupFields counts the discovered fields of recent events, highest percentage first", async () => {
    // The 8 minutes either side of `time`: the four flow records and nothing else.
    const { logGroupFields } = await logs.send(new GetLogGroupFieldsCommand({ logGroupName: CASES_GROUP, time: CASE_HOUR / 1000 }));
    const byName = new Map(logGroupFields?.map((f) => [f.name, f.percent]));
    assert.equal(byName.get("@message"), 100);
    assert.equal(byName.get("srcAddr"), 100);
    assert.equal(byName.get("logStatus"), 100);
    const percents = logGroupFields?.map((f) => f.percent ?? 0) ?? [];
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => b - a),
    );
    const later = await logs.send(new GetLogGroupFieldsCommand({ logGroupName: CASES_GROUP, time: CASE_HOUR / 1000 + 3601 }));
    const laterByName = new Map(later.logGroupFields?.map((f) => [f.name, f.percent]));
    assert.equal(laterByName.get("level"), 25);
    assert.equal(laterByName.get("logStatus"), 50);
    assert.equal(laterByName.get("srcAddr"), undefined);
  });

  it("GetLogRecord gives every field of the event; a bad pointer is refused", async () => {
    const out = await query(CASES_GROUP, "filter dstPort = 22 | fields srcAddr", CASE_HOUR - 60_000, CASE_HOUR + 60_000);
    const ptr = out.results?.[0]?.find((f) => f.field === "@ptr")?.value as string;
    const { logRecord } = await logs.send(new GetLogRecordCommand({ logRecordPointer: ptr }));
    assert.equal(logRecord?.["@log"], `000000000000:${CASES_GROUP}`);
    assert.equal(logRecord?.["@logStream"], "eni-aaa-all");
    assert.equal(logRecord?.["@timestamp"], String(CASE_HOUR + 1000));
    assert.equal(logRecord?.srcAddr, "203.0.113.7");
    assert.equal(logRecord?.action, "REJECT");
    await assert.rejects(logs.send(new GetLogRecordCommand({ logRecordPointer: "garbage" })), InvalidParameterException);
  });

  it("query definitions: put, update whole, describe by prefix, delete", async () => {
    const { queryDefinitionId } = await logs.send(
      new PutQueryDefinitionCommand({ name: "flows/rejects", queryString: 'filter action="REJECT"', logGroupNames: [CASES_GROUP] }),
    );
    await logs.send(new PutQueryDefinitionCommand({ name: "other", queryString: "fields @message" }));
    let listed = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: "flows/" }));
    assert.equal(listed.queryDefinitions?.length, 1);
    assert.deepEqual(listed.queryDefinitions?.[0]?.logGroupNames, [CASES_GROUP]);
    await logs.send(new PutQueryDefinitionCommand({ queryDefinitionId, name: "flows/rejects", queryString: 'filter action="REJECT" | stats count(*)' }));
    listed = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: "flows/" }));
    assert.equal(listed.queryDefinitions?.[0]?.queryString, 'filter action="REJECT" | stats count(*)');
    // AWS keeps no current value on update: logGroupNames not given are gone.
    assert.equal(listed.queryDefinitions?.[0]?.logGroupNames, undefined);
    assert.equal((await logs.send(new DeleteQueryDefinitionCommand({ queryDefinitionId }))).success, true);
    await assert.rejects(logs.send(new DeleteQueryDefinitionCommand({ queryDefinitionId })), ResourceNotFoundException);
    await assert.rejects(logs.send(new PutQueryDefinitionCommand({ queryDefinitionId, name: "x", queryString: "fields @message" })), ResourceNotFoundException);
  });
});
