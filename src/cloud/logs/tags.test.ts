import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../../../test/support/logs-harness.js";

describe("tags", () => {
  it("shows the same tags through both APIs (recorded test_tag_resource_api)", () => {
    const t = newLogs();
    const arn = "arn:aws:logs:us-east-1:000000000000:log-group:g";
    t.call("CreateLogGroup", { logGroupName: "g", tags: { env: "testing1" } });
    assert.deepEqual(t.call("ListTagsLogGroup", { logGroupName: "g" }), { tags: { env: "testing1" } });
    t.call("TagResource", { resourceArn: arn, tags: { test1: "val1", test2: "val2" } });
    assert.deepEqual(t.call("ListTagsLogGroup", { logGroupName: "g" }).tags, { env: "testing1", test1: "val1", test2: "val2" });
    t.call("TagLogGroup", { logGroupName: "g", tags: { test3: "val3" } });
    assert.deepEqual(t.call("ListTagsForResource", { resourceArn: arn }).tags, { env: "testing1", test1: "val1", test2: "val2", test3: "val3" });
    t.call("UntagResource", { resourceArn: arn, tagKeys: ["env", "test1"] });
    t.call("UntagLogGroup", { logGroupName: "g", tags: ["test3"] });
    assert.deepEqual(t.call("ListTagsForResource", { resourceArn: arn }).tags, { test2: "val2" });
  });

  it("refuses a 51st tag, unknown resources and ARNs with :*", () => {
    const t = newLogs();
    const arn = "arn:aws:logs:us-east-1:000000000000:log-group:g";
    t.call("CreateLogGroup", { logGroupName: "g", tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) });
    t.fails("TagResource", { resourceArn: arn, tags: { one: "more" } }, "TooManyTagsException");
    t.call("TagResource", { resourceArn: arn, tags: { k0: "overwrite" } });
    t.fails("TagResource", { resourceArn: `${arn}x`, tags: { a: "b" } }, "ResourceNotFoundException");
    t.fails("ListTagsForResource", { resourceArn: "arn:aws:logs:us-east-1:111111111111:log-group:g" }, "ResourceNotFoundException");
    t.fails(
      "ListTagsForResource",
      { resourceArn: `${arn}:*` },
      "InvalidParameterException",
      /Member must satisfy regular expression pattern: \[\\w\+=\/:,\.@-\]\*/,
    );
    t.fails("TagLogGroup", { logGroupName: "nope", tags: { a: "b" } }, "ResourceNotFoundException", "The specified log group does not exist.");
    t.fails(
      "CreateLogGroup",
      { logGroupName: "h", tags: {} },
      "InvalidParameterException",
      "1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("tags destinations by ARN (recorded test_destination_tags)", () => {
    const t = newLogs();
    const { destination } = t.call("PutDestination", {
      destinationName: "d",
      targetArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s",
      roleArn: "arn:aws:iam::000000000000:role/r",
    });
    t.call("TagResource", { resourceArn: destination.arn, tags: { key1: "val1", key2: "val2" } });
    t.call("UntagResource", { resourceArn: destination.arn, tagKeys: ["key2"] });
    assert.deepEqual(t.call("ListTagsForResource", { resourceArn: destination.arn }).tags, { key1: "val1" });
  });
});
