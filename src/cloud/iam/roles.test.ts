/** Roles, their tags, and their attached and inline policies: success shapes and AWS's exact errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACCOUNT, allow, decoded, newIam, trustFor } from "../../../test/support/iam-harness.js";

const ec2Trust = trustFor({ Service: "ec2.amazonaws.com" });
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/my-flowlog-role`;

describe("CreateRole / GetRole / ListRoles", () => {
  it("answers the recorded shapes: CreateRole without MaxSessionDuration, GetRole with RoleLastUsed", () => {
    const { call } = newIam();
    const created = call("CreateRole", { RoleName: "my-flowlog-role", AssumeRolePolicyDocument: ec2Trust }).Role;
    assert.equal(created.Arn, ROLE_ARN);
    assert.match(created.RoleId, /^AROA[A-Z2-7]{17}$/);
    assert.equal(created.MaxSessionDuration, undefined);
    assert.equal(created.RoleLastUsed, undefined);
    assert.deepEqual(decoded(created.AssumeRolePolicyDocument), JSON.parse(ec2Trust));
    const got = call("GetRole", { RoleName: "MY-FLOWLOG-ROLE" }).Role;
    assert.equal(got.RoleName, "my-flowlog-role");
    assert.equal(got.MaxSessionDuration, 3600);
    assert.deepEqual(got.RoleLastUsed, {});
    const listed = call("ListRoles", {});
    assert.equal(listed.IsTruncated, false);
    assert.equal(listed.Roles[0].MaxSessionDuration, 3600);
    assert.equal(listed.Roles[0].RoleLastUsed, undefined);
  });
  it("puts the path in the ARN and filters ListRoles by PathPrefix", () => {
    const { call } = newIam();
    assert.equal(call("CreateRole", { RoleName: "a", Path: "/svc/", AssumeRolePolicyDocument: ec2Trust }).Role.Arn, `arn:aws:iam::${ACCOUNT}:role/svc/a`);
    call("CreateRole", { RoleName: "b", AssumeRolePolicyDocument: ec2Trust });
    assert.deepEqual(
      call("ListRoles", { PathPrefix: "/svc/" }).Roles.map((r: { RoleName: string }) => r.RoleName),
      ["a"],
    );
  });
  it("refuses duplicates, bad trust policies and missing roles as AWS does", () => {
    const { call, fails } = newIam();
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: ec2Trust });
    fails("CreateRole", { RoleName: "R", AssumeRolePolicyDocument: ec2Trust }, "EntityAlreadyExists", "Role with name R already exists.");
    fails("CreateRole", { RoleName: "x", AssumeRolePolicyDocument: "{not json" }, "MalformedPolicyDocument", "This policy contains invalid Json");
    fails(
      "CreateRole",
      { RoleName: "x", AssumeRolePolicyDocument: trustFor({ AWS: `arn:aws:iam::${ACCOUNT}:user/nobody` }) },
      "MalformedPolicyDocument",
      `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:user/nobody"`,
    );
    fails(
      "CreateRole",
      {
        RoleName: "x",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "logs:*" }],
        }),
      },
      "MalformedPolicyDocument",
      "AssumeRole policy may only specify STS AssumeRole actions.",
    );
    fails("GetRole", { RoleName: "none" }, "NoSuchEntity", "The role with name none cannot be found.");
    fails(
      "CreateRole",
      { RoleName: "x", AssumeRolePolicyDocument: ec2Trust, MaxSessionDuration: "100" },
      "ValidationError",
      "1 validation error detected: Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
  });
  it("UpdateRole changes MaxSessionDuration and Description; UpdateAssumeRolePolicy replaces the trust policy", () => {
    const { call, fails } = newIam();
    call("CreateRole", { RoleName: "my-flowlog-role", AssumeRolePolicyDocument: ec2Trust });
    assert.deepEqual(call("UpdateRole", { RoleName: "my-flowlog-role", MaxSessionDuration: "7200", Description: "flow logs" }), {});
    const flowTrust = trustFor({ Service: "vpc-flow-logs.amazonaws.com" });
    call("UpdateAssumeRolePolicy", { RoleName: "my-flowlog-role", PolicyDocument: flowTrust });
    const role = call("GetRole", { RoleName: "my-flowlog-role" }).Role;
    assert.deepEqual([role.MaxSessionDuration, role.Description], [7200, "flow logs"]);
    assert.equal(decoded(role.AssumeRolePolicyDocument).Statement[0].Principal.Service, "vpc-flow-logs.amazonaws.com");
    fails("UpdateAssumeRolePolicy", { RoleName: "my-flowlog-role", PolicyDocument: "[]" }, "MalformedPolicyDocument");
    fails("UpdateAssumeRolePolicy", { RoleName: "nope", PolicyDocument: flowTrust }, "NoSuchEntity", "The role with name nope cannot be found.");
  });
});

describe("role tags", () => {
  it("TagRole, ListRoleTags, UntagRole; keys compare without case", () => {
    const { call, fails } = newIam();
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: ec2Trust, Tags: [{ Key: "team", Value: "net" }] });
    assert.deepEqual(call("GetRole", { RoleName: "r" }).Role.Tags, [{ Key: "team", Value: "net" }]);
    call("TagRole", {
      RoleName: "r",
      Tags: [
        { Key: "Team", Value: "sec" },
        { Key: "env", Value: "dev" },
      ],
    });
    assert.deepEqual(call("ListRoleTags", { RoleName: "r" }).Tags, [
      { Key: "Team", Value: "sec" },
      { Key: "env", Value: "dev" },
    ]);
    call("UntagRole", { RoleName: "r", TagKeys: ["TEAM"] });
    assert.deepEqual(call("ListRoleTags", { RoleName: "r" }), { Tags: [{ Key: "env", Value: "dev" }], IsTruncated: false, Marker: undefined });
    fails(
      "TagRole",
      {
        RoleName: "r",
        Tags: [
          { Key: "a", Value: "1" },
          { Key: "A", Value: "2" },
        ],
      },
      "InvalidInput",
      "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    );
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    fails("TagRole", { RoleName: "r", Tags: many }, "LimitExceeded", "Cannot exceed quota for TagsPerRole: 50");
  });
});

describe("attached and inline role policies", () => {
  const setup = () => {
    const t = newIam();
    t.call("CreateRole", { RoleName: "my-flowlog-role", AssumeRolePolicyDocument: ec2Trust });
    t.call("CreatePolicy", { PolicyName: "my-flowpolicy", PolicyDocument: allow("logs:*") });
    return t;
  };
  const policyArn = `arn:aws:iam::${ACCOUNT}:policy/my-flowpolicy`;
  it("attach, list, detach; attaching twice changes nothing", () => {
    const { call, fails } = setup();
    call("AttachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: policyArn });
    call("AttachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: policyArn });
    call("AttachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess" });
    assert.deepEqual(call("ListAttachedRolePolicies", { RoleName: "my-flowlog-role" }).AttachedPolicies, [
      { PolicyName: "my-flowpolicy", PolicyArn: policyArn },
      { PolicyName: "CloudWatchLogsReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess" },
    ]);
    assert.equal(call("GetPolicy", { PolicyArn: policyArn }).Policy.AttachmentCount, 1);
    fails("DeleteRole", { RoleName: "my-flowlog-role" }, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
    call("DetachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: policyArn });
    fails("DetachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: policyArn }, "NoSuchEntity", `Policy ${policyArn} was not found.`);
  });
  it("answers the recorded errors for bad and missing policy ARNs", () => {
    const { fails } = setup();
    fails("AttachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: "my-flowpolicy-is-a-name" }, "ValidationError", "Invalid ARN:  Could not be parsed!");
    fails(
      "AttachRolePolicy",
      { RoleName: "my-flowlog-role", PolicyArn: `${policyArn}123` },
      "NoSuchEntity",
      `Policy ${policyArn}123 does not exist or is not attachable.`,
    );
    fails("AttachRolePolicy", { RoleName: "nobody", PolicyArn: policyArn }, "NoSuchEntity", "The role with name nobody cannot be found.");
  });
  it("refuses an eleventh attached policy", () => {
    const { call, fails } = setup();
    for (let i = 0; i < 10; i++) {
      call("CreatePolicy", { PolicyName: `p${i}`, PolicyDocument: allow("logs:*") });
      call("AttachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/p${i}` });
    }
    fails("AttachRolePolicy", { RoleName: "my-flowlog-role", PolicyArn: policyArn }, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10");
  });
  it("put, get (URL-encoded), list, delete inline policies; DeleteRole waits for them", () => {
    const { call, fails } = setup();
    const text = allow("logs:PutLogEvents");
    call("PutRolePolicy", { RoleName: "my-flowlog-role", PolicyName: "inline", PolicyDocument: text });
    const got = call("GetRolePolicy", { RoleName: "my-flowlog-role", PolicyName: "inline" });
    assert.deepEqual(got, { RoleName: "my-flowlog-role", PolicyName: "inline", PolicyDocument: encodeURIComponent(text) });
    assert.deepEqual(call("ListRolePolicies", { RoleName: "my-flowlog-role" }).PolicyNames, ["inline"]);
    fails("DeleteRole", { RoleName: "my-flowlog-role" }, "DeleteConflict", "Cannot delete entity, must delete policies first.");
    call("DeleteRolePolicy", { RoleName: "my-flowlog-role", PolicyName: "inline" });
    fails("GetRolePolicy", { RoleName: "my-flowlog-role", PolicyName: "inline" }, "NoSuchEntity", "The role policy with name inline cannot be found.");
    fails("DeleteRolePolicy", { RoleName: "my-flowlog-role", PolicyName: "inline" }, "NoSuchEntity", "The role policy with name inline cannot be found.");
    fails(
      "PutRolePolicy",
      { RoleName: "my-flowlog-role", PolicyName: "bad", PolicyDocument: '{"Statement":[]' },
      "MalformedPolicyDocument",
      "Syntax errors in policy.",
    );
    call("DeleteRole", { RoleName: "my-flowlog-role" });
    fails("GetRole", { RoleName: "my-flowlog-role" }, "NoSuchEntity");
  });
  it("refuses inline policies over 10240 characters in total", () => {
    const { call, fails } = setup();
    const half = allow(Array.from({ length: 400 }, (_, i) => `logs:Act${i}`));
    call("PutRolePolicy", { RoleName: "my-flowlog-role", PolicyName: "a", PolicyDocument: half });
    fails(
      "PutRolePolicy",
      { RoleName: "my-flowlog-role", PolicyName: "b", PolicyDocument: half },
      "LimitExceeded",
      "Maximum policy size of 10240 bytes exceeded for role my-flowlog-role",
    );
  });
});
