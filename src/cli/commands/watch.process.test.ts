/**
 * `flowwatch watch` against a local cloud: quiet on the baseline workload, a port-scan alert after a
 * backfilled scan, a delivery-broken alert when the flow log's role no longer trusts the service.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { IAMClient, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import type { Alert } from "../../monitor/alert.js";
import { buildPipeline } from "../../../test/support/pipeline.js";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { EC2_TRUST } from "../../../test/support/tutorial-pipeline.js";

const env = useLocalCloud({ gatewayPorts: [18081] });
const main = new URL("../main.ts", import.meta.url).pathname;

const flowwatch = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", main, ...args],
      { timeout: 120_000, env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });

const alerts = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Alert);
const rules = (stdout: string) => alerts(stdout).map((a) => a.rule);
let flowLogId = "";

describe("flowwatch watch", () => {
  test("the baseline scenario alone gives no alert", async () => {
    flowLogId = (await buildPipeline(env.clientConfig(), { instances: 2 })).flowLogId;
    const traffic = await flowwatch(["traffic", "baseline", "--backfill", "30m", "--rate", "1", "--endpoint", env.endpoint]);
    assert.equal(traffic.code, 0, traffic.stderr);
    const run = await flowwatch(["watch", "--since", "1h", "--output", "json", "--endpoint", env.endpoint, "--region", "us-east-1"]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(rules(run.stdout), []);
  });

  test("a backfilled port scan gives a port-scan alert line", async () => {
    const traffic = await flowwatch(["traffic", "port-scan", "--backfill", "10m", "--endpoint", env.endpoint]);
    assert.equal(traffic.code, 0, traffic.stderr);
    const run = await flowwatch(["watch", "--since", "1h", "--output", "json", "--endpoint", env.endpoint, "--region", "us-east-1"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(rules(run.stdout).includes("port-scan"), run.stdout);
  });

  test("a role that no longer trusts vpc-flow-logs gives a delivery-broken alert naming the flow log", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "my-flowlog-role", PolicyDocument: EC2_TRUST }));
    const traffic = await flowwatch(["traffic", "baseline", "--backfill", "5m", "--endpoint", env.endpoint]);
    assert.equal(traffic.code, 0, traffic.stderr);
    assert.ok((JSON.parse(traffic.stdout) as { failedDeliveries: number }).failedDeliveries > 0, traffic.stdout);
    const run = await flowwatch(["watch", "--since", "1h", "--output", "json", "--endpoint", env.endpoint, "--region", "us-east-1"]);
    assert.equal(run.code, 0, run.stderr);
    const broken = alerts(run.stdout).filter((a) => a.rule === "delivery-broken");
    assert.deepEqual(
      broken.map((a) => a.who),
      [flowLogId],
      run.stdout,
    );
    assert.match(broken[0]?.what ?? "", /DeliverLogsStatus FAILED \(Access error\)/);
  });
});
