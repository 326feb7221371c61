/** The client side's one ARN parser: parts, IAM entity names past a path, a role session's role; malformed ARNs are none. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { iamEntityName, nameOf, parseArn, partitionOf, sessionRoleOf } from "./arns.js";

test("parseArn keeps the resource's colons and refuses what has fewer than six parts", () => {
  assert.deepEqual(parseArn("arn:aws-cn:logs:cn-north-1:123456789012:log-group:G:*"), {
    partition: "aws-cn",
    service: "logs",
    region: "cn-north-1",
    account: "123456789012",
    resource: "log-group:G:*",
  });
  assert.deepEqual(parseArn("arn:aws:iam::123456789012:role/a/b/r")?.resource, "role/a/b/r");
  for (const bad of ["", "arn:aws:iam::123456789012", "urn:aws:iam::123456789012:role/r", "role/r"]) assert.equal(parseArn(bad), undefined, bad);
});

test("partitionOf: the ARN's partition, aws when there is none", () => {
  assert.equal(partitionOf("arn:aws-us-gov:sts::123456789012:assumed-role/r/s"), "aws-us-gov");
  assert.equal(partitionOf(""), "aws");
});

test("iamEntityName: the name past any path, only for IAM role/user ARNs of a 12-digit account", () => {
  assert.equal(iamEntityName("arn:aws:iam::123456789012:role/service-role/flow/my-role", "role"), "my-role");
  assert.equal(iamEntityName("arn:aws:iam::123456789012:user/u", "user"), "u");
  assert.equal(iamEntityName("arn:aws:iam::123456789012:user/u", "role"), undefined);
  assert.equal(iamEntityName("arn:aws:iam::12345:role/r", "role"), undefined);
  assert.equal(iamEntityName("arn:aws:iam:us-east-1:123456789012:role/r", "role"), undefined);
  assert.equal(iamEntityName("arn:aws:iam::123456789012:role/path/", "role"), undefined);
  assert.equal(iamEntityName("arn:aws:sts::123456789012:role/r", "role"), undefined);
});

test("sessionRoleOf: a role session's role and account; the session name is required", () => {
  assert.deepEqual(sessionRoleOf("arn:aws-cn:sts::123456789012:assumed-role/flow-role/s-1"), {
    partition: "aws-cn",
    account: "123456789012",
    role: "flow-role",
  });
  assert.equal(sessionRoleOf("arn:aws:sts::123456789012:assumed-role/flow-role"), undefined);
  assert.equal(sessionRoleOf("arn:aws:sts::123456789012:federated-user/bob"), undefined);
  assert.equal(sessionRoleOf("arn:aws:iam::123456789012:role/r"), undefined);
});

test("nameOf: the last path segment, the whole string without one", () => {
  assert.equal(nameOf("arn:aws:iam::123456789012:role/p/r"), "r");
  assert.equal(nameOf("r"), "r");
});
