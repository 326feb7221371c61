/** trustLinks: the hardened trust policy passes both links; without the service principal the conditions are skipped. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { trustPolicy } from "../../documents.js";
import { trustLinks } from "./trust.js";

const scope = { partition: "aws", region: "eu-west-1", account: "123456789012" };
const roleArn = "arn:aws:iam::123456789012:role/r";

test("setup's hardened trust policy: principal and conditions ok", () => {
  assert.deepEqual(
    trustLinks(trustPolicy(scope, false), roleArn, scope, "fl-0123").map((c) => [c.id, c.status]),
    [
      ["trust-principal", "ok"],
      ["trust-conditions", "ok"],
    ],
  );
});

test("another account's condition fails the conditions with setup's fix naming this account", () => {
  const checks = trustLinks(trustPolicy({ ...scope, account: "999999999999" }, false), roleArn, scope, undefined);
  assert.equal(checks[1]?.status, "fail");
  assert.match(checks[1]?.fix ?? "", /aws:SourceAccount 123456789012 and aws:SourceArn arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log\/\*/);
});

test("a trust policy for another service fails the principal and skips the conditions", () => {
  const other = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
  assert.deepEqual(
    trustLinks(other, roleArn, scope, "fl-1").map((c) => [c.id, c.status, c.detail.startsWith("not checked") || c.id === "trust-principal"]),
    [
      ["trust-principal", "fail", true],
      ["trust-conditions", "skip", true],
    ],
  );
});
