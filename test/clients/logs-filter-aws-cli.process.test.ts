/** Filter patterns and metric filters through the real AWS CLI v2 against a LocalCloud. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const SSH_REJECT =
  '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';
const record = (src: string, port: number, action: string) =>
  `2 123456789010 eni-0123456789abcdef0 ${src} 10.0.1.5 51234 ${port} 6 3 180 1700000000 1700000060 ${action} OK`;

describe("filter patterns through the AWS CLI v2", () => {
  test("filter-log-events with the tutorial's SSH-reject pattern returns exactly the rejected SSH records", async () => {
    assert.equal((await awsCli(env.endpoint, ["logs", "create-log-group", "--log-group-name", "MyVpc22-Log"])).status, 0);
    const now = Date.now();
    const records = [
      record("203.0.113.7", 22, "REJECT"),
      record("203.0.113.8", 22, "ACCEPT"),
      record("203.0.113.9", 80, "REJECT"),
      record("198.51.100.1", 22, "REJECT"),
    ];
    for (const [i, stream] of ["eni-0123456789abcdef0-all", "eni-0fedcba9876543210-all"].entries()) {
      assert.equal((await awsCli(env.endpoint, ["logs", "create-log-stream", "--log-group-name", "MyVpc22-Log", "--log-stream-name", stream])).status, 0);
      const events = records.slice(i * 2, i * 2 + 2).map((message, j) => ({ timestamp: now - 10_000 + i * 2 + j, message }));
      const put = await awsCli(env.endpoint, [
        "logs",
        "put-log-events",
        "--log-group-name",
        "MyVpc22-Log",
        "--log-stream-name",
        stream,
        "--log-events",
        JSON.stringify(events),
      ]);
      assert.equal(put.status, 0, put.stderr);
    }
    const got = await awsCli(env.endpoint, ["logs", "filter-log-events", "--log-group-name", "MyVpc22-Log", "--filter-pattern", SSH_REJECT]);
    assert.equal(got.status, 0, got.stderr);
    assert.deepEqual(
      got.json.events.map((e: { message: string }) => e.message),
      [records[0], records[3]],
    );
    assert.deepEqual(
      got.json.events.map((e: { logStreamName: string }) => e.logStreamName),
      ["eni-0123456789abcdef0-all", "eni-0fedcba9876543210-all"],
    );
    assert.deepEqual(got.json.searchedLogStreams, []);
    // The CLI pages on its own (--page-size sets limit); the result is the same.
    const paged = await awsCli(env.endpoint, [
      "logs",
      "filter-log-events",
      "--log-group-name",
      "MyVpc22-Log",
      "--filter-pattern",
      "REJECT",
      "--page-size",
      "1",
    ]);
    assert.equal(paged.json.events.length, 3);
  });

  test("an invalid pattern fails with InvalidParameterException and the engine's message", async () => {
    const bad = await awsCli(env.endpoint, ["logs", "filter-log-events", "--log-group-name", "MyVpc22-Log", "--filter-pattern", "10.0.0.1"]);
    assert.equal(bad.status, 254);
    assert.match(bad.stderr, /InvalidParameterException.*Invalid character\(s\) in term '\.'/);
  });

  test("put-metric-filter, describe-metric-filters, test-metric-filter", async () => {
    const put = await awsCli(env.endpoint, [
      "logs",
      "put-metric-filter",
      "--log-group-name",
      "MyVpc22-Log",
      "--filter-name",
      "ssh-rejects",
      "--filter-pattern",
      SSH_REJECT,
      "--metric-transformations",
      "metricName=SSHRejects,metricNamespace=flowwatch,metricValue=1",
    ]);
    assert.equal(put.status, 0, put.stderr);
    const described = await awsCli(env.endpoint, ["logs", "describe-metric-filters", "--log-group-name", "MyVpc22-Log"]);
    assert.deepEqual(described.json.metricFilters[0].metricTransformations, [{ metricName: "SSHRejects", metricNamespace: "flowwatch", metricValue: "1" }]);
    const tested = await awsCli(env.endpoint, [
      "logs",
      "test-metric-filter",
      "--filter-pattern",
      SSH_REJECT,
      "--log-event-messages",
      record("203.0.113.8", 22, "ACCEPT"),
      record("203.0.113.7", 22, "REJECT"),
    ]);
    assert.equal(tested.status, 0, tested.stderr);
    assert.equal(tested.json.matches.length, 1);
    assert.equal(tested.json.matches[0].eventNumber, 1);
    assert.equal(tested.json.matches[0].extractedValues.$source, "203.0.113.7");
    const del = await awsCli(env.endpoint, ["logs", "delete-metric-filter", "--log-group-name", "MyVpc22-Log", "--filter-name", "ssh-rejects"]);
    assert.equal(del.status, 0, del.stderr);
  });
});
