/**
 * `flowwatch setup --region cn-north-1` and `doctor` against the local cloud: the role ARN setup passes to
 * CreateFlowLogs and the policy it writes are aws-cn ARNs, and the pipeline comes up healthy.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { CreateVpcCommand, DescribeFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetPolicyVersionCommand, IAMClient, ListPoliciesCommand } from "@aws-sdk/client-iam";
import { cleanAwsEnv } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const region = "cn-north-1";

const flowwatch = (...args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", main, ...args], { env: cleanAwsEnv({ AWS_ENDPOINT_URL: env.endpoint }) }, (error, stdout, stderr) =>
      resolve({ status: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });

test("setup --region cn-north-1 creates an aws-cn pipeline that doctor finds healthy", async () => {
  const config = { ...env.clientConfig(), region };
  const ec2 = new EC2Client(config);
  await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "MyVpc22" }] }] }));
  const setup = await flowwatch("setup", "--yes", "--region", region);
  assert.equal(setup.status, 0, setup.stderr);
  const flowLog = (await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.[0];
  assert.match(flowLog?.DeliverLogsPermissionArn ?? "", /^arn:aws-cn:iam::000000000000:role\//);

  const iam = new IAMClient(config);
  const policies = (await iam.send(new ListPoliciesCommand({ Scope: "Local" }))).Policies ?? [];
  assert.deepEqual(
    policies.map((p) => p.Arn),
    ["arn:aws-cn:iam::000000000000:policy/my-flowpolicy"],
  );
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policies[0]?.Arn, VersionId: policies[0]?.DefaultVersionId }));
  assert.match(decodeURIComponent(version.PolicyVersion?.Document ?? ""), /"arn:aws-cn:logs:cn-north-1:000000000000:log-group:MyVpc22-Log"/);
  const doctor = await flowwatch("doctor", "--region", region);
  assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  assert.match(doctor.stdout, /role: arn:aws-cn:iam::000000000000:role\/my-flowlog-role/);
  assert.doesNotMatch(doctor.stdout, /arn:aws:/);
  ec2.destroy();
  iam.destroy();
});
