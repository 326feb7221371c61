/**
 * `aws logs start-live-tail` (botocore's own event-stream reader) against the local cloud: it streams until killed,
 * prints the events put after it started within a second with the filter pattern applied, reports AWS's error
 * for a missing group, and its session is freed when the process is killed.
 *
 * Debian's AWS CLI v2 (2.9.19, /usr/bin/aws) predates StartLiveTail, so this runs the AWS CLI v1 of the machine's
 * Python (`python3 -m awscli`, botocore 1.43), which has the command. Host prefix injection is turned off the way
 * botocore documents (AWS_DISABLE_HOST_PREFIX_INJECTION): `streaming-127.0.0.1` would not resolve.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { cleanAwsEnv } from "../../../test/support/aws-cli.js";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import type { LogsServiceDefinition } from "./service.js";

const env = useLocalCloud();
const ARN = "arn:aws:logs:us-east-1:000000000000:log-group:cli-tail";
const cliHasLiveTail =
  spawnSync("python3", ["-m", "awscli", "logs", "start-live-tail", "help"], { env: cleanAwsEnv(), stdio: "ignore", timeout: 30_000 }).status === 0;

/** The CLI as a child process; `lines` fills as it prints. */
function startLiveTail(args: string[]): { child: ChildProcess; lines: string[]; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn("python3", ["-m", "awscli", "--endpoint-url", env.endpoint, "logs", "start-live-tail", ...args], {
    env: cleanAwsEnv({ AWS_DISABLE_HOST_PREFIX_INJECTION: "true", PYTHONUNBUFFERED: "1" }),
  });
  const lines: string[] = [];
  let stderr = "";
  let partial = "";
  child.stdout?.on("data", (d: Buffer) => {
    const parts = (partial + d.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts.filter((l) => l.trim() !== ""));
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exited };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe("aws logs start-live-tail (AWS CLI v1, botocore) against the local cloud", {
  skip: cliHasLiveTail ? false : "python3 -m awscli has no start-live-tail",
}, () => {
  let logs: CloudWatchLogsClient;
  let service: LogsServiceDefinition;
  before(async () => {
    logs = new CloudWatchLogsClient(env.clientConfig());
    service = env.cloud.service("logs") as LogsServiceDefinition;
    await logs.send(new CreateLogGroupCommand({ logGroupName: "cli-tail" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "cli-tail", logStreamName: "eni-1-all" }));
  });
  after(() => logs.destroy());

  test("streams until killed: events put after the start, filter applied, within a second; the kill frees the session", async () => {
    const run = startLiveTail(["--log-group-identifiers", ARN, "--log-event-filter-pattern", "REJECT"]);
    try {
      assert.ok(await until(() => service.liveTail.sessions() === 1, 20_000), `no session opened: ${run.stderr()}`);
      const sent = Date.now();
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: "cli-tail",
          logStreamName: "eni-1-all",
          logEvents: [
            { timestamp: sent, message: "2 123 eni-1 10.0.0.9 10.0.0.2 4444 22 6 1 40 1 2 REJECT OK" },
            { timestamp: sent, message: "2 123 eni-1 10.0.0.9 10.0.0.2 4444 80 6 1 40 1 2 ACCEPT OK" },
          ],
        }),
      );
      assert.ok(await until(() => run.lines.length > 0, 3000), `nothing printed: ${run.stderr()}`);
      const arrived = Date.now() - sent;
      // The update leaves within a second; the CLI's reading and printing add a little, and a loaded
      // machine more: the bound catches polling (which would take the CLI's own interval), not speed.
      assert.ok(arrived <= 5000, `printed after ${arrived} ms`);
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(run.lines.length, 1, run.lines.join("\n"));
      assert.match(run.lines[0] ?? "", /REJECT/);
      assert.equal(run.child.exitCode, null, "the CLI streams until it is killed");
    } finally {
      run.child.kill("SIGKILL");
      await run.exited;
    }
    assert.ok(await until(() => service.liveTail.sessions() === 0, 3000), "the killed client's session was not freed");
  });

  test("a missing log group: ResourceNotFoundException, and no session", async () => {
    const run = startLiveTail(["--log-group-identifiers", "arn:aws:logs:us-east-1:000000000000:log-group:missing"]);
    const code = await Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r("timeout"), 30_000))]);
    run.child.kill("SIGKILL");
    assert.notEqual(code, 0);
    assert.notEqual(code, "timeout");
    assert.match(run.stderr(), /ResourceNotFoundException/);
    assert.equal(service.liveTail.sessions(), 0);
  });

  test("too many log groups: InvalidParameterException from the model's limit of 10", async () => {
    const run = startLiveTail(["--log-group-identifiers", ...Array.from({ length: 11 }, () => ARN)]);
    const code = await Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r("timeout"), 30_000))]);
    run.child.kill("SIGKILL");
    assert.notEqual(code, 0);
    // botocore checks the list's length itself before sending; either way the request is refused, never streamed.
    assert.match(run.stderr(), /InvalidParameterException|Invalid length|ParamValidation/);
  });
});
