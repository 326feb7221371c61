/**
 * Through the AWS CLI v2: get-session-token and get-federation-token credentials acting as (and
 * narrower than) their user, get-access-key-last-used after a call, the alias and password policy lifecycles.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud({ auth: "strict" });
const root = () => ({ AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: env.cloud.rootSecret });
const run = (args: string[], vars: Record<string, string>) => awsCli(env.endpoint, args, vars);
const ok = async (args: string[], vars: Record<string, string> = root()) => {
  const r = await run(args, vars);
  assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.json;
};
const as = (c: { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string }) => ({
  AWS_ACCESS_KEY_ID: c.AccessKeyId,
  AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
  ...(c.SessionToken === undefined ? {} : { AWS_SESSION_TOKEN: c.SessionToken }),
});

describe("STS tokens and IAM account settings through the AWS CLI v2", () => {
  test("session and federation tokens; last use of the user's key", async () => {
    await ok(["iam", "create-user", "--user-name", "cli-proxy"]);
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["logs:DescribeLogGroups", "logs:CreateLogGroup", "sts:GetFederationToken"], Resource: "*" }],
    };
    await ok(["iam", "put-user-policy", "--user-name", "cli-proxy", "--policy-name", "p", "--policy-document", JSON.stringify(policy)]);
    const key = (await ok(["iam", "create-access-key", "--user-name", "cli-proxy"])).AccessKey;
    const unused = await ok(["iam", "get-access-key-last-used", "--access-key-id", key.AccessKeyId]);
    assert.deepEqual(unused.AccessKeyLastUsed, { ServiceName: "N/A", Region: "N/A" });

    const session = (await ok(["sts", "get-session-token", "--duration-seconds", "900"], as(key))).Credentials;
    assert.equal((await ok(["sts", "get-caller-identity"], as(session))).Arn, "arn:aws:iam::000000000000:user/cli-proxy");
    await ok(["logs", "create-log-group", "--log-group-name", "/cli/session"], as(session));
    const denied = await run(["logs", "delete-log-group", "--log-group-name", "/cli/session"], as(session));
    assert.match(denied.stderr, /AccessDeniedException/);
    const again = await run(["sts", "get-session-token"], as(session));
    assert.match(again.stderr, /\(AccessDenied\) when calling the GetSessionToken operation: Cannot call GetSessionToken with session credentials/);

    const narrow = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" }] };
    const fed = await ok(["sts", "get-federation-token", "--name", "cli-bob", "--policy", JSON.stringify(narrow)], as(key));
    assert.equal(fed.FederatedUser.Arn, "arn:aws:sts::000000000000:federated-user/cli-bob");
    await ok(["logs", "describe-log-groups"], as(fed.Credentials));
    // The user may create log groups; the federation token's session policy does not allow it.
    const narrowed = await run(["logs", "create-log-group", "--log-group-name", "/cli/fed"], as(fed.Credentials));
    assert.match(narrowed.stderr, /AccessDeniedException/);

    const used = (await ok(["iam", "get-access-key-last-used", "--access-key-id", key.AccessKeyId])).AccessKeyLastUsed;
    assert.equal(used.ServiceName, "sts");
    assert.equal(used.Region, "us-east-1");
    assert.ok(typeof used.LastUsedDate === "string");
    assert.equal((await ok(["sts", "get-access-key-info", "--access-key-id", key.AccessKeyId])).Account, "000000000000");
  });

  test("account alias and password policy lifecycles with AWS's errors", async () => {
    const none = await run(["iam", "get-account-password-policy"], root());
    assert.match(
      none.stderr,
      /\(NoSuchEntity\) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 000000000000 cannot be found\./,
    );
    await ok(["iam", "update-account-password-policy", "--minimum-password-length", "14", "--require-numbers"]);
    assert.equal((await ok(["iam", "get-account-password-policy"])).PasswordPolicy.MinimumPasswordLength, 14);
    await ok(["iam", "create-user", "--user-name", "cli-console"]);
    const weak = await run(["iam", "create-login-profile", "--user-name", "cli-console", "--password", "short1"], root());
    assert.match(
      weak.stderr,
      /\(PasswordPolicyViolation\) when calling the CreateLoginProfile operation: Password does not conform to the account password policy\./,
    );
    await ok(["iam", "create-login-profile", "--user-name", "cli-console", "--password", "long-enough-password-1"]);
    assert.equal((await ok(["iam", "get-login-profile", "--user-name", "cli-console"])).LoginProfile.UserName, "cli-console");
    await ok(["iam", "delete-account-password-policy"]);

    await ok(["iam", "create-account-alias", "--account-alias", "cli-alias"]);
    assert.deepEqual((await ok(["iam", "list-account-aliases"])).AccountAliases, ["cli-alias"]);
    const taken = await run(["iam", "create-account-alias", "--account-alias", "cli-alias"], root());
    assert.match(taken.stderr, /\(EntityAlreadyExists\) when calling the CreateAccountAlias operation: The account alias cli-alias already exists\./);
    await ok(["iam", "delete-account-alias", "--account-alias", "cli-alias"]);
    assert.deepEqual((await ok(["iam", "list-account-aliases"])).AccountAliases, []);
  });
});
