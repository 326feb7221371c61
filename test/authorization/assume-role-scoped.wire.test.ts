/**
 * Issue 17's defect, with the SDK v3: sts:AssumeRole is authorized on the role's ARN (as AWS's own
 * examples scope it), and the trust policy naming the user is enough in the same account.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const account = "000000000000";
const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const userArn = (name: string) => `arn:aws:iam::${account}:user/${name}`;
const trust = (principal: string) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] });

async function userWith(name: string, policy?: object, exists = false): Promise<STSClient> {
  const iam = new IAMClient(env.clientConfig());
  if (!exists) await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return new STSClient(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
}

const allowAssume = (resource: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: resource }] });

describe("sts:AssumeRole is authorized on the role's ARN", () => {
  test("roles trusting the account and one user", async () => {
    const iam = new IAMClient(env.clientConfig());
    // AWS refuses a trust policy naming a user that does not exist.
    await iam.send(new CreateUserCommand({ UserName: "bare" }));
    await iam.send(new CreateRoleCommand({ RoleName: "deployer", AssumeRolePolicyDocument: trust(`arn:aws:iam::${account}:root`) }));
    await iam.send(new CreateRoleCommand({ RoleName: "other", AssumeRolePolicyDocument: trust(`arn:aws:iam::${account}:root`) }));
    await iam.send(new CreateRoleCommand({ RoleName: "named", AssumeRolePolicyDocument: trust(userArn("bare")) }));
  });

  test("an identity policy scoped to the role's ARN allows AssumeRole", async () => {
    const sts = await userWith("scoped", allowAssume(roleArn("deployer")));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn("deployer"), RoleSessionName: "ci" }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${account}:assumed-role/deployer/ci`);
  });

  test("the same policy does not reach another role: AccessDenied naming that role", async () => {
    const sts = await userWith("scoped-other", allowAssume(roleArn("deployer")));
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: roleArn("other"), RoleSessionName: "ci" })), (error: Error) => {
      assert.equal(error.name, "AccessDenied");
      assert.equal(error.message, `User: ${userArn("scoped-other")} is not authorized to perform: sts:AssumeRole on resource: ${roleArn("other")}`);
      return true;
    });
  });

  test("a trust policy that names the user needs no identity policy in the same account", async () => {
    const sts = await userWith("bare", undefined, true);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn("named"), RoleSessionName: "ci" }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${account}:assumed-role/named/ci`);
  });
});
