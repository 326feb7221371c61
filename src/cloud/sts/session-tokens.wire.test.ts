/**
 * GetSessionToken, GetFederationToken and GetAccessKeyInfo through the SDK v3: the temporary
 * credentials are accepted and signature-checked, act as the caller, and a federation token's
 * session policy narrows what the user may do.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { accountOfAwsKeyId } from "./access-key-info.js";

const env = useLocalCloud({ auth: "strict" });
const account = "000000000000";
type Creds = { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined;
const config = (c: Creds) => ({
  ...env.clientConfig(c?.AccessKeyId, c?.SecretAccessKey),
  credentials: { accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken },
});
const refused = (code: string, message?: string) => (error: Error) => {
  assert.equal(error.name, code);
  if (message !== undefined) assert.equal(error.message, message);
  return true;
};

/** A user allowed `actions` on every resource, with a key of its own. */
async function user(name: string, actions: string[]): Promise<Creds> {
  const iam = new IAMClient(env.clientConfig());
  await iam.send(new CreateUserCommand({ UserName: name }));
  const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: JSON.stringify(policy) }));
  return (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
}

describe("GetSessionToken", () => {
  test("the credentials act as the user: allowed calls pass, others are refused, a wrong token is refused", async () => {
    const key = await user("gst", ["logs:DescribeLogGroups"]);
    const out = await new STSClient(config(key)).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const creds = out.Credentials;
    assert.match(creds?.AccessKeyId ?? "", /^ASIA[A-Z2-7]{16}$/);
    assert.equal(creds?.Expiration?.getTime(), Math.floor(creds?.Expiration?.getTime() ?? 0));
    const me = await new STSClient(config(creds)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${account}:user/gst`);
    assert.match(me.UserId ?? "", /^AIDA/);
    const logs = new CloudWatchLogsClient(config(creds));
    await logs.send(new DescribeLogGroupsCommand({}));
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: "/gst" })), refused("AccessDeniedException"));
    await assert.rejects(
      new CloudWatchLogsClient(config({ ...creds, SessionToken: "wrong" })).send(new DescribeLogGroupsCommand({})),
      refused("UnrecognizedClientException"),
    );
    // IAM does not take these credentials, even for what the user may do (IAM UG; cloudyr/aws.iam#15).
    await assert.rejects(
      new IAMClient(config(creds)).send(new GetUserCommand({})),
      refused("InvalidClientTokenId", "The security token included in the request is invalid."),
    );
  });

  test("default duration 43200 seconds; out of 900..129600 is a validation error", async () => {
    const key = await user("gst-duration", ["logs:DescribeLogGroups"]);
    const sts = new STSClient(config(key));
    const before = Date.now();
    const out = await sts.send(new GetSessionTokenCommand({}));
    const seconds = ((out.Credentials?.Expiration?.getTime() ?? 0) - before) / 1000;
    assert.ok(seconds > 43_190 && seconds <= 43_201, String(seconds));
    await assert.rejects(sts.send(new GetSessionTokenCommand({ DurationSeconds: 899 })), refused("ValidationError"));
    await assert.rejects(sts.send(new GetSessionTokenCommand({ DurationSeconds: 129_601 })), refused("ValidationError"));
  });

  test("refused for role sessions and for a session token's own credentials, in AWS's words", async () => {
    const iam = new IAMClient(env.clientConfig());
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }] };
    await iam.send(new CreateRoleCommand({ RoleName: "gst-role", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const role = await new STSClient(env.clientConfig()).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/gst-role`, RoleSessionName: "ss" }),
    );
    const message = "Cannot call GetSessionToken with session credentials";
    await assert.rejects(new STSClient(config(role.Credentials)).send(new GetSessionTokenCommand({})), refused("AccessDenied", message));
    const key = await user("gst-twice", ["logs:DescribeLogGroups"]);
    const first = await new STSClient(config(key)).send(new GetSessionTokenCommand({}));
    await assert.rejects(new STSClient(config(first.Credentials)).send(new GetSessionTokenCommand({})), refused("AccessDenied", message));
  });

  test("the root's session token acts as the root", async () => {
    const out = await new STSClient(env.clientConfig()).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const me = await new STSClient(config(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${account}:root`);
    await new CloudWatchLogsClient(config(out.Credentials)).send(new CreateLogGroupCommand({ logGroupName: "/root-session" }));
  });
});

describe("GetFederationToken", () => {
  test("the session policy narrows the user's permissions; the federated user's ARN and id", async () => {
    const key = await user("proxy", ["logs:DescribeLogGroups", "logs:CreateLogGroup", "sts:GetFederationToken"]);
    const sessionPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:DescribeLogGroups", "logs:DeleteLogGroup"], Resource: "*" }] };
    const out = await new STSClient(config(key)).send(
      new GetFederationTokenCommand({ Name: "bob", Policy: JSON.stringify(sessionPolicy), DurationSeconds: 900 }),
    );
    assert.equal(out.FederatedUser?.Arn, `arn:aws:sts::${account}:federated-user/bob`);
    assert.equal(out.FederatedUser?.FederatedUserId, `${account}:bob`);
    assert.ok((out.PackedPolicySize ?? 0) > 0);
    const me = await new STSClient(config(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([me.Arn, me.UserId], [`arn:aws:sts::${account}:federated-user/bob`, `${account}:bob`]);
    const logs = new CloudWatchLogsClient(config(out.Credentials));
    await logs.send(new DescribeLogGroupsCommand({}));
    await assert.rejects(new IAMClient(config(out.Credentials)).send(new GetUserCommand({})), refused("InvalidClientTokenId"));
    // The user may create log groups, the session policy does not allow it.
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: "/fed" })), refused("AccessDeniedException"));
  });

  test("without a session policy the federated user may do nothing", async () => {
    const key = await user("proxy-bare", ["logs:DescribeLogGroups", "sts:GetFederationToken"]);
    const out = await new STSClient(config(key)).send(new GetFederationTokenCommand({ Name: "nobody" }));
    assert.equal(out.PackedPolicySize, 0);
    await assert.rejects(new CloudWatchLogsClient(config(out.Credentials)).send(new DescribeLogGroupsCommand({})), refused("AccessDeniedException"));
  });

  test("refused for session credentials; Name is 2..32 characters", async () => {
    const key = await user("proxy-checks", ["sts:GetFederationToken"]);
    const sts = new STSClient(config(key));
    const first = await sts.send(new GetSessionTokenCommand({}));
    await assert.rejects(
      new STSClient(config(first.Credentials)).send(new GetFederationTokenCommand({ Name: "bob" })),
      refused("AccessDenied", "Cannot call GetFederationToken with session credentials"),
    );
    await assert.rejects(sts.send(new GetFederationTokenCommand({ Name: "b" })), refused("ValidationError"));
    await assert.rejects(sts.send(new GetFederationTokenCommand({ Name: "b".repeat(33) })), refused("ValidationError"));
  });
});

describe("GetAccessKeyInfo", () => {
  test("the account of this cloud's keys and of AWS-format keys; ids under 16 characters are refused by the model", async () => {
    const sts = new STSClient(env.clientConfig());
    const key = await user("info", ["logs:DescribeLogGroups"]);
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: key?.AccessKeyId ?? "" }))).Account, account);
    // A 12-digit id is shorter than the model's 16-character minimum, so it cannot be asked about.
    await assert.rejects(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: "111122223333" })), refused("ValidationError"));
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: "ASIAY34FZKBOKMUTVV7A" }))).Account, "609629065308");
  });

  test("the account number decoded from an AWS key id", () => {
    assert.equal(accountOfAwsKeyId("ASIAY34FZKBOKMUTVV7A"), "609629065308");
  });
});
