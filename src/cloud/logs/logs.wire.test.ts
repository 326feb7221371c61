/** CloudWatch Logs through the real AWS SDK v3 client against a LocalCloud on a free port. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  PutLogEventsCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TagResourceCommand,
  paginateDescribeLogGroups,
  paginateGetLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import { LocalCloud } from "../cloud.js";
import { ManualClock } from "../clock.js";

describe("CloudWatch Logs over the wire (SDK v3)", () => {
  const clock = new ManualClock(Date.now());
  const cloud = new LocalCloud({ memory: true, port: 0, clock });
  let logs: CloudWatchLogsClient;
  const client = (accessKeyId = "test", region = "us-east-1") =>
    new CloudWatchLogsClient({ endpoint: cloud.endpoint, region, credentials: { accessKeyId, secretAccessKey: "test" }, maxAttempts: 1 });

  before(async () => {
    await cloud.start();
    logs = client();
  });
  after(async () => {
    logs.destroy();
    await cloud.stop();
  });

  it("runs the tutorial's step 4 and reads flow records back", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" })), (e: unknown) => {
      assert.ok(e instanceof ResourceAlreadyExistsException);
      assert.equal(e.message, "The specified log group already exists");
      return true;
    });
    await logs.send(new CreateLogStreamCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-1235b8ca123456789-all" }));
    const now = clock.now();
    const records = Array.from({ length: 3 }, (_, i) => ({
      timestamp: now - 3 + i,
      message: `2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK ${i}`,
    }));
    const put = await logs.send(new PutLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-1235b8ca123456789-all", logEvents: records }));
    assert.match(put.nextSequenceToken ?? "", /^\d{56}$/);
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-1235b8ca123456789-all", startFromHead: true }));
    assert.deepEqual(
      got.events?.map((e) => e.message),
      records.map((r) => r.message),
    );
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "MyVpc" }));
    assert.equal(groups.logGroups?.[0]?.arn, "arn:aws:logs:us-east-1:000000000000:log-group:MyVpc22-Log:*");
    assert.equal(
      groups.logGroups?.[0]?.storedBytes,
      records.reduce((n, r) => n + Buffer.byteLength(r.message), 0),
    );
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "MyVpc22-Log", orderBy: "LastEventTime", descending: true }));
    assert.equal(streams.logStreams?.[0]?.lastEventTimestamp, now - 1);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupIdentifier: "arn:aws:logs:us-east-1:000000000000:log-group:MyVpc22-Log" }));
    assert.equal(filtered.events?.length, 3);
  });

  it("answers AWS's error codes and messages through the SDK", async () => {
    await assert.rejects(
      logs.send(new PutLogEventsCommand({ logGroupName: "nope", logStreamName: "s", logEvents: [{ timestamp: clock.now(), message: "m" }] })),
      (e: unknown) => {
        assert.ok(e instanceof ResourceNotFoundException);
        assert.equal(e.message, "The specified log group does not exist.");
        return true;
      },
    );
    await assert.rejects(
      logs.send(new GetLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-1235b8ca123456789-all", limit: 10001 })),
      (e: unknown) => {
        assert.ok(e instanceof InvalidParameterException);
        assert.equal(
          e.message,
          "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
        );
        return true;
      },
    );
    await assert.rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: "MyVpc22-Log", retentionInDays: 2 })), InvalidParameterException);
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: "MyVpc22-Log", filterPattern: "10.0.0.1" })), (e: unknown) => {
      assert.ok(e instanceof InvalidParameterException);
      assert.equal(e.message, "Invalid character(s) in term '.'");
      return true;
    });
    await assert.rejects(
      logs.send(new CreateLogStreamCommand({ logGroupName: "MyVpc22-Log", logStreamName: "a:b" })),
      (e: unknown) => e instanceof InvalidParameterException && /regular expression pattern: \[\^:\*\]\*/.test(e.message),
    );
  });

  it("pages with the SDK's paginators, including GetLogEvents' same-token end", async () => {
    for (let i = 0; i < 7; i++) await logs.send(new CreateLogGroupCommand({ logGroupName: `page-${i}` }));
    const names: string[] = [];
    for await (const p of paginateDescribeLogGroups({ client: logs, pageSize: 3 }, { logGroupNamePrefix: "page-" }))
      names.push(...(p.logGroups ?? []).map((g) => g.logGroupName ?? ""));
    assert.equal(names.length, 7);
    await logs.send(new CreateLogStreamCommand({ logGroupName: "page-0", logStreamName: "s" }));
    const now = clock.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "page-0",
        logStreamName: "s",
        logEvents: Array.from({ length: 25 }, (_, i) => ({ timestamp: now - 100 + i, message: `e${i}` })),
      }),
    );
    const read: string[] = [];
    // stopOnSameToken: AWS ends a GetLogEvents read by handing the same token back (the SDK's default would loop, on AWS too).
    for await (const p of paginateGetLogEvents(
      { client: logs, pageSize: 10, stopOnSameToken: true },
      { logGroupName: "page-0", logStreamName: "s", startFromHead: true },
    )) {
      read.push(...(p.events ?? []).map((e) => e.message ?? ""));
    }
    assert.equal(read.length, 25);
    assert.equal(read[24], "e24");
  });

  it("tags, resource policies, and isolates accounts and regions", async () => {
    const arn = "arn:aws:logs:us-east-1:000000000000:log-group:MyVpc22-Log";
    await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { team: "net" } }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { team: "net" });
    const policy = await logs.send(new PutResourcePolicyCommand({ policyName: "p", policyDocument: "{}" }));
    assert.equal(policy.resourcePolicy?.policyScope, "ACCOUNT");
    const other = client("111111111111");
    const west = client("test", "us-west-2");
    try {
      assert.deepEqual((await other.send(new DescribeLogGroupsCommand({}))).logGroups, []);
      assert.deepEqual((await west.send(new DescribeLogGroupsCommand({}))).logGroups, []);
      await other.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
      await other.send(new DeleteLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
      assert.equal((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "MyVpc22" }))).logGroups?.length, 1);
    } finally {
      other.destroy();
      west.destroy();
    }
  });
});
