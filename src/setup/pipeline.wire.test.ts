/**
 * setup, doctor and destroy through the SDK against a local cloud: setup is idempotent, doctor names
 * exactly the link that is broken, --fix repairs it and records flow again; destroy removes only ours.
 */
import assert from "node:assert/strict";
import { get } from "node:http";
import { describe, test } from "node:test";
import { CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand } from "@aws-sdk/client-ec2";
import {
  CreateAccessKeyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { useLocalCloud } from "../../test/support/local-cloud.js";
import { ensureDemoNetwork, type DemoNetwork } from "../cli/demo/network.js";
import { awsClients, type AwsClients } from "./clients.js";
import { DEFAULTS } from "./config.js";
import { runDestroy } from "./destroy.js";
import type { DoctorReport } from "./doctor/check.js";
import { runChecks } from "./doctor/checks.js";
import { fixReport } from "./doctor/fix.js";
import { runSetup } from "./setup.js";

const env = useLocalCloud({ gatewayPorts: [22, 80] });
const config = DEFAULTS;
const wait = { timeoutMs: 5_000, pollMs: 50 };

const request = (host: string) =>
  new Promise<void>((resolve, reject) => {
    const r = get({ host, port: 80, path: "/", agent: false }, (response) => response.resume().once("end", resolve));
    r.once("error", reject);
  });

describe("setup, doctor, destroy against the local cloud", () => {
  let root: AwsClients;
  let network: DemoNetwork;

  /** Traffic to web, then the window closed now: what the flow log did with it. */
  const recordsFlow = async () => {
    await request(network.publicIp);
    const flushed = (await env.cloud.flush()) as { deliveries: Array<{ status: string; message?: string }> };
    return flushed.deliveries.map((d) => d.status);
  };
  const doctor = (clients = root) => runChecks(clients, config);
  const fix = async (report: DoctorReport, clients = root) => {
    await fixReport(clients, config, report, () => undefined);
    // DeliverLogsStatus is the last delivery's: it turns SUCCESS with the next window.
    assert.deepEqual(await recordsFlow(), ["SUCCESS"]);
    const after = await doctor(clients);
    assert.deepEqual(after.failed, [], JSON.stringify(after.checks.filter((c) => c.status === "fail")));
  };

  test("setup creates every resource, doctor is healthy, records flow, a second setup changes nothing", async () => {
    root = awsClients(env.clientConfig());
    network = await ensureDemoNetwork(root.ec2);
    const first = await runSetup(root, config, { wait });
    assert.deepEqual(
      first.plan.steps.map((s) => [s.resource, s.action]),
      [
        ["policy", "create"],
        ["role", "create"],
        ["attachment", "create"],
        ["log-group", "create"],
        ["flow-log", "create"],
      ],
    );
    const report = await doctor();
    assert.equal(report.healthy, true, JSON.stringify(report.checks));
    assert.deepEqual(await recordsFlow(), ["SUCCESS"]);
    const second = await runSetup(root, config, { wait });
    assert.equal(second.applied, false);
    assert.deepEqual(
      second.plan.steps.map((s) => s.action),
      ["unchanged", "unchanged", "unchanged", "unchanged", "unchanged"],
    );
    assert.equal(second.flowLogId, first.flowLogId);
  });

  test("the trust policy without the flow logs principal: doctor names trust-principal, --fix repairs it", async () => {
    const ec2Trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    await root.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: config.roleName, PolicyDocument: JSON.stringify(ec2Trust) }));
    assert.deepEqual(await recordsFlow(), ["FAILED"]);
    const report = await doctor();
    assert.deepEqual(report.failed, ["trust-principal"]);
    assert.match(report.checks.find((c) => c.id === "delivery")?.detail ?? "", /Access error.*explained by trust-principal/);
    await fix(report);
  });

  test("a policy without logs:PutLogEvents: doctor names permissions, --fix repairs it", async () => {
    const arn = `arn:aws:iam::000000000000:policy/${config.policyName}`;
    const narrow = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream"], Resource: "*" }] };
    await root.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(narrow), SetAsDefault: true }));
    const report = await doctor();
    assert.deepEqual(report.failed, ["permissions"]);
    assert.match(report.checks.find((c) => c.id === "permissions")?.detail ?? "", /logs:PutLogEvents/);
    await fix(report);
  });

  test("a caller (an IAM user) without iam:PassRole: doctor names pass-role, --fix grants it", async () => {
    await root.iam.send(new CreateUserCommand({ UserName: "operator" }));
    const everythingButPassRole = { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:PassRole", Resource: "*" }] };
    await root.iam.send(new PutUserPolicyCommand({ UserName: "operator", PolicyName: "ops", PolicyDocument: JSON.stringify(everythingButPassRole) }));
    const key = (await root.iam.send(new CreateAccessKeyCommand({ UserName: "operator" }))).AccessKey;
    const operator = awsClients(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
    try {
      const report = await doctor(operator);
      assert.deepEqual(report.failed, ["pass-role"]);
      await fix(report, operator);
    } finally {
      operator.destroy();
    }
  });

  test("the log group deleted: doctor names log-group, --fix recreates it", async () => {
    await root.logs.send(new DeleteLogGroupCommand({ logGroupName: config.logGroupName }));
    const report = await doctor();
    assert.deepEqual(report.failed, ["log-group"]);
    await fix(report);
    const group = (await root.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: config.logGroupName }))).logGroups?.[0];
    assert.equal(group?.retentionInDays, 30);
  });

  test("the flow log deleted: doctor names flow-log, --fix recreates it", async () => {
    const id = (await root.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.[0]?.FlowLogId ?? "";
    await root.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [id] }));
    const report = await doctor();
    assert.deepEqual(report.failed, ["flow-log"]);
    await fix(report);
  });

  test("destroy removes what setup created and nothing else", async () => {
    await root.logs.send(new CreateLogGroupCommand({ logGroupName: "someone-elses" }));
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: "someone-elses-role",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    const outcome = await runDestroy(root, config);
    assert.deepEqual(outcome.kept, []);
    assert.deepEqual(
      outcome.removed.map((r) => r.split(" ")[0]),
      ["flow-log", "attachment", "role", "policy", "log-group"],
    );
    assert.deepEqual((await root.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs, []);
    const groups = (await root.logs.send(new DescribeLogGroupsCommand({}))).logGroups?.map((g) => g.logGroupName);
    assert.deepEqual(groups, ["someone-elses"]);
    await assert.rejects(root.iam.send(new GetRoleCommand({ RoleName: config.roleName })), { name: "NoSuchEntityException" });
    assert.ok((await root.iam.send(new GetRoleCommand({ RoleName: "someone-elses-role" }))).Role);
    assert.deepEqual((await runDestroy(root, config)).removed, []);
    const report = await doctor();
    assert.ok(report.failed.includes("flow-log"));
    root.destroy();
  });
});
