/**
 * Account alias, password policy, login profiles and GetAccessKeyLastUsed through the SDK v3:
 * lifecycles and AWS's errors.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import * as IAM from "@aws-sdk/client-iam";
import { useLocalCloud } from "../../../test/support/local-cloud.js";

const env = useLocalCloud();
const iam = () => new IAM.IAMClient(env.clientConfig());
const refused = (code: string, message?: string) => (error: Error) => {
  assert.equal(error.name, code);
  if (message !== undefined) assert.equal(error.message, message);
  return true;
};

describe("account alias", () => {
  test("one per account: a second replaces the first; a held name, a bad name and deleting another are refused", async () => {
    const c = iam();
    assert.deepEqual((await c.send(new IAM.ListAccountAliasesCommand({}))).AccountAliases, []);
    await c.send(new IAM.CreateAccountAliasCommand({ AccountAlias: "flow-team" }));
    await assert.rejects(
      c.send(new IAM.CreateAccountAliasCommand({ AccountAlias: "flow-team" })),
      refused("EntityAlreadyExistsException", "The account alias flow-team already exists."),
    );
    await c.send(new IAM.CreateAccountAliasCommand({ AccountAlias: "flow-team-2" }));
    assert.deepEqual((await c.send(new IAM.ListAccountAliasesCommand({}))).AccountAliases, ["flow-team-2"]);
    // Another account may not take it: aliases are unique across accounts.
    const other = new IAM.IAMClient(env.clientConfig("111122223333"));
    await assert.rejects(other.send(new IAM.CreateAccountAliasCommand({ AccountAlias: "flow-team-2" })), refused("EntityAlreadyExistsException"));
    await assert.rejects(c.send(new IAM.CreateAccountAliasCommand({ AccountAlias: "Bad--Alias" })), refused("ValidationError"));
    await assert.rejects(c.send(new IAM.DeleteAccountAliasCommand({ AccountAlias: "flow-team" })), refused("NoSuchEntityException"));
    await c.send(new IAM.DeleteAccountAliasCommand({ AccountAlias: "flow-team-2" }));
    assert.deepEqual((await c.send(new IAM.ListAccountAliasesCommand({}))).AccountAliases, []);
  });
});

describe("account password policy and login profiles", () => {
  test("password policy: NoSuchEntity when none, defaults for what is left out, deleted", async () => {
    const c = iam();
    const none = "The Password Policy with domain name 000000000000 cannot be found.";
    await assert.rejects(c.send(new IAM.GetAccountPasswordPolicyCommand({})), refused("NoSuchEntityException", none));
    await assert.rejects(c.send(new IAM.DeleteAccountPasswordPolicyCommand({})), refused("NoSuchEntityException", none));
    await c.send(new IAM.UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireSymbols: true, MaxPasswordAge: 90 }));
    const policy = (await c.send(new IAM.GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
    assert.deepEqual(
      { ...policy },
      {
        MinimumPasswordLength: 12,
        RequireSymbols: true,
        RequireNumbers: false,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        ExpirePasswords: true,
        MaxPasswordAge: 90,
      },
    );
    await assert.rejects(c.send(new IAM.UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })), refused("ValidationError"));
  });

  test("login profile: the password checked against the policy, then get, update, delete", async () => {
    const c = iam();
    await c.send(new IAM.CreateUserCommand({ UserName: "console" }));
    await c.send(new IAM.UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireSymbols: true }));
    const violation = "Password does not conform to the account password policy.";
    await assert.rejects(
      c.send(new IAM.CreateLoginProfileCommand({ UserName: "console", Password: "short!" })),
      refused("PasswordPolicyViolationException", violation),
    );
    await assert.rejects(
      c.send(new IAM.CreateLoginProfileCommand({ UserName: "console", Password: "long-enough-no-symbol".replace(/-/g, "") })),
      refused("PasswordPolicyViolationException", violation),
    );
    await assert.rejects(
      c.send(new IAM.GetLoginProfileCommand({ UserName: "console" })),
      refused("NoSuchEntityException", "Login Profile for User console cannot be found."),
    );
    const created = await c.send(new IAM.CreateLoginProfileCommand({ UserName: "console", Password: "a-long-password!", PasswordResetRequired: true }));
    assert.equal(created.LoginProfile?.UserName, "console");
    assert.equal(created.LoginProfile?.PasswordResetRequired, true);
    await assert.rejects(
      c.send(new IAM.CreateLoginProfileCommand({ UserName: "console", Password: "a-long-password!" })),
      refused("EntityAlreadyExistsException"),
    );
    await c.send(new IAM.UpdateLoginProfileCommand({ UserName: "console", PasswordResetRequired: false }));
    assert.equal((await c.send(new IAM.GetLoginProfileCommand({ UserName: "console" }))).LoginProfile?.PasswordResetRequired, false);
    await assert.rejects(
      c.send(new IAM.UpdateLoginProfileCommand({ UserName: "console", Password: "weak" })),
      refused("PasswordPolicyViolationException", violation),
    );
    await assert.rejects(
      c.send(new IAM.DeleteUserCommand({ UserName: "console" })),
      refused("DeleteConflictException", "Cannot delete entity, must delete login profile first."),
    );
    await c.send(new IAM.DeleteLoginProfileCommand({ UserName: "console" }));
    await assert.rejects(c.send(new IAM.DeleteLoginProfileCommand({ UserName: "console" })), refused("NoSuchEntityException"));
    await assert.rejects(
      c.send(new IAM.GetLoginProfileCommand({ UserName: "nobody" })),
      refused("NoSuchEntityException", "The user with name nobody cannot be found."),
    );
    await c.send(new IAM.DeleteUserCommand({ UserName: "console" }));
    await c.send(new IAM.DeleteAccountPasswordPolicyCommand({}));
  });

  test("without a policy, AWS's default applies: 8 characters, three character types, not the user name", async () => {
    const c = iam();
    await c.send(new IAM.CreateUserCommand({ UserName: "Default1x" }));
    await assert.rejects(
      c.send(new IAM.CreateLoginProfileCommand({ UserName: "Default1x", Password: "abcdefgh" })),
      refused("PasswordPolicyViolationException"),
    );
    await assert.rejects(
      c.send(new IAM.CreateLoginProfileCommand({ UserName: "Default1x", Password: "default1X" })),
      refused("PasswordPolicyViolationException"),
    );
    await c.send(new IAM.CreateLoginProfileCommand({ UserName: "Default1x", Password: "Abcdefg1" }));
  });
});

describe("GetAccessKeyLastUsed", () => {
  test("N/A before the key is used; the service, region and time of its last request after", async () => {
    const c = iam();
    await c.send(new IAM.CreateUserCommand({ UserName: "used" }));
    await c.send(
      new IAM.PutUserPolicyCommand({
        UserName: "used",
        PolicyName: "p",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" }] }),
      }),
    );
    const key = (await c.send(new IAM.CreateAccessKeyCommand({ UserName: "used" }))).AccessKey;
    const before = await c.send(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: key?.AccessKeyId }));
    assert.equal(before.UserName, "used");
    assert.deepEqual({ ...before.AccessKeyLastUsed }, { ServiceName: "N/A", Region: "N/A" });
    const start = Date.now() - 1000;
    await new CloudWatchLogsClient({ ...env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey), region: "eu-west-1" }).send(new DescribeLogGroupsCommand({}));
    const after = (await c.send(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: key?.AccessKeyId }))).AccessKeyLastUsed;
    assert.equal(after?.ServiceName, "logs");
    assert.equal(after?.Region, "eu-west-1");
    assert.ok((after?.LastUsedDate?.getTime() ?? 0) >= start);
    await assert.rejects(c.send(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAAAAAAAAAAAAAAAAA" })), refused("NoSuchEntityException"));
  });
});
