import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../../../test/support/logs-harness.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function withStream() {
  const t = newLogs();
  t.call("CreateLogGroup", { logGroupName: "g" });
  t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
  const put = (logEvents: { timestamp: number; message: string }[], stream = "s") =>
    t.call("PutLogEvents", { logGroupName: "g", logStreamName: stream, logEvents });
  return { ...t, put, now: t.clock.now() };
}

describe("PutLogEvents", () => {
  it("accepts and ignores sequence tokens, answering a 56-digit nextSequenceToken", () => {
    const t = withStream();
    const r = t.put([{ timestamp: t.now, message: "m" }]);
    assert.match(r.nextSequenceToken, /^\d{56}$/);
    assert.equal(r.rejectedLogEventsInfo, undefined);
    t.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", sequenceToken: "wrong", logEvents: [{ timestamp: t.now, message: "m" }] });
  });

  it("refuses missing groups and streams (recorded messages)", () => {
    const t = withStream();
    t.fails(
      "PutLogEvents",
      { logGroupName: "x", logStreamName: "s", logEvents: [{ timestamp: t.now, message: "m" }] },
      "ResourceNotFoundException",
      "The specified log group does not exist.",
    );
    t.fails(
      "PutLogEvents",
      { logGroupName: "g", logStreamName: "x", logEvents: [{ timestamp: t.now, message: "m" }] },
      "ResourceNotFoundException",
      "The specified log stream does not exist.",
    );
  });

  it("refuses unordered batches, over-24-hour spans, empty messages and empty batches as AWS does", () => {
    const t = withStream();
    const pl = (logEvents: unknown) => ({ logGroupName: "g", logStreamName: "s", logEvents });
    t.fails(
      "PutLogEvents",
      pl([
        { timestamp: t.now, message: "b" },
        { timestamp: t.now - 1, message: "a" },
      ]),
      "InvalidParameterException",
      "Log events in a single PutLogEvents request must be in chronological order.",
    );
    t.fails(
      "PutLogEvents",
      pl([
        { timestamp: t.now - DAY - 1, message: "a" },
        { timestamp: t.now, message: "b" },
      ]),
      "InvalidParameterException",
      "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
    );
    t.put([
      { timestamp: t.now - DAY, message: "a" },
      { timestamp: t.now, message: "b" },
    ]);
    t.fails(
      "PutLogEvents",
      pl([{ timestamp: t.now, message: "" }]),
      "InvalidParameterException",
      "1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    t.fails(
      "PutLogEvents",
      pl([]),
      "InvalidParameterException",
      "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    t.fails(
      "PutLogEvents",
      pl([{ message: "x" }]),
      "InvalidParameterException",
      "1 validation error detected: Value null at 'logEvents.1.member.timestamp' failed to satisfy constraint: Member must not be null",
    );
  });

  it("enforces 10,000 events, 1,048,576 bytes counting 26 per event, and the event size", () => {
    const t = withStream();
    const many = Array.from({ length: 10_001 }, () => ({ timestamp: t.now, message: "x" }));
    t.fails(
      "PutLogEvents",
      { logGroupName: "g", logStreamName: "s", logEvents: many },
      "InvalidParameterException",
      /^1 validation error detected: Value '\[.*' at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000$/s,
    );
    // 10,000 events of 78 bytes: 10,000 x (78 + 26) = 1,040,000 bytes fits.
    t.put(Array.from({ length: 10_000 }, () => ({ timestamp: t.now, message: "y".repeat(78) })));
    // 1,048,576 exactly fits; one byte more does not.
    const exact = 1_048_576 - 26 * 2;
    t.put([
      { timestamp: t.now, message: "a".repeat(exact / 2) },
      { timestamp: t.now, message: "b".repeat(exact / 2) },
    ]);
    t.fails(
      "PutLogEvents",
      {
        logGroupName: "g",
        logStreamName: "s",
        logEvents: [
          { timestamp: t.now, message: "a".repeat(exact / 2) },
          { timestamp: t.now, message: "b".repeat(exact / 2 + 1) },
        ],
      },
      "InvalidParameterException",
      "Upload too large: 1048577 bytes exceeds limit of 1048576",
    );
    t.fails(
      "PutLogEvents",
      { logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: t.now, message: "é".repeat(524_276) }] },
      "InvalidParameterException",
      "Log event too large: 1048578 bytes exceeds limit of 1048576",
    );
  });

  it("skips too old, too new and expired events and reports their indexes", () => {
    const t = withStream();
    const r = t.put([
      { timestamp: t.now - 15 * DAY, message: "old" },
      { timestamp: t.now - HOUR, message: "ok" },
      { timestamp: t.now + 3 * HOUR, message: "new" },
    ]);
    assert.deepEqual(r.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 2 });
    assert.deepEqual(
      t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s" }).events.map((e: { message: string }) => e.message),
      ["ok"],
    );
    t.call("PutRetentionPolicy", { logGroupName: "g", retentionInDays: 1 });
    const r2 = t.put([
      { timestamp: t.now - 2 * DAY, message: "expired" },
      { timestamp: t.now, message: "fresh" },
    ]);
    assert.deepEqual(r2.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 });
    // Everything rejected: nothing stored, still a 200 with the indexes.
    const r3 = t.put([{ timestamp: t.now + 3 * HOUR, message: "new" }]);
    assert.deepEqual(r3.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 0 });
  });

  it("counts storedBytes in UTF-8 bytes and keeps first/last event times", () => {
    const t = withStream();
    t.put([
      { timestamp: t.now - 5, message: "€" },
      { timestamp: t.now, message: "ab" },
    ]);
    assert.equal(t.call("DescribeLogGroups", {}).logGroups[0].storedBytes, 5);
    const [s] = t.call("DescribeLogStreams", { logGroupName: "g" }).logStreams;
    assert.equal(s.firstEventTimestamp, t.now - 5);
    assert.equal(s.lastEventTimestamp, t.now);
  });
});

describe("GetLogEvents", () => {
  it("reads forward from the head, then returns the same token at the end of the stream", () => {
    const t = withStream();
    t.put(Array.from({ length: 5 }, (_, i) => ({ timestamp: t.now - 100 + i, message: `m${i}` })));
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", startFromHead: true, limit: 2, ...(token ? { nextToken: token } : {}) });
      seen.push(...r.events.map((e: { message: string }) => e.message));
      assert.match(r.nextForwardToken, /^f\/\d{56}\/s$/);
      assert.match(r.nextBackwardToken, /^b\/\d{56}\/s$/);
      if (r.nextForwardToken === token) break;
      token = r.nextForwardToken;
    }
    assert.deepEqual(seen, ["m0", "m1", "m2", "m3", "m4"]);
  });

  it("without startFromHead returns the latest page, and backward tokens walk to the head", () => {
    const t = withStream();
    t.put(Array.from({ length: 5 }, (_, i) => ({ timestamp: t.now - 100 + i, message: `m${i}` })));
    const last = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", limit: 2 });
    assert.deepEqual(
      last.events.map((e: { message: string }) => e.message),
      ["m3", "m4"],
    );
    const prev = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", limit: 2, nextToken: last.nextBackwardToken });
    assert.deepEqual(
      prev.events.map((e: { message: string }) => e.message),
      ["m1", "m2"],
    );
    const first = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", limit: 2, nextToken: prev.nextBackwardToken });
    assert.deepEqual(
      first.events.map((e: { message: string }) => e.message),
      ["m0"],
    );
    const end = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", limit: 2, nextToken: first.nextBackwardToken });
    assert.deepEqual(end.events, []);
    assert.equal(end.nextBackwardToken, first.nextBackwardToken);
    // A forward token from the tail picks up events that arrive later (polling, as `tail -f` does).
    t.put([{ timestamp: t.now, message: "later" }]);
    const polled = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", startFromHead: true, nextToken: last.nextForwardToken });
    assert.deepEqual(
      polled.events.map((e: { message: string }) => e.message),
      ["later"],
    );
  });

  it("merges batches by timestamp, ties by arrival, and honours startTime (inclusive) and endTime (exclusive)", () => {
    const t = withStream();
    t.put([
      { timestamp: t.now - 10, message: "a1" },
      { timestamp: t.now - 5, message: "a2" },
      { timestamp: t.now, message: "a3" },
    ]);
    t.put([
      { timestamp: t.now - 7, message: "b1" },
      { timestamp: t.now - 5, message: "b2" },
    ]);
    const all = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", startFromHead: true });
    assert.deepEqual(
      all.events.map((e: { message: string }) => e.message),
      ["a1", "b1", "a2", "b2", "a3"],
    );
    const range = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", startFromHead: true, startTime: t.now - 7, endTime: t.now });
    assert.deepEqual(
      range.events.map((e: { message: string }) => e.message),
      ["b1", "a2", "b2"],
    );
    const pages: string[] = [];
    let token: string | undefined;
    for (;;) {
      const r = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", startFromHead: true, limit: 1, ...(token ? { nextToken: token } : {}) });
      if (r.nextForwardToken === token) break;
      pages.push(...r.events.map((e: { message: string }) => e.message));
      token = r.nextForwardToken;
    }
    assert.deepEqual(pages, ["a1", "b1", "a2", "b2", "a3"]);
  });

  it("pages through many batches that share one timestamp, both ways, in arrival order", () => {
    const t = withStream();
    for (let b = 0; b < 30; b++) t.put(Array.from({ length: 3 }, (_, i) => ({ timestamp: t.now, message: `${b}.${i}` })));
    const expected = Array.from({ length: 90 }, (_, n) => `${Math.floor(n / 3)}.${n % 3}`);
    const forward: string[] = [];
    let token: string | undefined;
    for (;;) {
      const r = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", startFromHead: true, limit: 7, ...(token ? { nextToken: token } : {}) });
      if (r.nextForwardToken === token) break;
      forward.push(...r.events.map((e: { message: string }) => e.message));
      token = r.nextForwardToken;
    }
    assert.deepEqual(forward, expected);
    const backward: string[] = [];
    token = undefined;
    for (;;) {
      const r = t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s", limit: 7, ...(token ? { nextToken: token } : {}) });
      if (r.nextBackwardToken === token) break;
      backward.unshift(...r.events.map((e: { message: string }) => e.message));
      token = r.nextBackwardToken;
    }
    assert.deepEqual(backward, expected);
  });

  it("refuses bad tokens and limits (recorded messages)", () => {
    const t = withStream();
    t.fails("GetLogEvents", { logGroupName: "g", logStreamName: "s", nextToken: "f/123" }, "InvalidParameterException", "The specified nextToken is invalid.");
    t.fails(
      "GetLogEvents",
      { logGroupName: "g", logStreamName: "s", limit: 10_001 },
      "InvalidParameterException",
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
    t.fails("GetLogEvents", { logGroupName: "g", logStreamName: "nope" }, "ResourceNotFoundException", "The specified log stream does not exist.");
  });

  it("stops returning events once the retention has passed, by the clock", () => {
    const t = withStream();
    t.put([{ timestamp: t.now - 2 * DAY, message: "two days old" }]);
    t.put([{ timestamp: t.now, message: "now" }]);
    t.call("PutRetentionPolicy", { logGroupName: "g", retentionInDays: 3 });
    assert.equal(t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s" }).events.length, 2);
    assert.equal(t.call("DescribeLogGroups", {}).logGroups[0].retentionInDays, 3);
    t.clock.advance(DAY + 1);
    assert.deepEqual(
      t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s" }).events.map((e: { message: string }) => e.message),
      ["now"],
    );
    assert.equal(t.call("FilterLogEvents", { logGroupName: "g" }).events.length, 1);
    t.call("DeleteRetentionPolicy", { logGroupName: "g" });
    assert.equal(t.call("GetLogEvents", { logGroupName: "g", logStreamName: "s" }).events.length, 2);
    assert.equal(t.call("DescribeLogGroups", {}).logGroups[0].retentionInDays, undefined);
    t.fails(
      "PutRetentionPolicy",
      { logGroupName: "g", retentionInDays: 2 },
      "InvalidParameterException",
      /^1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, 7, 14, 30/,
    );
    t.fails("PutRetentionPolicy", { logGroupName: "nope", retentionInDays: 1 }, "ResourceNotFoundException");
  });
});

describe("FilterLogEvents", () => {
  it("interleaves streams by timestamp, by name or ARN, stream names or prefix, inclusive endTime, paging to the end", () => {
    const t = withStream();
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "eni-2" });
    t.put([
      { timestamp: t.now - 3, message: "s1" },
      { timestamp: t.now - 1, message: "s2" },
    ]);
    t.put(
      [
        { timestamp: t.now - 2, message: "e1" },
        { timestamp: t.now, message: "e2" },
      ],
      "eni-2",
    );
    const all = t.call("FilterLogEvents", { logGroupIdentifier: "arn:aws:logs:us-east-1:000000000000:log-group:g" });
    assert.deepEqual(
      all.events.map((e: { message: string }) => e.message),
      ["s1", "e1", "s2", "e2"],
    );
    assert.deepEqual(all.searchedLogStreams, []);
    assert.equal(all.nextToken, undefined);
    assert.match(all.events[0].eventId, /^\d{56}$/);
    assert.equal(all.events[1].logStreamName, "eni-2");
    assert.deepEqual(
      t.call("FilterLogEvents", { logGroupName: "g", logStreamNamePrefix: "eni" }).events.map((e: { message: string }) => e.message),
      ["e1", "e2"],
    );
    assert.deepEqual(
      t.call("FilterLogEvents", { logGroupName: "g", logStreamNames: ["s"] }).events.map((e: { message: string }) => e.message),
      ["s1", "s2"],
    );
    assert.deepEqual(
      t.call("FilterLogEvents", { logGroupName: "g", startTime: t.now - 2, endTime: t.now - 1 }).events.map((e: { message: string }) => e.message),
      ["e1", "s2"],
    );
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const r = t.call("FilterLogEvents", { logGroupName: "g", limit: 3, ...(nextToken ? { nextToken } : {}) });
      seen.push(...r.events.map((e: { message: string }) => e.message));
      nextToken = r.nextToken;
    } while (nextToken);
    assert.deepEqual(seen, ["s1", "e1", "s2", "e2"]);
  });

  it("refuses patterns it cannot run, bad tokens, both stream selectors and big limits", () => {
    const t = withStream();
    t.put([{ timestamp: t.now, message: "ERROR x" }]);
    t.fails("FilterLogEvents", { logGroupName: "g", filterPattern: "ERROR %x%" }, "InvalidParameterException", "Invalid character(s) in term '%'");
    assert.equal(t.call("FilterLogEvents", { logGroupName: "g", filterPattern: "ERROR" }).events.length, 1);
    assert.equal(t.call("FilterLogEvents", { logGroupName: "g", filterPattern: "" }).events.length, 1);
    assert.equal(t.call("FilterLogEvents", { logGroupName: "g", filterPattern: " " }).events.length, 1);
    t.fails("FilterLogEvents", { logGroupName: "g", nextToken: "abc" }, "InvalidParameterException", "The specified nextToken is invalid.");
    t.fails("FilterLogEvents", { logGroupName: "g", logStreamNames: ["s"], logStreamNamePrefix: "s" }, "InvalidParameterException");
    t.fails(
      "FilterLogEvents",
      { logGroupName: "g", limit: 10_001 },
      "InvalidParameterException",
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
    t.fails("FilterLogEvents", { logGroupName: "nope" }, "ResourceNotFoundException", "The specified log group does not exist.");
  });
});
