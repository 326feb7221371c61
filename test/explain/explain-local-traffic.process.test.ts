/**
 * The scenario table end to end on the local cloud with real TCP: each network built through the
 * SDK, a flow log on its VPC, a connection from this machine to the instance's public address, the record
 * that appears (or none, when no route carries the reply), and explain's verdict on that record naming the
 * rule that decided it. One record goes through `flowwatch tail --output raw | flowwatch explain -`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { Socket } from "node:net";
import { before, describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { DEFAULT_FORMAT, recordParser } from "../../src/flowlog/index.js";
import { explainFlow, explainRecord } from "../../src/monitor/explain-flow.js";
import { type BuiltNetwork, buildNetwork } from "../support/explain-network.js";
import { EXPLAIN_SCENARIOS } from "../support/explain-scenarios.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { flush } from "../support/tutorial-pipeline.js";

const env = useLocalCloud({ gatewayPorts: [22, 80, 8080] });
const GROUP = "explain-e2e";
const vectors = new URL("../vectors/", import.meta.url);
const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** One TCP connection attempt; where it came from, whether it was accepted. */
function connect(host: string, port: number): Promise<{ accepted: boolean; localAddress: string; localPort: number }> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let local = { localAddress: "127.0.0.1", localPort: 0 };
    socket.setTimeout(1500);
    socket.resume();
    socket.once("lookup", () => undefined);
    socket.once("ready", () => (local = { localAddress: socket.localAddress ?? "127.0.0.1", localPort: socket.localPort ?? 0 }));
    socket.once("connect", () => {
      socket.end();
      socket.once("close", () => resolve({ accepted: true, ...local }));
    });
    socket.once("error", () => resolve({ accepted: false, ...local }));
    socket.once("timeout", () => {
      local = { localAddress: socket.localAddress ?? local.localAddress, localPort: socket.localPort ?? local.localPort };
      socket.destroy();
      resolve({ accepted: false, ...local });
    });
    socket.connect(port, host);
  });
}

/** The CLI with a line on standard input. */
function flowwatchWithInput(args: string[], input: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", main, ...args], {
      encoding: "utf8", timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: env.cloud.rootSecret, AWS_REGION: "us-east-1", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", NO_COLOR: "1" },
    }, (error, stdout, stderr) => resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }));
    child.stdin?.end(input);
  });
}

describe("explain on the local cloud, with the records real TCP makes", () => {
  let roleArn: string;
  before(async () => {
    const iam = new IAMClient(env.clientConfig());
    const policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: "my-flowpolicy", PolicyDocument: readFileSync(new URL("seed-policy.json", vectors), "utf8") }))).Policy?.Arn as string;
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: "my-flowlog-role", AssumeRolePolicyDocument: readFileSync(new URL("seed-trust.json", vectors), "utf8") }))).Role?.Arn as string;
    await iam.send(new AttachRolePolicyCommand({ RoleName: "my-flowlog-role", PolicyArn: policyArn }));
    await new CloudWatchLogsClient(env.clientConfig()).send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  });

  async function networkWithFlowLog(ec2: EC2Client, i: number, spec: Parameters<typeof buildNetwork>[1]): Promise<BuiltNetwork & { publicIp: string }> {
    const n = await buildNetwork(ec2, spec, `10.${100 + i}.0.0/16`);
    await ec2.send(new CreateFlowLogsCommand({ ResourceType: "VPC", ResourceIds: [n.vpcId], TrafficType: "ALL", LogGroupName: GROUP, DeliverLogsPermissionArn: roleArn }));
    const publicIp = n.publicIp ?? ((await ec2.send(new DescribeInstancesCommand({ InstanceIds: [n.instanceId] }))).Reservations?.[0]?.Instances?.[0]?.PublicIpAddress as string);
    assert.ok(publicIp, "the instance has a public address");
    return { ...n, publicIp };
  }

  async function recordsOf(eni: string): Promise<string[]> {
    const logs = new CloudWatchLogsClient(env.clientConfig());
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNamePrefix: eni }));
    return (page.events ?? []).map((e) => e.message ?? "");
  }

  EXPLAIN_SCENARIOS.forEach((scenario, i) => {
    test(scenario.name, async () => {
      const ec2 = new EC2Client(env.clientConfig());
      try {
        const n = await networkWithFlowLog(ec2, i, scenario.network);
        const { port, record: which, action } = scenario.traffic;
        // The gateway opens the new address's listeners asynchronously: wait until one answers at all.
        let attempt = await connect(n.publicIp, port);
        for (let k = 0; k < 20 && attempt.localPort === 0; k++) attempt = await connect(n.publicIp, port);
        await flush(env);
        const parse = recordParser(DEFAULT_FORMAT);
        const records = (await recordsOf(n.eniId)).map((m) => ({ m, r: parse(m) }));
        if (which === "none") {
          assert.deepEqual(records.map((x) => x.m), [], "no record: the reply had no route");
          const { explanation } = await explainFlow(ec2, { eni: n.eniId, src: attempt.localAddress, port, srcPort: attempt.localPort, protocol: "tcp" });
          assert.equal(explanation.verdict, scenario.verdict);
          assert.equal(explanation.headline, scenario.headline(n, attempt.localAddress));
          return;
        }
        const picked = records.find(({ r }) => (which === "inbound" ? r.dstaddr === n.privateIp && r.dstport === port : r.srcaddr === n.privateIp && r.srcport === port) && r.action === action);
        assert.ok(picked, `a ${which} ${action} record on port ${port} among ${JSON.stringify(records.map((x) => x.m))}`);
        const client = String(which === "inbound" ? picked.r.srcaddr : picked.r.dstaddr);
        const { explanation } = await explainRecord(ec2, picked.r);
        assert.equal(explanation.verdict, scenario.verdict, explanation.headline);
        assert.equal(explanation.headline, scenario.headline(n, client));
        assert.match(explanation.recordNote ?? "", new RegExp(`^the record's ${action}`), "the record agrees with the rules");
        if (i === 0) {
          // The same record as a user would pick it: tail's raw lines, the REJECT one, into explain.
          const tail = await flowwatchWithInput(["tail", "--log-group", GROUP, "--eni", n.eniId, "--output", "raw", "--endpoint", env.endpoint], "");
          assert.equal(tail.status, 0, tail.stderr);
          const line = tail.stdout.split("\n").find((l) => l.includes(" REJECT "));
          assert.ok(line, `tail printed the REJECT record: ${tail.stdout}`);
          const cli = await flowwatchWithInput(["explain", "-", "--endpoint", env.endpoint], `${line}\n`);
          assert.equal(cli.status, 1, cli.stderr);
          assert.equal(cli.stdout.split("\n")[1], `REJECT: ${scenario.headline(n, client)}`);
        }
      } finally {
        ec2.destroy();
      }
    });
  });
});
