import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SEED_TRUST, trustPolicy } from "../documents.js";
import { readTrust } from "./trust.js";

const scope = { partition: "aws", region: "us-east-1", account: "123456789012" };
const context = { "aws:SourceAccount": "123456789012", "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/fl-1" };

describe("readTrust", () => {
  test("the tutorial's trust policy: the principal, no conditions", () => {
    assert.deepEqual([readTrust(SEED_TRUST, context).principal, readTrust(SEED_TRUST, context).conditions], [true, true]);
  });
  test("the hardened one admits this account's flow log, and not another account's", () => {
    assert.equal(readTrust(trustPolicy(scope, false), context).conditions, true);
    assert.equal(readTrust(trustPolicy(scope, false), { ...context, "aws:SourceAccount": "999999999999" }).conditions, false);
    assert.equal(
      readTrust(trustPolicy(scope, false), { ...context, "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/fl-1" }).conditions,
      false,
    );
  });
  test("another service as principal is not the flow logs principal", () => {
    const ec2 = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    assert.equal(readTrust(ec2, context).principal, false);
  });
  test("an unknown condition key cannot be verified rather than guessed", () => {
    const odd = {
      Statement: [
        { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
      ],
    };
    assert.equal(readTrust(odd, context).conditions, undefined);
  });
});
