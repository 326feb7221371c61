/**
 * The table of rejections (test/support/reject-scenarios.ts) end to end on the local cloud with real TCP:
 * one connection from this machine to each scenario's instance, the records its flow log delivers (in a
 * custom format with tcp-flags, so a record's leg is read from its flags), and explain's verdict on each
 * record naming the rule that decided it; for no route, where nothing is recorded, on the connection.
 * One record goes the way a user takes it: `flowwatch tail --output raw | flowwatch explain -`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { Socket } from "node:net";
import { before, describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { type FlowRecord, parseFormat, recordParser } from "../../src/flowlog/index.js";
import { explainFlow, explainRecord } from "../../src/monitor/explain-flow.js";
import { EXPLAIN_EXPECTED, ruleIdsOf } from "../support/explain-scenarios.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { applyScenario, buildScenarioVpc, REJECT_SCENARIOS, type ScenarioInstance, type ScenarioVpc } from "../support/reject-scenarios.js";
import { flush, TRUST } from "../support/tutorial-pipeline.js";

const env = useLocalCloud();
const GROUP = "explain-e2e";
const FORMAT =
  "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${tcp-flags} ${flow-direction}";
const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** One TCP connection attempt from this machine: the address and port it came from (port 0: it never connected). */
function knock(host: string, port: number): Promise<{ address: string; port: number }> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let from = { address: "127.0.0.1", port: 0 };
    socket.setTimeout(1500);
    socket.resume();
    // The gateway accepts every connection on loopback and then decides: "connect" always fires first.
    socket.once("connect", () => {
      from = { address: socket.localAddress ?? "127.0.0.1", port: socket.localPort ?? 0 };
      socket.end();
    });
    socket.once("timeout", () => socket.destroy());
    socket.once("error", () => undefined);
    socket.once("close", () => resolve(from));
    socket.connect(port, host);
  });
}

/** The CLI with a line on standard input. */
function flowwatch(args: string[], input: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", main, ...args, "--endpoint", env.endpoint],
      {
        encoding: "utf8",
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: env.cloud.rootSecret,
          AWS_REGION: "us-east-1",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          NO_COLOR: "1",
        },
      },
      (error, stdout, stderr) => resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

describe("explain on the local cloud, on the records real TCP makes", () => {
  let vpc: ScenarioVpc;
  const instances = new Map<string, ScenarioInstance>();
  const clients = new Map<string, { address: string; port: number }>();
  const parse = recordParser(parseFormat(FORMAT));

  before(async () => {
    const ec2 = new EC2Client(env.clientConfig());
    const iam = new IAMClient(env.clientConfig());
    const logs = new CloudWatchLogsClient(env.clientConfig());
    vpc = await buildScenarioVpc(ec2);
    for (const [i, scenario] of REJECT_SCENARIOS.entries()) instances.set(scenario.name, await applyScenario(ec2, vpc, scenario, i + 1));
    const policyArn = (
      await iam.send(
        new CreatePolicyCommand({ PolicyName: "my-flowpolicy", PolicyDocument: readFileSync(new URL("../vectors/seed-policy.json", import.meta.url), "utf8") }),
      )
    ).Policy?.Arn as string;
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: "my-flowlog-role", AssumeRolePolicyDocument: TRUST }))).Role?.Arn as string;
    await iam.send(new AttachRolePolicyCommand({ RoleName: "my-flowlog-role", PolicyArn: policyArn }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: "VPC",
        ResourceIds: [vpc.vpcId],
        TrafficType: "ALL",
        LogGroupName: GROUP,
        DeliverLogsPermissionArn: roleArn,
        LogFormat: FORMAT,
      }),
    );
    // The gateway opens a new address's listeners asynchronously: the first answer (or refusal) is the connection.
    for (const scenario of REJECT_SCENARIOS) {
      const instance = instances.get(scenario.name) as ScenarioInstance;
      let from = await knock(instance.publicIp, scenario.port);
      for (let k = 0; k < 20 && from.port === 0; k++) from = await knock(instance.publicIp, scenario.port);
      clients.set(scenario.name, from);
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((await flush(env)).every((d) => d.status === "SUCCESS"));
    ec2.destroy();
    iam.destroy();
    logs.destroy();
  });

  async function recordsOf(eni: string): Promise<Array<{ line: string; record: FlowRecord }>> {
    const logs = new CloudWatchLogsClient(env.clientConfig());
    const events = (await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNamePrefix: eni }))).events ?? [];
    logs.destroy();
    return events.map((e) => ({ line: e.message ?? "", record: parse(e.message ?? "") }));
  }

  REJECT_SCENARIOS.forEach((scenario, i) => {
    test(scenario.name, async () => {
      const expected = EXPLAIN_EXPECTED[scenario.name];
      assert.ok(expected, `explain has an expectation for "${scenario.name}"`);
      const instance = instances.get(scenario.name) as ScenarioInstance;
      const ec2 = new EC2Client(env.clientConfig());
      try {
        const rules = await ruleIdsOf(ec2, instance.groupId);
        const context = (client: string) => ({ vpc, instance, rules, groupName: `scenario-${i + 1}`, client });
        const records = await recordsOf(instance.interfaceId);
        if (scenario.records.length === 0) {
          assert.deepEqual(
            records.map((r) => r.line),
            [],
            "nothing recorded",
          );
          const from = clients.get(scenario.name) as { address: string; port: number };
          const { explanation } = await explainFlow(ec2, {
            eni: instance.interfaceId,
            src: from.address,
            srcPort: from.port,
            port: scenario.port,
            protocol: "tcp",
          });
          assert.equal(explanation.verdict, expected.verdict);
          assert.equal(explanation.headline, expected.headline(context(from.address)));
          return;
        }
        for (const want of scenario.records) {
          const found = records.find(({ record }) => record["flow-direction"] === want.direction && record.action === want.action);
          assert.ok(found, `a ${want.direction} ${want.action} record among ${JSON.stringify(records.map((r) => r.line))}`);
          const client = String(want.direction === "ingress" ? found.record.srcaddr : found.record.dstaddr);
          const { explanation, context: read } = await explainRecord(ec2, found.record);
          assert.match(read, new RegExp(`is the ${want.direction === "ingress" ? "request" : "reply"} of this connection, told by its tcp-flags`));
          assert.equal(explanation.verdict, expected.verdict, `${found.line}: ${explanation.headline}`);
          assert.equal(explanation.headline, expected.headline(context(client)));
          assert.match(explanation.recordNote ?? "", new RegExp(`^the record's ${want.action}`), "the record agrees with the rules");
          if (i === 0) {
            // As a user picks it: tail's raw line into explain, which finds the flow log's format itself.
            const tail = await flowwatch(["tail", "--log-group", GROUP, "--eni", instance.interfaceId, "--output", "raw"], "");
            assert.equal(tail.status, 0, tail.stderr);
            const line = tail.stdout.split("\n").find((l) => l.includes(" REJECT "));
            assert.ok(line, `tail printed the REJECT record: ${tail.stdout}`);
            const cli = await flowwatch(["explain", "-"], `${line}\n`);
            assert.equal(cli.status, 1, cli.stderr);
            assert.equal(cli.stdout.split("\n")[1], `REJECT: ${expected.headline(context(client))}`);
          }
        }
      } finally {
        ec2.destroy();
      }
    });
  });
});
