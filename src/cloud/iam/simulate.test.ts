/** SimulatePrincipalPolicy and SimulateCustomPolicy: decisions, matched statements and the recorded result shape. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACCOUNT, allow, doc, newIam, trustFor } from "../../../test/support/iam-harness.js";

describe("SimulatePrincipalPolicy", () => {
  for (const kind of ["user", "role"] as const) {
    it(`answers the recorded shape for a ${kind}`, () => {
      const { call } = newIam();
      // Written as Python's json.dumps writes it: the recorded positions (41 to 113) fit this text.
      const policy = '{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}';
      if (kind === "user") {
        call("CreateUser", { UserName: "u" });
        call("PutUserPolicy", { UserName: "u", PolicyName: "p", PolicyDocument: policy });
      } else {
        call("CreateRole", { RoleName: "u", AssumeRolePolicyDocument: trustFor({ Service: "ec2.amazonaws.com" }) });
        call("PutRolePolicy", { RoleName: "u", PolicyName: "p", PolicyDocument: policy });
      }
      const out = call("SimulatePrincipalPolicy", {
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:${kind}/u`,
        ActionNames: ["s3:PutObject", "s3:GetObjectVersion"],
        ResourceArns: ["arn:aws:s3:::bucket"],
      });
      assert.equal(out.IsTruncated, false);
      const [put, get] = out.EvaluationResults;
      const statement = { SourcePolicyId: "p", SourcePolicyType: "IAM Policy", StartPosition: { Line: 1, Column: 41 }, EndPosition: { Line: 1, Column: 113 } };
      assert.deepEqual(put, {
        EvalActionName: "s3:PutObject",
        EvalResourceName: "arn:aws:s3:::bucket",
        EvalDecision: "allowed",
        MatchedStatements: [statement],
        MissingContextValues: [],
        OrganizationsDecisionDetail: { AllowedByOrganizations: true },
        EvalDecisionDetails: new Map(),
        ResourceSpecificResults: [
          { EvalResourceName: "arn:aws:s3:::bucket", EvalResourceDecision: "allowed", MatchedStatements: [statement], MissingContextValues: [] },
        ],
      });
      assert.deepEqual([get.EvalDecision, get.MatchedStatements], ["implicitDeny", []]);
    });
  }
  it("sees attached managed policies, explicit denies, and refuses unknown sources", () => {
    const { call, fails } = newIam();
    call("CreateUser", { UserName: "alice" });
    call("AttachUserPolicy", { UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess" });
    call("PutUserPolicy", { UserName: "alice", PolicyName: "deny", PolicyDocument: doc([{ Effect: "Deny", Action: "logs:DeleteLogGroup", Resource: "*" }]) });
    const out = call("SimulatePrincipalPolicy", {
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      ActionNames: ["logs:PutLogEvents", "logs:DeleteLogGroup", "ec2:DescribeVpcs"],
    });
    assert.deepEqual(
      out.EvaluationResults.map((r: { EvalDecision: string }) => r.EvalDecision),
      ["allowed", "explicitDeny", "implicitDeny"],
    );
    assert.equal(out.EvaluationResults[0].MatchedStatements[0].SourcePolicyId, "CloudWatchLogsFullAccess");
    assert.equal(out.EvaluationResults[0].EvalResourceName, "*");
    fails(
      "SimulatePrincipalPolicy",
      { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/bob`, ActionNames: ["logs:PutLogEvents"] },
      "NoSuchEntity",
      "The user with name bob cannot be found.",
    );
  });
});

describe("SimulateCustomPolicy", () => {
  it("evaluates the given documents with context entries", () => {
    const { call, fails } = newIam();
    const policy = doc([{ Effect: "Allow", Action: "logs:*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }]);
    const run = (ip: string) =>
      call("SimulateCustomPolicy", {
        PolicyInputList: [policy],
        ActionNames: ["logs:PutLogEvents"],
        ContextEntries: [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: [ip], ContextKeyType: "ip" }],
      }).EvaluationResults[0];
    assert.equal(run("10.1.2.3").EvalDecision, "allowed");
    assert.equal(run("10.1.2.3").MatchedStatements[0].SourcePolicyId, "PolicyInputList.1");
    assert.equal(run("192.168.0.1").EvalDecision, "implicitDeny");
    fails("SimulateCustomPolicy", { PolicyInputList: ["{"], ActionNames: ["logs:PutLogEvents"] }, "MalformedPolicyDocument", "Syntax errors in policy.");
    fails(
      "SimulateCustomPolicy",
      { PolicyInputList: [allow("logs:*")] },
      "ValidationError",
      "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null",
    );
  });
  it("names the condition keys a simulation lacks: at the top for *, per resource for named ones", () => {
    const { call } = newIam();
    const policy = doc([
      {
        Effect: "Allow",
        Action: "logs:*",
        Resource: "*",
        Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" }, StringEquals: { "aws:SourceVpc": "vpc-1" } },
      },
      { Effect: "Deny", Action: "ec2:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } },
      {
        Effect: "Allow",
        Action: "logs:PutLogEvents",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT }, Null: { "aws:TokenIssueTime": "true" } },
      },
    ]);
    const top = call("SimulateCustomPolicy", { PolicyInputList: [policy], ActionNames: ["logs:PutLogEvents"] }).EvaluationResults[0];
    // aws:PrincipalAccount is derived from the caller; a Null condition needs no value.
    assert.deepEqual(top.MissingContextValues, ["aws:SourceIp", "aws:SourceVpc"]);
    assert.deepEqual(top.ResourceSpecificResults[0].MissingContextValues, []);
    const given = call("SimulateCustomPolicy", {
      PolicyInputList: [policy],
      ActionNames: ["logs:PutLogEvents"],
      ContextEntries: [{ ContextKeyName: "aws:sourceip", ContextKeyValues: ["10.1.2.3"], ContextKeyType: "ip" }],
    }).EvaluationResults[0];
    assert.deepEqual(given.MissingContextValues, ["aws:SourceVpc"]);
    const named = call("SimulateCustomPolicy", {
      PolicyInputList: [policy],
      ActionNames: ["ec2:DescribeVpcs"],
      ResourceArns: ["arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"],
    }).EvaluationResults[0];
    assert.deepEqual(named.MissingContextValues, []);
    assert.deepEqual(named.ResourceSpecificResults[0].MissingContextValues, ["aws:MultiFactorAuthPresent"]);
  });
});
