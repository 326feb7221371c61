import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../../../test/support/logs-harness.js";

describe("log groups", () => {
  it("creates, describes with AWS's fields and ARNs, and refuses duplicates (recorded messages)", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "MyVpc22-Log", kmsKeyId: "arn:aws:kms:us-east-1:000000000000:key/k" });
    t.fails("CreateLogGroup", { logGroupName: "MyVpc22-Log" }, "ResourceAlreadyExistsException", "The specified log group already exists");
    const [g] = t.call("DescribeLogGroups", {}).logGroups;
    assert.deepEqual(g, {
      logGroupName: "MyVpc22-Log",
      creationTime: t.clock.now(),
      metricFilterCount: 0,
      arn: "arn:aws:logs:us-east-1:000000000000:log-group:MyVpc22-Log:*",
      logGroupClass: "STANDARD",
      logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:MyVpc22-Log",
      storedBytes: 0,
      kmsKeyId: "arn:aws:kms:us-east-1:000000000000:key/k",
      deletionProtectionEnabled: false,
    });
  });

  it("applies the name rules with AWS's exact messages", () => {
    const t = newLogs();
    t.fails(
      "CreateLogGroup",
      { logGroupName: "bad name" },
      "InvalidParameterException",
      "1 validation error detected: Value 'bad name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
    t.fails(
      "CreateLogGroup",
      { logGroupName: "a".repeat(513) },
      "InvalidParameterException",
      "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
    );
    t.fails(
      "CreateLogGroup",
      { logGroupName: "" },
      "InvalidParameterException",
      "2 validation errors detected: Value '' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; Value '' at 'logGroupName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    t.fails(
      "CreateLogGroup",
      {},
      "InvalidParameterException",
      "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
    );
    t.fails("CreateLogGroup", { logGroupName: "aws/reserved" }, "InvalidParameterException");
    t.fails(
      "CreateLogGroup",
      { logGroupName: "g", logGroupClass: "COLD" },
      "InvalidParameterException",
      "1 validation error detected: Value 'COLD' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]",
    );
    t.call("CreateLogGroup", { logGroupName: "/aws/lambda/ok_name-1.#" });
  });

  it("pages in ASCII order, by prefix, by substring pattern (brief fields), never both", () => {
    const t = newLogs();
    for (const n of ["b", "a_1", "a_2", "A", "c/a_x", "a%"]) t.call("CreateLogGroup", { logGroupName: n.replace("%", "-") });
    const names: string[] = [];
    let token: string | undefined;
    do {
      const r = t.call("DescribeLogGroups", { limit: 2, ...(token ? { nextToken: token } : {}) });
      names.push(...r.logGroups.map((g: { logGroupName: string }) => g.logGroupName));
      token = r.nextToken;
    } while (token);
    assert.deepEqual(names, ["A", "a-", "a_1", "a_2", "b", "c/a_x"]);
    assert.deepEqual(
      t.call("DescribeLogGroups", { logGroupNamePrefix: "a_" }).logGroups.map((g: { logGroupName: string }) => g.logGroupName),
      ["a_1", "a_2"],
    );
    const pattern = t.call("DescribeLogGroups", { logGroupNamePattern: "a_" }).logGroups;
    assert.deepEqual(
      pattern.map((g: { logGroupName: string }) => g.logGroupName),
      ["a_1", "a_2", "c/a_x"],
    );
    assert.equal(pattern[0].storedBytes, undefined);
    t.fails(
      "DescribeLogGroups",
      { logGroupNamePrefix: "a", logGroupNamePattern: "a" },
      "InvalidParameterException",
      "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    );
    t.fails("DescribeLogGroups", { nextToken: "garbage" }, "InvalidParameterException", "The specified nextToken is invalid.");
    t.fails(
      "DescribeLogGroups",
      { limit: 51 },
      "InvalidParameterException",
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });

  it("deletes a group with its streams and tags; a missing group is ResourceNotFoundException", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g", tags: { env: "testing" } });
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    t.call("DeleteLogGroup", { logGroupName: "g" });
    t.fails("DeleteLogGroup", { logGroupName: "g" }, "ResourceNotFoundException", "The specified log group does not exist.");
    t.call("CreateLogGroup", { logGroupName: "g" });
    assert.deepEqual(t.call("ListTagsLogGroup", { logGroupName: "g" }).tags, {});
    assert.deepEqual(t.call("DescribeLogStreams", { logGroupName: "g" }).logStreams, []);
  });

  it("refuses to delete a group with deletion protection", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g", deletionProtectionEnabled: true });
    t.fails("DeleteLogGroup", { logGroupName: "g" }, "ValidationException");
  });

  it("isolates accounts and regions", () => {
    const t = newLogs();
    const other = t.scope("111111111111");
    const west = t.scope("000000000000", "us-west-2");
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.call("CreateLogGroup", { logGroupName: "g" }, other);
    t.call("CreateLogGroup", { logGroupName: "g" }, west);
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "only-here" }, other);
    assert.equal(t.call("DescribeLogStreams", { logGroupName: "g" }).logStreams.length, 0);
    assert.equal(t.call("DescribeLogGroups", {}, west).logGroups[0].arn, "arn:aws:logs:us-west-2:000000000000:log-group:g:*");
    t.call("DeleteLogGroup", { logGroupName: "g" });
    assert.equal(t.call("DescribeLogGroups", {}, other).logGroups.length, 1);
    t.fails("DescribeLogStreams", { logGroupIdentifier: "arn:aws:logs:us-east-1:111111111111:log-group:g" }, "ResourceNotFoundException");
  });

  it("empties every account on reset", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.service.reset();
    assert.deepEqual(t.call("DescribeLogGroups", {}).logGroups, []);
  });
});
