/**
 * STS through real clients on a LocalCloud with a ManualClock: get-caller-identity for the root, an
 * IAM user's key and a role session; assume-role credentials that work, then are refused once expired.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ManualClock } from "../../src/cloud/clock.js";
import { awsCli, boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const clock = new ManualClock(Date.now());
const env = useLocalCloud({ clock });
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "000000000000" }, Action: "sts:AssumeRole" }] });

const ok = async (args: string[], vars: Record<string, string> = {}) => {
  const r = await awsCli(env.endpoint, args, vars);
  assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.json;
};

describe("STS through the AWS CLI v2", () => {
  test("get-caller-identity as the root and as an IAM user", async () => {
    assert.deepEqual(await ok(["sts", "get-caller-identity"]), { UserId: "000000000000", Account: "000000000000", Arn: "arn:aws:iam::000000000000:root" });
    const user = (await ok(["iam", "create-user", "--user-name", "carol"])).User;
    const key = (await ok(["iam", "create-access-key", "--user-name", "carol"])).AccessKey;
    const asCarol = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
    assert.deepEqual(await ok(["sts", "get-caller-identity"], asCarol), { UserId: user.UserId, Account: "000000000000", Arn: user.Arn });
    const wrong = await awsCli(env.endpoint, ["sts", "get-caller-identity"], { ...asCarol, AWS_SECRET_ACCESS_KEY: "x".repeat(40) });
    assert.match(wrong.stderr, /SignatureDoesNotMatch/);
  });

  test("assume-role: credentials that work until the clock passes their expiry", async () => {
    const role = (await ok(["iam", "create-role", "--role-name", "ops", "--assume-role-policy-document", trust])).Role;
    const out = await ok(["sts", "assume-role", "--role-arn", role.Arn, "--role-session-name", "cli-session", "--duration-seconds", "900"]);
    assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: `${role.RoleId}:cli-session`, Arn: "arn:aws:sts::000000000000:assumed-role/ops/cli-session" });
    const session = {
      AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: out.Credentials.SessionToken,
    };
    const me = await ok(["sts", "get-caller-identity"], session);
    assert.deepEqual(me, { UserId: `${role.RoleId}:cli-session`, Account: "000000000000", Arn: "arn:aws:sts::000000000000:assumed-role/ops/cli-session" });

    const noToken = await awsCli(env.endpoint, ["sts", "get-caller-identity"], { ...session, AWS_SESSION_TOKEN: "" });
    assert.match(noToken.stderr, /InvalidClientTokenId/);
    clock.advance(901_000);
    const expired = await awsCli(env.endpoint, ["sts", "get-caller-identity"], session);
    assert.equal(expired.status, 254);
    assert.match(expired.stderr, /\(ExpiredToken\) when calling the GetCallerIdentity operation: The security token included in the request is expired/);
  });

  test("a user allowed sts:AssumeRole on the role's ARN (path included) assumes it; another role is refused naming that role", async () => {
    const role = (await ok(["iam", "create-role", "--role-name", "deployer", "--path", "/ci/", "--assume-role-policy-document", trust])).Role;
    await ok(["iam", "create-role", "--role-name", "other", "--assume-role-policy-document", trust]);
    await ok(["iam", "create-user", "--user-name", "dana"]);
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: role.Arn }] });
    await ok(["iam", "put-user-policy", "--user-name", "dana", "--policy-name", "assume", "--policy-document", policy]);
    const key = (await ok(["iam", "create-access-key", "--user-name", "dana"])).AccessKey;
    const asDana = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
    assert.equal(role.Arn, "arn:aws:iam::000000000000:role/ci/deployer");
    const out = await ok(["sts", "assume-role", "--role-arn", role.Arn, "--role-session-name", "deploy"], asDana);
    assert.equal(out.AssumedRoleUser.Arn, "arn:aws:sts::000000000000:assumed-role/deployer/deploy");
    const refused = await awsCli(
      env.endpoint,
      ["sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/other", "--role-session-name", "deploy"],
      asDana,
    );
    assert.match(
      refused.stderr,
      /\(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::000000000000:user\/dana is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/other$/m,
    );
  });

  test("AWS's errors: AccessDenied for an untrusted or missing role, ValidationError for bad input", async () => {
    await ok([
      "iam",
      "create-role",
      "--role-name",
      "flow",
      "--assume-role-policy-document",
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    ]);
    const denied = await awsCli(env.endpoint, ["sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/flow", "--role-session-name", "s1"]);
    assert.match(
      denied.stderr,
      /\(AccessDenied\).*User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/flow/,
    );
    const missing = await awsCli(env.endpoint, ["sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/none", "--role-session-name", "s1"]);
    assert.match(missing.stderr, /\(AccessDenied\)/);
    const badArn = await awsCli(env.endpoint, ["sts", "assume-role", "--role-arn", "nothing-valid-in-here", "--role-session-name", "s1"]);
    assert.match(badArn.stderr, /\(ValidationError\).*nothing-valid-in-here is invalid/);
    const tooLong = await awsCli(env.endpoint, [
      "sts",
      "assume-role",
      "--role-arn",
      "arn:aws:iam::000000000000:role/ops",
      "--role-session-name",
      "s1",
      "--duration-seconds",
      "7200",
    ]);
    assert.match(tooLong.stderr, /\(ValidationError\).*The requested DurationSeconds exceeds the MaxSessionDuration set for this role\./);
  });
});

describe("STS through boto3", () => {
  test("assume_role, then get_caller_identity with the session; the role's permissions and nothing more", async () => {
    const run = await boto3(
      env.endpoint,
      `
import boto3, json, os
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
sts = boto3.client("sts", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {"root": sts.get_caller_identity()["Arn"]}
iam.create_role(RoleName="reader", AssumeRolePolicyDocument=${JSON.stringify(trust)})
iam.attach_role_policy(RoleName="reader", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
creds = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/reader", RoleSessionName="boto3-session")["Credentials"]
session = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
    aws_session_token=creds["SessionToken"], region_name="us-east-1")
out["session"] = session.client("sts", endpoint_url=os.environ["ENDPOINT"]).get_caller_identity()["Arn"]
as_role = session.client("iam", endpoint_url=os.environ["ENDPOINT"])
out["read"] = as_role.get_role(RoleName="reader")["Role"]["RoleName"]
try:
    as_role.create_user(UserName="mallory")
    out["write"] = "allowed"
except Exception as e:
    out["write"] = e.response["Error"]["Code"]
print(json.dumps(out))
`,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.json, {
      root: "arn:aws:iam::000000000000:root",
      session: "arn:aws:sts::000000000000:assumed-role/reader/boto3-session",
      read: "reader",
      write: "AccessDenied",
    });
  });
});
