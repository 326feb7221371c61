/** `flowwatch watch` against a local cloud: quiet on the baseline workload, a port-scan alert after a backfilled scan. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { buildPipeline } from "../../../test/support/pipeline.js";
import { useLocalCloud } from "../../../test/support/local-cloud.js";

const env = useLocalCloud({ gatewayPorts: [18081] });
const main = new URL("../main.ts", import.meta.url).pathname;

const flowwatch = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", main, ...args], { timeout: 120_000, env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });

const rules = (stdout: string) => stdout.split("\n").filter((l) => l.trim() !== "").map((l) => (JSON.parse(l) as { rule: string }).rule);

describe("flowwatch watch", () => {
  test("the baseline scenario alone gives no port-scan or brute-force alert", async () => {
    await buildPipeline(env.clientConfig(), { instances: 2 });
    const traffic = await flowwatch(["traffic", "baseline", "--backfill", "30m", "--rate", "1", "--endpoint", env.endpoint]);
    assert.equal(traffic.code, 0, traffic.stderr);
    const run = await flowwatch(["watch", "--since", "1h", "--output", "json", "--endpoint", env.endpoint, "--region", "us-east-1"]);
    assert.equal(run.code, 0, run.stderr);
    const fired = rules(run.stdout);
    assert.ok(!fired.includes("port-scan") && !fired.includes("brute-force"), fired.join(","));
  });

  test("a backfilled port scan gives a port-scan alert line", async () => {
    const traffic = await flowwatch(["traffic", "port-scan", "--backfill", "10m", "--endpoint", env.endpoint]);
    assert.equal(traffic.code, 0, traffic.stderr);
    const run = await flowwatch(["watch", "--since", "1h", "--output", "json", "--endpoint", env.endpoint, "--region", "us-east-1"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(rules(run.stdout).includes("port-scan"), run.stdout);
  });
});
