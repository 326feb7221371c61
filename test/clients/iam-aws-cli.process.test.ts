/**
 * IAM through real clients: the tutorial's steps 1 to 3 with the AWS CLI v2 (the policy file is
 * given by absolute path, the commands are otherwise the tutorial's), then every IAM operation
 * flowwatch serves through the CLI or boto3, reading back what AWS's clients decode.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { awsCli, boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const vectors = new URL("../vectors/", import.meta.url).pathname;
const seedPolicy = `file://${join(vectors, "seed-policy.json")}`;
const seedTrust = `file://${join(vectors, "seed-trust.json")}`;
const dir = mkdtempSync(join(tmpdir(), "flowwatch-iam-"));
const ec2TrustPath = join(dir, "ec2-trust.json");
writeFileSync(
  ec2TrustPath,
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }, null, 2),
);
const POLICY_ARN = "arn:aws:iam::000000000000:policy/my-flowpolicy";

const ok = async (args: string[]) => {
  const r = await awsCli(env.endpoint, args);
  assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.json;
};

describe("the tutorial's IAM steps through the AWS CLI v2", () => {
  test("steps 1-3: create-policy, create-role, attach-role-policy, update-assume-role-policy, read back", async () => {
    const created = await ok(["iam", "create-policy", "--policy-name", "my-flowpolicy", "--policy-document", seedPolicy]);
    assert.equal(created.Policy.Arn, POLICY_ARN);
    assert.equal(created.Policy.DefaultVersionId, "v1");
    const role = await ok(["iam", "create-role", "--role-name", "my-flowlog-role", "--assume-role-policy-document", `file://${ec2TrustPath}`]);
    assert.equal(role.Role.Arn, "arn:aws:iam::000000000000:role/my-flowlog-role");
    assert.equal(role.Role.AssumeRolePolicyDocument.Statement[0].Principal.Service, "ec2.amazonaws.com");
    await ok(["iam", "attach-role-policy", "--role-name", "my-flowlog-role", "--policy-arn", POLICY_ARN]);
    await ok(["iam", "update-assume-role-policy", "--role-name", "my-flowlog-role", "--policy-document", seedTrust]);

    const got = await ok(["iam", "get-role", "--role-name", "my-flowlog-role"]);
    assert.deepEqual(got.Role.AssumeRolePolicyDocument, JSON.parse(await readVector("seed-trust.json")));
    assert.equal(got.Role.MaxSessionDuration, 3600);
    const version = await ok(["iam", "get-policy-version", "--policy-arn", POLICY_ARN, "--version-id", "v1"]);
    assert.deepEqual(version.PolicyVersion.Document, JSON.parse(await readVector("seed-policy.json")));
    const attached = await ok(["iam", "list-attached-role-policies", "--role-name", "my-flowlog-role"]);
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: "my-flowpolicy", PolicyArn: POLICY_ARN }]);
  });

  test("AWS's errors reach the CLI with their codes and messages (exit status 254)", async () => {
    const again = await awsCli(env.endpoint, ["iam", "create-role", "--role-name", "my-flowlog-role", "--assume-role-policy-document", seedTrust]);
    assert.equal(again.status, 254);
    assert.match(again.stderr, /\(EntityAlreadyExists\) when calling the CreateRole operation: Role with name my-flowlog-role already exists\./);
    const conflict = await awsCli(env.endpoint, ["iam", "delete-role", "--role-name", "my-flowlog-role"]);
    assert.match(conflict.stderr, /\(DeleteConflict\).*Cannot delete entity, must detach all policies first\./);
    const malformed = await awsCli(env.endpoint, [
      "iam",
      "create-policy",
      "--policy-name",
      "bad",
      "--policy-document",
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*"}]}',
    ]);
    assert.match(malformed.stderr, /\(MalformedPolicyDocument\).*Policy statement must contain resources\./);
    const missing = await awsCli(env.endpoint, ["iam", "get-policy", "--policy-arn", "arn:aws:iam::000000000000:policy/none"]);
    assert.match(missing.stderr, /\(NoSuchEntity\).*Policy arn:aws:iam::000000000000:policy\/none was not found\./);
  });
});

describe("managed policies, versions and roles through the AWS CLI v2", () => {
  test("versions: create (at most five), list, set default, delete", async () => {
    const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
    const v2 = await ok(["iam", "create-policy-version", "--policy-arn", POLICY_ARN, "--policy-document", doc("logs:*"), "--set-as-default"]);
    assert.deepEqual([v2.PolicyVersion.VersionId, v2.PolicyVersion.IsDefaultVersion], ["v2", true]);
    for (const a of ["logs:A", "logs:B", "logs:C"]) await ok(["iam", "create-policy-version", "--policy-arn", POLICY_ARN, "--policy-document", doc(a)]);
    const sixth = await awsCli(env.endpoint, ["iam", "create-policy-version", "--policy-arn", POLICY_ARN, "--policy-document", doc("logs:D")]);
    assert.match(sixth.stderr, /\(LimitExceeded\).*A managed policy can have up to 5 versions/);
    const versions = await ok(["iam", "list-policy-versions", "--policy-arn", POLICY_ARN]);
    assert.deepEqual(
      versions.Versions.map((v: { VersionId: string }) => v.VersionId),
      ["v5", "v4", "v3", "v2", "v1"],
    );
    await ok(["iam", "set-default-policy-version", "--policy-arn", POLICY_ARN, "--version-id", "v1"]);
    for (const v of ["v2", "v3", "v4", "v5"]) await ok(["iam", "delete-policy-version", "--policy-arn", POLICY_ARN, "--version-id", v]);
    const policy = await ok(["iam", "get-policy", "--policy-arn", POLICY_ARN]);
    assert.deepEqual([policy.Policy.DefaultVersionId, policy.Policy.AttachmentCount], ["v1", 1]);
    const entities = await ok(["iam", "list-entities-for-policy", "--policy-arn", POLICY_ARN]);
    assert.equal(entities.PolicyRoles[0].RoleName, "my-flowlog-role");
    const local = await ok(["iam", "list-policies", "--scope", "Local", "--only-attached"]);
    assert.deepEqual(
      local.Policies.map((p: { PolicyName: string }) => p.PolicyName),
      ["my-flowpolicy"],
    );
    const aws = await ok(["iam", "list-policies", "--scope", "AWS", "--path-prefix", "/"]);
    assert.ok(aws.Policies.some((p: { Arn: string }) => p.Arn === "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"));
  });

  test("roles: list, update, tags, inline policies, detach and delete", async () => {
    const roles = await ok(["iam", "list-roles"]);
    assert.deepEqual(
      roles.Roles.map((r: { RoleName: string }) => r.RoleName),
      ["my-flowlog-role"],
    );
    await ok(["iam", "update-role", "--role-name", "my-flowlog-role", "--max-session-duration", "7200", "--description", "flow logs"]);
    await ok(["iam", "tag-role", "--role-name", "my-flowlog-role", "--tags", "Key=team,Value=net", "Key=env,Value=dev"]);
    await ok(["iam", "untag-role", "--role-name", "my-flowlog-role", "--tag-keys", "env"]);
    assert.deepEqual((await ok(["iam", "list-role-tags", "--role-name", "my-flowlog-role"])).Tags, [{ Key: "team", Value: "net" }]);
    const inline = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }] });
    await ok(["iam", "put-role-policy", "--role-name", "my-flowlog-role", "--policy-name", "inline", "--policy-document", inline]);
    const got = await ok(["iam", "get-role-policy", "--role-name", "my-flowlog-role", "--policy-name", "inline"]);
    assert.deepEqual(got.PolicyDocument, JSON.parse(inline));
    assert.deepEqual((await ok(["iam", "list-role-policies", "--role-name", "my-flowlog-role"])).PolicyNames, ["inline"]);
    await ok(["iam", "delete-role-policy", "--role-name", "my-flowlog-role", "--policy-name", "inline"]);
    await ok(["iam", "detach-role-policy", "--role-name", "my-flowlog-role", "--policy-arn", POLICY_ARN]);
    await ok(["iam", "delete-policy", "--policy-arn", POLICY_ARN]);
    const role = await ok(["iam", "get-role", "--role-name", "my-flowlog-role"]);
    assert.deepEqual([role.Role.MaxSessionDuration, role.Role.Description], [7200, "flow logs"]);
    await ok(["iam", "delete-role", "--role-name", "my-flowlog-role"]);
  });
});

describe("users, keys, user policies and simulation through boto3", () => {
  test("the whole lifecycle, with AWS's error codes", async () => {
    const run = await boto3(
      env.endpoint,
      `
import boto3, json, os
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {}
out["user"] = iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "net"}])["User"]["Arn"]
out["get"] = iam.get_user(UserName="alice")["User"]["UserName"]
out["users"] = [u["UserName"] for u in iam.list_users()["Users"]]
iam.put_user_policy(UserName="alice", PolicyName="self", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))
key = iam.create_access_key(UserName="alice")["AccessKey"]
out["key"] = [key["AccessKeyId"][:4], len(key["AccessKeyId"]), len(key["SecretAccessKey"])]
as_alice = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
    aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
out["self"] = as_alice.get_user()["User"]["UserName"]
iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
out["keys"] = [k["Status"] for k in iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]]
iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess")
out["attached"] = [p["PolicyName"] for p in iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"]]
doc = {"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Deny", "Action": "logs:DeleteLogGroup", "Resource": "*"}]}
iam.put_user_policy(UserName="alice", PolicyName="no-delete", PolicyDocument=json.dumps(doc))
out["inline"] = iam.get_user_policy(UserName="alice", PolicyName="no-delete")["PolicyDocument"] == doc
out["inlineNames"] = iam.list_user_policies(UserName="alice")["PolicyNames"]
sim = iam.simulate_principal_policy(PolicySourceArn=out["user"], ActionNames=["logs:DescribeLogGroups", "logs:DeleteLogGroup", "ec2:DescribeVpcs"])
out["principal"] = [r["EvalDecision"] for r in sim["EvaluationResults"]]
custom = iam.simulate_custom_policy(PolicyInputList=[json.dumps(doc)], ActionNames=["logs:DeleteLogGroup"])
out["custom"] = custom["EvaluationResults"][0]["MatchedStatements"][0]["SourcePolicyId"]
try:
    iam.delete_user(UserName="alice")
except iam.exceptions.DeleteConflictException as e:
    out["conflict"] = e.response["Error"]["Message"]
iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
iam.detach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess")
iam.delete_user_policy(UserName="alice", PolicyName="no-delete")
iam.delete_user_policy(UserName="alice", PolicyName="self")
iam.delete_user(UserName="alice")
try:
    iam.get_user(UserName="alice")
except iam.exceptions.NoSuchEntityException as e:
    out["gone"] = e.response["Error"]["Message"]
print(json.dumps(out))
`,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.json, {
      user: "arn:aws:iam::000000000000:user/alice",
      get: "alice",
      users: ["alice"],
      key: ["AKIA", 20, 40],
      self: "alice",
      keys: ["Inactive"],
      attached: ["CloudWatchLogsReadOnlyAccess"],
      inline: true,
      inlineNames: ["no-delete", "self"],
      principal: ["allowed", "explicitDeny", "implicitDeny"],
      custom: "PolicyInputList.1",
      conflict: "Cannot delete entity, must delete access keys first.",
      gone: "The user with name alice cannot be found.",
    });
  });
});

async function readVector(name: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  return readFile(join(vectors, name), "utf8");
}
