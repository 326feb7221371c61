/** echo() and the message limit under every AwsError. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { AwsError } from "./aws-error.js";
import { ECHO_LIMIT, echo, MESSAGE_LIMIT } from "./echo.js";

test("echo keeps short values whole and cuts long ones to a prefix and ...", () => {
  assert.equal(echo("vpc-1"), "vpc-1");
  assert.equal(echo("a".repeat(ECHO_LIMIT)), "a".repeat(ECHO_LIMIT));
  assert.equal(echo("a".repeat(ECHO_LIMIT + 1)), `${"a".repeat(ECHO_LIMIT)}...`);
});

test("no AwsError message is longer than MESSAGE_LIMIT, whatever a site quoted", () => {
  const error = new AwsError("InvalidVpcID.Malformed", `Invalid id: "${"v".repeat(3_000_000)}"`);
  assert.equal(error.message.length, MESSAGE_LIMIT + 3);
  assert.ok(error.message.startsWith('Invalid id: "vvv'));
  assert.equal(new AwsError("X", "short").message, "short");
});
