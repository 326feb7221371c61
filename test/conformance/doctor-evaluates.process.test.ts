/**
 * doctor knows what it knows, run as a user runs it against moto_server and the local cloud: without
 * SimulatePrincipalPolicy (moto lacks it; a narrow caller is refused it) doctor evaluates the role's
 * policies itself and says so; what it cannot read is "unknown" and never healthy.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { SEED_TRUST } from "../../src/setup/documents.js";
import { type Backend, createVpc, useBackends } from "../support/backends.js";
import { flowwatch } from "../support/flowwatch-process.js";

const backends = useBackends();

interface Check {
  id: string;
  status: string;
  detail: string;
  fix?: string;
}

/** What doctor needs to read, without iam:SimulatePrincipalPolicy (and, with `deny`, without those actions). */
const narrowPolicy = (deny: string[] = []) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "sts:GetCallerIdentity",
          "ec2:Describe*",
          "logs:Describe*",
          "logs:ListTagsForResource",
          "cloudwatch:Describe*",
          "iam:Get*",
          "iam:List*",
          "iam:PassRole",
        ],
        Resource: "*",
      },
      ...(deny.length > 0 ? [{ Effect: "Deny", Action: deny, Resource: "*" }] : []),
    ],
  });

/** An IAM user with this inline policy; its keys as the CLI's environment. */
async function narrowCaller(backend: Backend, name: string, policy: string): Promise<Record<string, string>> {
  const iam = new IAMClient(backend.clientConfig());
  try {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "doctor-reads", PolicyDocument: policy }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
    return { AWS_ACCESS_KEY_ID: key?.AccessKeyId ?? "", AWS_SECRET_ACCESS_KEY: key?.SecretAccessKey ?? "" };
  } finally {
    iam.destroy();
  }
}

/** A VPC, a role that trusts flow logs but has no policy at all, its log group and a flow log into it. */
async function policylessPipeline(backend: Backend, tag: string): Promise<{ vpcId: string; flowLogId: string }> {
  const vpcId = await createVpc(backend, `Vpc-${tag}`);
  const iam = new IAMClient(backend.clientConfig());
  const ec2 = new EC2Client(backend.clientConfig());
  const logs = new CloudWatchLogsClient(backend.clientConfig());
  try {
    const role = (await iam.send(new CreateRoleCommand({ RoleName: `role-${tag}`, AssumeRolePolicyDocument: JSON.stringify(SEED_TRUST) }))).Role?.Arn ?? "";
    await logs.send(new CreateLogGroupCommand({ logGroupName: `Log-${tag}` }));
    const created = await ec2.send(
      new CreateFlowLogsCommand({ ResourceType: "VPC", ResourceIds: [vpcId], TrafficType: "ALL", LogGroupName: `Log-${tag}`, DeliverLogsPermissionArn: role }),
    );
    return { vpcId, flowLogId: created.FlowLogIds?.[0] ?? "" };
  } finally {
    iam.destroy();
    ec2.destroy();
    logs.destroy();
  }
}

const checkOf = (stdout: string, id: string): Check => {
  const report = JSON.parse(stdout) as { checks: Check[] };
  const check = report.checks.find((c) => c.id === id);
  assert.ok(check, `no ${id} check in ${stdout}`);
  return check;
};

for (const backend of backends) {
  describe(`doctor evaluates what it cannot simulate (${backend.name})`, { skip: backend.skip }, () => {
    const moto = backend.name === "moto_server";
    const cli = (args: string[], env: Record<string, string> = {}) => flowwatch(args, { AWS_ENDPOINT_URL: backend.endpoint(), ...env });
    const names = ["--vpc", "Vpc-nopolicy", "--log-group", "Log-nopolicy", "--role-name", "role-nopolicy"];

    test("a role with no policy, SimulatePrincipalPolicy unavailable (moto) or refused (a narrow caller): not healthy, the role lacks permissions, evaluated by flowwatch", async () => {
      await policylessPipeline(backend, "nopolicy");
      // moto_server has no SimulatePrincipalPolicy (HTTP 500); the local cloud has it, so the caller is refused it instead.
      const caller = moto ? {} : await narrowCaller(backend, "narrow", narrowPolicy());
      const doctor = await cli(["doctor", "--json", ...names], caller);
      assert.equal(doctor.status, 1, doctor.stdout + doctor.stderr);
      assert.match(doctor.stdout, /^\{/, doctor.stderr);
      const report = JSON.parse(doctor.stdout) as { healthy: boolean; failed: string[] };
      assert.equal(report.healthy, false);
      assert.ok(report.failed.includes("permissions"), doctor.stdout);
      const permissions = checkOf(doctor.stdout, "permissions");
      assert.equal(permissions.status, "fail");
      assert.match(permissions.detail, /lacks permissions: denied logs:CreateLogStream \(implicitDeny\), logs:PutLogEvents \(implicitDeny\)/);
      assert.match(permissions.detail, /evaluated by flowwatch from 0 attached, 0 inline policies/);
      assert.match(
        permissions.detail,
        moto ? /SimulatePrincipalPolicy unavailable \(HTTP 500/ : /SimulatePrincipalPolicy refused to the caller \(AccessDenied/,
      );
      // The fix is the role's, not the caller's: the simulation's absence is not a permission problem of the role.
      assert.match(permissions.fix ?? "", /the role's policy must allow logs:CreateLogStream, logs:PutLogEvents/);
      assert.doesNotMatch(permissions.fix ?? "", /SimulatePrincipalPolicy/);
      assert.match(checkOf(doctor.stdout, "flow-log").detail, /to Log-nopolicy/);
      // The trust policy is read by the same engine, and it does admit flow logs.
      assert.equal(checkOf(doctor.stdout, "trust-principal").status, "ok");
      if (!moto)
        assert.match(
          checkOf(doctor.stdout, "pass-role").detail,
          /may pass .* \(evaluated by flowwatch from 0 attached, 1 inline policy: SimulatePrincipalPolicy refused/,
        );

      const text = await cli(["doctor", ...names], caller);
      assert.equal(text.status, 1);
      assert.match(text.stdout, /\[FAIL\] role permissions: the role lacks permissions/);
    });

    test("role policies the caller may not read: 'unknown' with the reason, exit 1, never healthy", {
      skip: moto ? "moto_server does not enforce IAM policies on its callers, so a refused read cannot be arranged there" : false,
    }, async () => {
      const caller = await narrowCaller(backend, "blind", narrowPolicy(["iam:ListRolePolicies", "iam:GetRolePolicy"]));
      const doctor = await cli(["doctor", "--json", ...names], caller);
      assert.equal(doctor.status, 1, doctor.stdout + doctor.stderr);
      assert.match(doctor.stdout, /^\{/, doctor.stderr);
      const report = JSON.parse(doctor.stdout) as { healthy: boolean; unknown: string[] };
      assert.equal(report.healthy, false);
      assert.ok(report.unknown.includes("permissions"), doctor.stdout);
      const permissions = checkOf(doctor.stdout, "permissions");
      assert.equal(permissions.status, "unknown");
      assert.match(permissions.detail, /could not check: SimulatePrincipalPolicy refused to the caller .*policies could not be read \(AccessDenied/);
      assert.match(permissions.fix ?? "", /iam:SimulatePrincipalPolicy, or .*iam:ListRolePolicies/);
      const text = await cli(["doctor", ...names], caller);
      assert.equal(text.status, 1);
      assert.match(text.stdout, /\[\?\? {2}\] role permissions: could not check/);
      assert.match(text.stdout, /could not check: permissions/);
      assert.doesNotMatch(text.stdout, /^healthy$/m);
    });

    test("a role the caller may not even GetRole: role, trust and permissions 'unknown', not 'does not exist'", {
      skip: moto ? "moto_server does not enforce IAM policies on its callers" : false,
    }, async () => {
      const caller = await narrowCaller(backend, "roleblind", narrowPolicy(["iam:GetRole"]));
      const doctor = await cli(["doctor", "--json", ...names], caller);
      assert.equal(doctor.status, 1, doctor.stdout + doctor.stderr);
      const report = JSON.parse(doctor.stdout) as { unknown: string[]; failed: string[] };
      assert.deepEqual(report.unknown.slice(0, 4), ["role", "trust-principal", "trust-conditions", "permissions"]);
      assert.ok(!report.failed.includes("role"), doctor.stdout);
      assert.match(checkOf(doctor.stdout, "role").detail, /could not check: GetRole or ListAttachedRolePolicies refused to the caller \(AccessDenied/);
    });
  });
}
