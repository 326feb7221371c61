/**
 * The issue's table of rejections, end to end on the local cloud with real TCP: each scenario's rules set
 * through the SDK v3 (test/support/reject-scenarios.ts), one connection from this machine to the
 * instance's public address (curl for HTTP, a raw socket otherwise), then the records its VPC flow log
 * delivered to CloudWatch Logs for the interface, compared with what AWS writes (or nothing).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { CreateFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { useLocalCloud } from "../support/local-cloud.js";
import { applyScenario, buildScenarioVpc, type ExpectedRecord, REJECT_SCENARIOS, type ScenarioInstance } from "../support/reject-scenarios.js";
import { connect, flush, TRUST } from "../support/tutorial-pipeline.js";

const env = useLocalCloud();
const run = promisify(execFile);
const FORMAT = "${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${action} ${tcp-flags} ${flow-direction}";
const GROUP = "reject-scenarios";

/** One connection as a user makes it: curl to the HTTP port, a raw socket elsewhere. Whether it was answered does not matter here. */
async function knock(host: string, port: number): Promise<void> {
  if (port === 80) {
    await run("curl", ["-s", "-o", "/dev/null", "--max-time", "3", `http://${host}/`]).catch(() => undefined);
  } else {
    await connect(host, port);
  }
}

async function recordsOf(eni: string): Promise<Array<ExpectedRecord & { srcaddr: string; dstport: number }>> {
  const logs = new CloudWatchLogsClient(env.clientConfig());
  try {
    const events =
      (await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: [`${eni}-all`] })).catch(() => ({ events: [] }))).events ?? [];
    return events
      .map((e) => (e.message ?? "").split(" "))
      .filter((f) => f[7] === "ACCEPT" || f[7] === "REJECT")
      .map((f) => ({
        srcaddr: f[1] as string,
        dstport: Number(f[4]),
        action: f[7] as "ACCEPT" | "REJECT",
        tcpFlags: Number(f[8]),
        direction: f[9] as "ingress" | "egress",
      }))
      .sort((a, b) => (a.direction === b.direction ? 0 : a.direction === "ingress" ? -1 : 1));
  } finally {
    logs.destroy();
  }
}

describe("the table of rejections on the local cloud, with real TCP", () => {
  const instances = new Map<string, ScenarioInstance>();

  test("every scenario's subnet, rules and instance, and a flow log on the VPC", async () => {
    const ec2 = new EC2Client(env.clientConfig());
    const iam = new IAMClient(env.clientConfig());
    const logs = new CloudWatchLogsClient(env.clientConfig());
    const vpc = await buildScenarioVpc(ec2);
    for (const [i, scenario] of REJECT_SCENARIOS.entries()) instances.set(scenario.name, await applyScenario(ec2, vpc, scenario, i + 1));
    const policy = readFileSync(new URL("../vectors/seed-policy.json", import.meta.url), "utf8");
    const policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: "my-flowpolicy", PolicyDocument: policy }))).Policy?.Arn as string;
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: "my-flowlog-role", AssumeRolePolicyDocument: TRUST }))).Role?.Arn as string;
    await iam.send(new AttachRolePolicyCommand({ RoleName: "my-flowlog-role", PolicyArn: policyArn }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const created = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: "VPC",
        ResourceIds: [vpc.vpcId],
        TrafficType: "ALL",
        LogGroupName: GROUP,
        DeliverLogsPermissionArn: roleArn,
        LogFormat: FORMAT,
        MaxAggregationInterval: 60,
      }),
    );
    assert.deepEqual(created.Unsuccessful, []);
    for (const instance of instances.values()) assert.match(instance.publicIp, /^127\./);
    ec2.destroy();
    iam.destroy();
    logs.destroy();
  });

  test("one connection to each instance, then every window delivered", async () => {
    for (const scenario of REJECT_SCENARIOS) {
      const instance = instances.get(scenario.name) as ScenarioInstance;
      await knock(instance.publicIp, scenario.port);
    }
    // Wait for the gateway's close handlers to report accepted connections, then deliver.
    await new Promise((r) => setTimeout(r, 300));
    const deliveries = await flush(env);
    assert.ok(
      deliveries.every((d) => d.status === "SUCCESS"),
      JSON.stringify(deliveries),
    );
  });

  for (const scenario of REJECT_SCENARIOS) {
    test(`${scenario.name}: ${scenario.records.length === 0 ? "no record" : scenario.records.map((r) => `${r.direction} ${r.action}`).join(", ")}`, async () => {
      const instance = instances.get(scenario.name) as ScenarioInstance;
      const records = await recordsOf(instance.interfaceId);
      assert.deepEqual(
        records.map(({ direction, action, tcpFlags }) => ({ direction, action, tcpFlags })),
        scenario.records,
        `${scenario.name} (${scenario.decidedBy}): ${JSON.stringify(records)}`,
      );
      for (const r of records) {
        // Ingress records run client -> instance:port; egress records instance:port -> client.
        if (r.direction === "ingress") {
          assert.equal(r.srcaddr, "127.0.0.1");
          assert.equal(r.dstport, scenario.port);
        } else {
          assert.equal(r.srcaddr, instance.privateIp);
        }
      }
    });
  }
});
