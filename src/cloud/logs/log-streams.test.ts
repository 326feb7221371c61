import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../../../test/support/logs-harness.js";

describe("log streams", () => {
  it("creates with AWS's ARN and refuses duplicates and missing groups (recorded messages)", () => {
    const t = newLogs();
    t.fails("CreateLogStream", { logGroupName: "g", logStreamName: "s" }, "ResourceNotFoundException", "The specified log group does not exist.");
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "eni-1234" });
    t.fails("CreateLogStream", { logGroupName: "g", logStreamName: "eni-1234" }, "ResourceAlreadyExistsException", "The specified log stream already exists");
    assert.deepEqual(t.call("DescribeLogStreams", { logGroupName: "g" }).logStreams, [
      { logStreamName: "eni-1234", creationTime: t.clock.now(), arn: "arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:eni-1234", storedBytes: 0 },
    ]);
    t.fails(
      "CreateLogStream",
      { logGroupName: "g", logStreamName: "a:b" },
      "InvalidParameterException",
      "1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*",
    );
    t.fails(
      "CreateLogStream",
      { logGroupName: "g", logStreamName: "s".repeat(513) },
      "InvalidParameterException",
      "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
    );
  });

  it("resolves the group by name or ARN, never both (recorded ValidationException)", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    const arn = "arn:aws:logs:us-east-1:000000000000:log-group:g";
    assert.equal(t.call("DescribeLogStreams", { logGroupIdentifier: arn }).logStreams.length, 1);
    assert.equal(t.call("DescribeLogStreams", { logGroupIdentifier: "g" }).logStreams.length, 1);
    t.fails(
      "DescribeLogStreams",
      { logGroupName: "g", logGroupIdentifier: arn },
      "ValidationException",
      "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
    );
    t.fails(
      "DescribeLogStreams",
      { logGroupIdentifier: `${arn}:*` },
      "InvalidParameterException",
      /at 'logGroupIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  it("orders by name or last event time, descending, with paging; prefix with LastEventTime is refused", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g" });
    const now = t.clock.now();
    for (const [name, offset] of [
      ["c", 3],
      ["a", 1],
      ["b", 2],
      ["d", -1],
    ] as const) {
      t.call("CreateLogStream", { logGroupName: "g", logStreamName: name });
      if (offset >= 0) t.call("PutLogEvents", { logGroupName: "g", logStreamName: name, logEvents: [{ timestamp: now - 10_000 + offset, message: name }] });
    }
    const names = (input: object) => {
      const out: string[] = [];
      let nextToken: string | undefined;
      do {
        const r = t.call("DescribeLogStreams", { logGroupName: "g", limit: 1, ...input, ...(nextToken ? { nextToken } : {}) });
        out.push(...r.logStreams.map((s: { logStreamName: string }) => s.logStreamName));
        nextToken = r.nextToken;
      } while (nextToken);
      return out;
    };
    assert.deepEqual(names({}), ["a", "b", "c", "d"]);
    assert.deepEqual(names({ descending: true }), ["d", "c", "b", "a"]);
    assert.deepEqual(names({ orderBy: "LastEventTime" }), ["d", "a", "b", "c"]);
    assert.deepEqual(names({ orderBy: "LastEventTime", descending: true }), ["c", "b", "a", "d"]);
    assert.deepEqual(names({ logStreamNamePrefix: "b" }), ["b"]);
    t.fails(
      "DescribeLogStreams",
      { logGroupName: "g", orderBy: "LastEventTime", logStreamNamePrefix: "a" },
      "InvalidParameterException",
      "Cannot order by LastEventTime with a logStreamNamePrefix.",
    );
    const [a] = t.call("DescribeLogStreams", { logGroupName: "g", logStreamNamePrefix: "a" }).logStreams;
    assert.equal(a.firstEventTimestamp, now - 9_999);
    assert.equal(a.lastEventTimestamp, now - 9_999);
    assert.equal(a.lastIngestionTime, now);
    assert.match(a.uploadSequenceToken, /^\d{56}$/);
  });

  it("deletes a stream and its events, and its bytes leave the group's storedBytes", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    t.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: t.clock.now(), message: "héllo" }] });
    assert.equal(t.call("DescribeLogGroups", {}).logGroups[0].storedBytes, 6);
    t.call("DeleteLogStream", { logGroupName: "g", logStreamName: "s" });
    assert.equal(t.call("DescribeLogGroups", {}).logGroups[0].storedBytes, 0);
    t.fails("DeleteLogStream", { logGroupName: "g", logStreamName: "s" }, "ResourceNotFoundException", "The specified log stream does not exist.");
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    assert.deepEqual(t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s" }).events, []);
  });
});
