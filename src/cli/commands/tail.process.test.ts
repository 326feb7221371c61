/** `flowwatch tail` as a process against a LocalCloud carrying the tutorial's pipeline and real traffic. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { before, describe, test } from "node:test";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { buildTutorialPipeline, connect, flush, type Pipeline } from "../../../test/support/tutorial-pipeline.js";

const env = useLocalCloud({ gatewayPorts: [80, 22] });
const main = new URL("../main.ts", import.meta.url).pathname;

const tail = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", main, "tail", "--endpoint", env.endpoint, "--region", "us-east-1", ...args],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });

describe("flowwatch tail", () => {
  let p: Pipeline;
  before(async () => {
    p = await buildTutorialPipeline(env, "web-1");
    for (let i = 0; i < 50 && !(await connect(p.publicIp, 80)); i++) await new Promise((r) => setTimeout(r, 100));
    await connect(p.publicIp, 22);
    await flush(env);
  });

  test("--output json: records decoded, with the instance's Name, direction and port names", async () => {
    const run = await tail("--output", "json");
    assert.equal(run.code, 0, run.stderr);
    const views = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const inbound = views.find((v) => v.dstaddr === p.privateIp && v.dstport === 80);
    assert.ok(inbound, run.stdout);
    assert.equal(inbound.instanceName, "web-1");
    assert.equal(inbound.direction, "in");
    assert.equal(inbound.service, "80/http");
    assert.equal(inbound.protocol, "TCP");
    assert.ok(views.some((v) => v.action === "REJECT" && v.dstport === 22));
    assert.equal(new Set(views.map((v) => v.eventId)).size, views.length);
  });

  test("--filter and --output table", async () => {
    const run = await tail("--filter", '[..., action="REJECT", status]');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert.ok(lines.length > 0 && lines.every((l) => l.includes("REJECT") && l.includes("web-1")), run.stdout);
  });

  test("a missing log group is a one-line error", async () => {
    const run = await tail("--log-group", "nope");
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^flowwatch: FilterLogEvents: ResourceNotFoundException/m);
  });
});
