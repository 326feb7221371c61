/** Managed policies and their versions: success shapes and AWS's exact errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACCOUNT, allow, decoded, newIam } from "../../../test/support/iam-harness.js";

const ARN = `arn:aws:iam::${ACCOUNT}:policy/my-flowpolicy`;
const seed = allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]);

describe("CreatePolicy / GetPolicy", () => {
  it("creates v1 as the default, with AWS's Policy shape", () => {
    const { call, clock } = newIam();
    const { Policy } = call("CreatePolicy", { PolicyName: "my-flowpolicy", PolicyDocument: seed });
    assert.equal(Policy.Arn, ARN);
    assert.match(Policy.PolicyId, /^ANPA[A-Z2-7]{17}$/);
    assert.deepEqual(
      { ...Policy, PolicyId: "x" },
      {
        PolicyName: "my-flowpolicy",
        PolicyId: "x",
        Arn: ARN,
        Path: "/",
        DefaultVersionId: "v1",
        AttachmentCount: 0,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: new Date(clock.now()),
        UpdateDate: new Date(clock.now()),
      },
    );
    assert.equal(call("GetPolicy", { PolicyArn: ARN }).Policy.PolicyName, "my-flowpolicy");
  });
  it("puts the path in the ARN and keeps description and tags", () => {
    const { call } = newIam();
    const { Policy } = call("CreatePolicy", { PolicyName: "p", Path: "/team/", PolicyDocument: seed, Description: "d", Tags: [{ Key: "k", Value: "v" }] });
    assert.equal(Policy.Arn, `arn:aws:iam::${ACCOUNT}:policy/team/p`);
    assert.equal(Policy.Description, "d");
    assert.deepEqual(Policy.Tags, [{ Key: "k", Value: "v" }]);
  });
  it("refuses a duplicate name, in any case", () => {
    const { call, fails } = newIam();
    call("CreatePolicy", { PolicyName: "my-flowpolicy", PolicyDocument: seed });
    fails(
      "CreatePolicy",
      { PolicyName: "MY-FLOWPOLICY", PolicyDocument: seed },
      "EntityAlreadyExists",
      "A policy called MY-FLOWPOLICY already exists. Duplicate names are not allowed.",
    );
  });
  it("refuses malformed documents with IAM's messages", () => {
    const { fails } = newIam();
    fails("CreatePolicy", { PolicyName: "p", PolicyDocument: "{" }, "MalformedPolicyDocument", "Syntax errors in policy.");
    fails(
      "CreatePolicy",
      { PolicyName: "p", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*" }] }) },
      "MalformedPolicyDocument",
      "Policy statement must contain resources.",
    );
    fails(
      "CreatePolicy",
      {
        PolicyName: "p",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "logs:*", Resource: "*" }] }),
      },
      "MalformedPolicyDocument",
      "Policy document should not specify a principal.",
    );
  });
  it("refuses bad names with AWS's ValidationError wording", () => {
    const { fails } = newIam();
    fails(
      "CreatePolicy",
      { PolicyName: "bad name!", PolicyDocument: seed },
      "ValidationError",
      "1 validation error detected: Value 'bad name!' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    fails(
      "CreatePolicy",
      { PolicyDocument: seed },
      "ValidationError",
      "1 validation error detected: Value null at 'policyName' failed to satisfy constraint: Member must not be null",
    );
  });
  it("refuses a document over 6144 characters (whitespace not counted)", () => {
    const { fails } = newIam();
    const big = allow(Array.from({ length: 400 }, (_, i) => `logs:Action${i}`));
    fails("CreatePolicy", { PolicyName: "p", PolicyDocument: big }, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144");
  });
  it("answers NoSuchEntity and the recorded ValidationError for bad ARNs", () => {
    const { fails } = newIam();
    fails("GetPolicy", { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/none` }, "NoSuchEntity", `Policy arn:aws:iam::${ACCOUNT}:policy/none was not found.`);
    fails("GetPolicy", { PolicyArn: "not-an-arn-but-long-enough" }, "ValidationError", "Invalid ARN:  Could not be parsed!");
  });
});

describe("AWS managed policies", () => {
  it("exist in every account, read-only, with their documents", () => {
    const { call, fails, root } = newIam();
    for (const account of [ACCOUNT, "000000000000"]) {
      const { Policy } = call("GetPolicy", { PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, root(account));
      assert.equal(Policy.DefaultVersionId, "v1");
    }
    const v = call("GetPolicyVersion", { PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", VersionId: "v1" });
    assert.ok(decoded(v.PolicyVersion.Document).Statement[0].Action.includes("logs:*"));
    fails("DeletePolicy", { PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, "InvalidInput");
    fails("CreatePolicyVersion", { PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", PolicyDocument: seed }, "InvalidInput");
  });
});

describe("ListPolicies", () => {
  it("filters by Scope, OnlyAttached and PathPrefix, and pages with Marker", () => {
    const { call } = newIam();
    call("CreatePolicy", { PolicyName: "a", PolicyDocument: seed, Path: "/x/" });
    call("CreatePolicy", { PolicyName: "b", PolicyDocument: seed });
    call("CreateRole", {
      RoleName: "r",
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    call("AttachRolePolicy", { RoleName: "r", PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/b` });
    call("AttachRolePolicy", { RoleName: "r", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    const names = (input: object) => call("ListPolicies", input).Policies.map((p: { PolicyName: string }) => p.PolicyName);
    assert.deepEqual(names({ Scope: "Local" }), ["a", "b"]);
    assert.equal(names({ Scope: "AWS" }).length, 6);
    assert.equal(names({}).length, 8);
    assert.deepEqual(names({ OnlyAttached: "true" }), ["b", "ReadOnlyAccess"]);
    assert.deepEqual(names({ Scope: "Local", PathPrefix: "/x/" }), ["a"]);
    const first = call("ListPolicies", { MaxItems: "3" });
    assert.equal(first.IsTruncated, true);
    assert.equal(first.Policies.length, 3);
    const rest = call("ListPolicies", { Marker: first.Marker });
    assert.equal(rest.IsTruncated, false);
    assert.equal(rest.Marker, undefined);
    assert.equal(rest.Policies.length, 5);
    assert.equal(call("ListPolicies", { Scope: "Local" }).Policies[1].AttachmentCount, 1);
  });
  it("answers ValidationError for MaxItems out of range", () => {
    const { fails } = newIam();
    fails(
      "ListPolicies",
      { MaxItems: "0" },
      "ValidationError",
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});

describe("policy versions", () => {
  const setup = () => {
    const t = newIam();
    t.call("CreatePolicy", { PolicyName: "my-flowpolicy", PolicyDocument: seed });
    return t;
  };
  it("CreatePolicyVersion adds versions, SetAsDefault moves the default", () => {
    const { call } = setup();
    const v2 = call("CreatePolicyVersion", { PolicyArn: ARN, PolicyDocument: allow("logs:*") });
    assert.deepEqual([v2.PolicyVersion.VersionId, v2.PolicyVersion.IsDefaultVersion], ["v2", false]);
    const v3 = call("CreatePolicyVersion", { PolicyArn: ARN, PolicyDocument: allow("ec2:*"), SetAsDefault: "true" });
    assert.equal(v3.PolicyVersion.IsDefaultVersion, true);
    assert.equal(call("GetPolicy", { PolicyArn: ARN }).Policy.DefaultVersionId, "v3");
    const listed = call("ListPolicyVersions", { PolicyArn: ARN }).Versions;
    assert.deepEqual(
      listed.map((v: { VersionId: string; IsDefaultVersion: boolean }) => [v.VersionId, v.IsDefaultVersion]),
      [
        ["v3", true],
        ["v2", false],
        ["v1", false],
      ],
    );
    assert.equal(listed[0].Document, undefined);
    call("SetDefaultPolicyVersion", { PolicyArn: ARN, VersionId: "v1" });
    const got = call("GetPolicyVersion", { PolicyArn: ARN, VersionId: "v1" }).PolicyVersion;
    assert.equal(got.IsDefaultVersion, true);
    assert.deepEqual(decoded(got.Document), JSON.parse(seed));
    assert.equal(got.Document, encodeURIComponent(seed));
  });
  it("refuses a sixth version with LimitExceeded", () => {
    const { call, fails } = setup();
    for (let i = 2; i <= 5; i++) call("CreatePolicyVersion", { PolicyArn: ARN, PolicyDocument: allow(`logs:A${i}`) });
    fails(
      "CreatePolicyVersion",
      { PolicyArn: ARN, PolicyDocument: allow("logs:A6") },
      "LimitExceeded",
      "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
    );
    call("DeletePolicyVersion", { PolicyArn: ARN, VersionId: "v2" });
    // Ids are not reused after a deletion.
    assert.equal(call("CreatePolicyVersion", { PolicyArn: ARN, PolicyDocument: allow("logs:A6") }).PolicyVersion.VersionId, "v6");
  });
  it("refuses to delete the default version, or a missing one", () => {
    const { fails } = setup();
    fails("DeletePolicyVersion", { PolicyArn: ARN, VersionId: "v1" }, "DeleteConflict", "Cannot delete the default version of a policy.");
    fails("DeletePolicyVersion", { PolicyArn: ARN, VersionId: "v4" }, "NoSuchEntity", `Policy ${ARN} version v4 does not exist or is not attachable.`);
    fails("GetPolicyVersion", { PolicyArn: ARN, VersionId: "v9" }, "NoSuchEntity", `Policy ${ARN} version v9 does not exist or is not attachable.`);
    fails("SetDefaultPolicyVersion", { PolicyArn: ARN, VersionId: "v2" }, "NoSuchEntity");
    fails(
      "GetPolicyVersion",
      { PolicyArn: ARN, VersionId: "1" },
      "ValidationError",
      /at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });
});

describe("DeletePolicy / ListEntitiesForPolicy", () => {
  it("refuses while attached or while other versions exist; then deletes", () => {
    const { call, fails } = newIam();
    call("CreatePolicy", { PolicyName: "my-flowpolicy", PolicyDocument: seed });
    call("CreateUser", { UserName: "alice" });
    call("AttachUserPolicy", { UserName: "alice", PolicyArn: ARN });
    const entities = call("ListEntitiesForPolicy", { PolicyArn: ARN });
    assert.deepEqual(
      entities.PolicyUsers.map((u: { UserName: string }) => u.UserName),
      ["alice"],
    );
    assert.deepEqual([entities.PolicyRoles, entities.PolicyGroups], [[], []]);
    fails("DeletePolicy", { PolicyArn: ARN }, "DeleteConflict", "Cannot delete a policy attached to entities.");
    call("DetachUserPolicy", { UserName: "alice", PolicyArn: ARN });
    call("CreatePolicyVersion", { PolicyArn: ARN, PolicyDocument: allow("logs:*") });
    fails("DeletePolicy", { PolicyArn: ARN }, "DeleteConflict", /must delete the policy's versions/);
    call("DeletePolicyVersion", { PolicyArn: ARN, VersionId: "v2" });
    call("DeletePolicy", { PolicyArn: ARN });
    fails("DeletePolicy", { PolicyArn: ARN }, "NoSuchEntity", `Policy ${ARN} was not found.`);
  });
});
