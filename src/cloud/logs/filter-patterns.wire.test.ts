/**
 * The shared filter pattern case table (test/filterpattern/pattern-cases.ts) through the real SDK v3 client:
 * every row's message stored with PutLogEvents and read back with FilterLogEvents, every error row
 * refused, and the metric filter operations with the recorded shapes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteMetricFilterCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  FilterLogEventsCommand,
  InvalidParameterException,
  LimitExceededException,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  ResourceNotFoundException,
  TestMetricFilterCommand,
  paginateFilterLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import { ERROR_CASES, MATCH_CASES, type MatchCase } from "../../../test/filterpattern/pattern-cases.js";
import { LocalCloud } from "../cloud.js";
import { ManualClock } from "../clock.js";

describe("filter patterns over the wire (SDK v3)", () => {
  const clock = new ManualClock(Date.now());
  const cloud = new LocalCloud({ memory: true, port: 0, clock });
  let logs: CloudWatchLogsClient;
  before(async () => {
    await cloud.start();
    logs = new CloudWatchLogsClient({
      endpoint: cloud.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
  });
  after(async () => {
    logs.destroy();
    await cloud.stop();
  });

  it("FilterLogEvents returns exactly the expected events for every row of cases.ts", async () => {
    const byPattern = new Map<string, MatchCase[]>();
    for (const row of MATCH_CASES) byPattern.set(row.pattern, [...(byPattern.get(row.pattern) ?? []), row]);
    let checked = 0;
    let group = 0;
    for (const [pattern, rows] of byPattern) {
      const logGroupName = `cases-${group++}`;
      await logs.send(new CreateLogGroupCommand({ logGroupName }));
      await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: "s" }));
      // PutLogEvents refuses empty messages (min length 1), so a row with "" cannot be stored on AWS either.
      const stored = rows.filter((r) => r.message !== "");
      const base = clock.now() - 60_000;
      await logs.send(
        new PutLogEventsCommand({ logGroupName, logStreamName: "s", logEvents: stored.map((r, i) => ({ timestamp: base + i, message: r.message })) }),
      );
      const got: number[] = [];
      for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName, filterPattern: pattern })) {
        got.push(...(page.events ?? []).map((e) => (e.timestamp as number) - base));
      }
      const expected = stored.flatMap((r, i) => (r.expected ? [i] : []));
      assert.deepEqual(got, expected, `pattern ${JSON.stringify(pattern)}: matched rows ${got} expected ${expected}`);
      checked += stored.length;
    }
    assert.equal(checked, MATCH_CASES.filter((r) => r.message !== "").length);
  });

  it("TestMetricFilter gives each row's extractedValues", async () => {
    for (const row of MATCH_CASES.filter((r) => r.message !== "")) {
      const { matches } = await logs.send(new TestMetricFilterCommand({ filterPattern: row.pattern, logEventMessages: [row.message] }));
      assert.equal(matches?.length, row.expected ? 1 : 0, row.pattern);
      if (row.fields !== undefined) assert.deepEqual(matches?.[0]?.extractedValues, row.fields, row.pattern);
    }
  });

  it("refuses every error row of cases.ts with InvalidParameterException (and its message where known)", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "errors" }));
    for (const row of ERROR_CASES) {
      await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: "errors", filterPattern: row.pattern })), (e: unknown) => {
        assert.ok(e instanceof InvalidParameterException, `${row.pattern}: ${String(e)}`);
        if (row.message !== undefined) assert.equal(e.message, row.message);
        return true;
      });
    }
  });

  it("metric filters: put, describe (recorded shape), count, delete, limits", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
    const put = (filterName: string, extra: Partial<ConstructorParameters<typeof PutMetricFilterCommand>[0]> = {}) =>
      logs.send(
        new PutMetricFilterCommand({
          logGroupName: "MyVpc22-Log",
          filterName,
          filterPattern:
            '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]',
          metricTransformations: [{ metricName: "SSH-Rejects", metricNamespace: "flowwatch", metricValue: "1", defaultValue: 0 }],
          ...extra,
        }),
      );
    await put("ssh-rejects");
    const described = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: "MyVpc22-Log" }));
    const [filter] = described.metricFilters ?? [];
    assert.equal(filter?.filterName, "ssh-rejects");
    assert.equal(filter?.applyOnTransformedLogs, false);
    assert.equal(typeof filter?.creationTime, "number");
    assert.deepEqual(filter?.metricTransformations, [{ metricName: "SSH-Rejects", metricNamespace: "flowwatch", metricValue: "1", defaultValue: 0 }]);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "MyVpc22" }));
    assert.equal(groups.logGroups?.[0]?.metricFilterCount, 1);
    await assert.rejects(
      put("bad", { filterPattern: "ERROR", metricTransformations: [{ metricName: "m", metricNamespace: "n", metricValue: "1", dimensions: { A: "$a" } }] }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidParameterException);
        assert.equal(e.message, "The specified filter pattern does not support dimensions");
        return true;
      },
    );
    for (let i = 1; i < 100; i++) await put(`f${String(i).padStart(3, "0")}`);
    await assert.rejects(put("one-too-many"), LimitExceededException);
    await logs.send(new DeleteMetricFilterCommand({ logGroupName: "MyVpc22-Log", filterName: "ssh-rejects" }));
    await assert.rejects(logs.send(new DeleteMetricFilterCommand({ logGroupName: "MyVpc22-Log", filterName: "ssh-rejects" })), ResourceNotFoundException);
    const page = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: "MyVpc22-Log", filterNamePrefix: "f00", limit: 5 }));
    assert.deepEqual(
      page.metricFilters?.map((f) => f.filterName),
      ["f001", "f002", "f003", "f004", "f005"],
    );
    assert.ok(page.nextToken);
    const rest = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: "MyVpc22-Log", filterNamePrefix: "f00", nextToken: page.nextToken }));
    assert.deepEqual(
      rest.metricFilters?.map((f) => f.filterName),
      ["f006", "f007", "f008", "f009"],
    );
    assert.equal(rest.nextToken, undefined);
  });
});
