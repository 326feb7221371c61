/** logGroupLink: the group's ARN when it exists; otherwise a failure and the three links below it skipped. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { logGroupLink } from "./log-group.js";

const scope = { partition: "aws-cn", region: "cn-north-1", account: "123456789012" };

test("an existing group is ok with its ARN in the scope's partition", () => {
  assert.deepEqual(logGroupLink(true, scope, "G"), [
    { id: "log-group", title: "log group", status: "ok", detail: "arn:aws-cn:logs:cn-north-1:123456789012:log-group:G" },
  ]);
});

test("a missing group fails and skips retention, streams and freshness", () => {
  assert.deepEqual(
    logGroupLink(false, scope, "G").map((c) => [c.id, c.status]),
    [
      ["log-group", "fail"],
      ["retention", "skip"],
      ["streams", "skip"],
      ["freshness", "skip"],
    ],
  );
});
