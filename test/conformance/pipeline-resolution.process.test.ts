/**
 * A pipeline is identified by what it is, against moto_server and the local cloud: no option and one
 * flow log means that one; `--log-group G` means the flow log feeding G; no option and several log groups
 * is a question listing them (exit 2) from doctor, tail, watch and the dashboard alike, never a silent pick.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { SEED_POLICY, SEED_TRUST } from "../../src/setup/documents.js";
import { type Backend, createVpc, useBackends } from "../support/backends.js";
import { flowwatch } from "../support/flowwatch-process.js";

const backends = useBackends();

interface Check {
  id: string;
  status: string;
  detail: string;
}

async function flowLogInto(backend: Backend, vpcId: string, roleArn: string, logGroupName: string, name?: string): Promise<string> {
  const ec2 = new EC2Client(backend.clientConfig());
  const logs = new CloudWatchLogsClient(backend.clientConfig());
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    const created = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: "VPC",
        ResourceIds: [vpcId],
        TrafficType: "ALL",
        LogGroupName: logGroupName,
        DeliverLogsPermissionArn: roleArn,
        ...(name ? { TagSpecifications: [{ ResourceType: "vpc-flow-log", Tags: [{ Key: "Name", Value: name }] }] } : {}),
      }),
    );
    return created.FlowLogIds?.[0] ?? "";
  } finally {
    ec2.destroy();
    logs.destroy();
  }
}

async function roleFor(backend: Backend, name: string): Promise<string> {
  const iam = new IAMClient(backend.clientConfig());
  try {
    const arn = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(SEED_TRUST) }))).Role?.Arn ?? "";
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "deliver", PolicyDocument: JSON.stringify(SEED_POLICY) }));
    return arn;
  } finally {
    iam.destroy();
  }
}

const checkOf = (stdout: string, id: string): Check => {
  assert.match(stdout, /^\{/, "doctor --json printed no report");
  const check = (JSON.parse(stdout) as { checks: Check[] }).checks.find((c) => c.id === id);
  assert.ok(check, `no ${id} check in ${stdout}`);
  return check;
};

for (const backend of backends) {
  describe(`pipeline resolution (${backend.name})`, { skip: backend.skip }, () => {
    const cli = (args: string[], killAfterMs?: number) => flowwatch(args, { AWS_ENDPOINT_URL: backend.endpoint() }, killAfterMs);
    let vpcId = "";
    let first = "";
    let second = "";

    test("the Region's only flow log, no option: doctor judges it and tail reads its group (the tutorial's zero-option experience)", async () => {
      vpcId = await createVpc(backend, "MyVpc22");
      // Named as the tutorial names its flow log, so that the Name tag alone would pick it below.
      first = await flowLogInto(backend, vpcId, await roleFor(backend, "role-one"), "MyVpc22-Log", "my-flowlog");
      const doctor = await cli(["doctor", "--json"]);
      assert.match(checkOf(doctor.stdout, "flow-log").detail, new RegExp(`^${first}: ALL traffic to MyVpc22-Log`));
      assert.equal(checkOf(doctor.stdout, "vpc").detail, vpcId);
      const tail = await cli(["tail", "--since", "1m"]);
      assert.equal(tail.status, 0, tail.stderr);
    });

    test("a second flow log of the VPC into Other-Log: doctor --log-group Other-Log judges the flow log feeding Other-Log", async () => {
      second = await flowLogInto(backend, vpcId, await roleFor(backend, "role-other"), "Other-Log");
      const doctor = await cli(["doctor", "--json", "--log-group", "Other-Log"]);
      const flowLog = checkOf(doctor.stdout, "flow-log");
      assert.match(flowLog.detail, new RegExp(`^${second}: ALL traffic to Other-Log`));
      assert.doesNotMatch(flowLog.detail, new RegExp(first));
      assert.match(checkOf(doctor.stdout, "role").detail, /role-other$/);
      assert.match(checkOf(doctor.stdout, "log-group").detail, /log-group:Other-Log$/);
    });

    test("no option and two log groups: doctor, tail, watch, report and the dashboard list them and exit 2; --vpc with two groups too", async () => {
      const listed = (stderr: string) => {
        assert.match(stderr, /flow logs delivering to 2 log groups; say which with --log-group/);
        for (const text of ["MyVpc22-Log", "Other-Log", first, second, vpcId]) assert.ok(stderr.includes(text), `${text} not listed in: ${stderr}`);
      };
      for (const args of [["doctor"], ["tail"], ["watch"], ["report"], ["tail", "--vpc", "MyVpc22"], ["report", "--vpc", "MyVpc22"]]) {
        const run = await cli(args);
        assert.equal(run.status, 2, `${args.join(" ")}: ${run.stdout}${run.stderr}`);
        listed(run.stderr);
      }
      // The dashboard asks before it serves anything (killed after 20 s if it picked one and served).
      const dashboard = await cli(["dashboard", "--port", "0"], 20_000);
      assert.equal(dashboard.status, 2, dashboard.stdout + dashboard.stderr);
      listed(dashboard.stderr);
    });
  });
}
