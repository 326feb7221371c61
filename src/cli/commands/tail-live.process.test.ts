/**
 * `flowwatch tail --live` as a process: on the local cloud, a flow record of real traffic shows within a second of
 * its delivery (the flush); where StartLiveTail is refused (IAM without logs:StartLiveTail on the local cloud, and
 * moto_server, which does not implement it) it says so in one line and polls instead.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { motoAvailable, useMotoServer } from "../../../test/support/moto-server.js";
import { buildTutorialPipeline, connect, flush, type Pipeline } from "../../../test/support/tutorial-pipeline.js";

const main = new URL("../main.ts", import.meta.url).pathname;

interface Running {
  child: ChildProcess;
  lines: string[];
  stderr(): string;
  /** SIGINT, as Ctrl-C; the exit code, or the signal when it had to be killed after 5 s. */
  stop(): Promise<number | string | null>;
}

function tailLive(endpoint: string, args: string[], credentials = { accessKeyId: "test", secretAccessKey: "test" }): Running {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", main, "tail", "--live", "--endpoint", endpoint, "--region", "us-east-1", "--output", "json", ...args],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_EC2_METADATA_DISABLED: "true",
        NO_COLOR: "1",
      },
    },
  );
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
  const exited = new Promise<number | string | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  return {
    child,
    lines,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGINT");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
}

const views = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("flowwatch tail --live on the local cloud", () => {
  const env = useLocalCloud({ gatewayPorts: [80] });
  let p: Pipeline;
  before(async () => {
    p = await buildTutorialPipeline(env, "web-1");
    for (let i = 0; i < 50 && !(await connect(p.publicIp, 80)); i++) await new Promise((r) => setTimeout(r, 100));
    await flush(env);
  });

  test("a new flow record shows within a second of its delivery, decoded and enriched", async () => {
    const sessions = () => (env.cloud.service("logs") as unknown as { liveTail: { sessions(): number } }).liveTail.sessions();
    const run = tailLive(env.endpoint, ["--since", "1h"]);
    try {
      assert.ok(await until(() => sessions() === 1, 30_000), `no live session: ${run.stderr()}`);
      // The history (--since) comes first: the record delivered in before().
      assert.ok(await until(() => run.lines.length > 0, 10_000), `no history: ${run.stderr()}`);
      const before = run.lines.length;
      await connect(p.publicIp, 80);
      const deliveries = await flush(env);
      const delivered = Date.now();
      assert.ok(
        deliveries.some((d) => d.records > 0),
        JSON.stringify(deliveries),
      );
      assert.ok(await until(() => run.lines.length > before, 3000), `nothing new: ${run.stderr()}`);
      const shown = Date.now() - delivered;
      assert.ok(shown <= 1300, `shown ${shown} ms after delivery`);
      const fresh = views(run.lines.slice(before));
      const inbound = fresh.find((v) => v.dstaddr === p.privateIp && v.dstport === 80);
      assert.ok(inbound, run.lines.slice(before).join("\n"));
      assert.equal(inbound.instanceName, "web-1");
      assert.equal(inbound.direction, "in");
      assert.doesNotMatch(run.stderr(), /refused|polling/);
    } finally {
      // Ctrl-C ends the session and the command cleanly.
      assert.equal(await run.stop(), 0);
    }
    assert.ok(await until(() => sessions() === 0, 3000), "the session outlived the process");
  });

  test("without logs:StartLiveTail: one line says so, then polling shows the records", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "poller" }));
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["logs:FilterLogEvents", "logs:DescribeLogGroups", "ec2:Describe*"], Resource: "*" },
        { Effect: "Deny", Action: "logs:StartLiveTail", Resource: "*" },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: "poller", PolicyName: "poll-only", PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "poller" }))).AccessKey;
    iam.destroy();
    const run = tailLive(env.endpoint, ["--log-group", "MyVpc22-Log", "--since", "1h", "--interval", "0.5"], {
      accessKeyId: key?.AccessKeyId ?? "",
      secretAccessKey: key?.SecretAccessKey ?? "",
    });
    try {
      assert.ok(await until(() => run.lines.length > 0, 30_000), `no records: ${run.stderr()}`);
      assert.match(run.stderr(), /^flowwatch: live tail refused \(AccessDeniedException, HTTP 400\); polling every 0\.5s instead$/m);
      assert.equal(run.stderr().trim().split("\n").length, 1, run.stderr());
      assert.ok(views(run.lines).some((v) => v.dstport === 80));
    } finally {
      await run.stop();
    }
  });
});

describe("flowwatch tail --live against moto_server (no StartLiveTail)", { skip: motoAvailable() ? false : "moto_server is not installed" }, () => {
  const moto = useMotoServer();
  const RECORD = "2 123456789012 eni-0a1b2c3d 10.0.1.5 10.0.1.9 49152 443 6 10 840 1700000000 1700000060 ACCEPT OK";
  let logs: CloudWatchLogsClient;
  before(async () => {
    logs = new CloudWatchLogsClient(moto.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: "moto-flows" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "moto-flows", logStreamName: "eni-0a1b2c3d-all" }));
  });
  after(() => logs.destroy());

  test("refused in one line, then polling finds a record put later", async () => {
    const run = tailLive(moto.endpoint, [
      "--log-group",
      "moto-flows",
      "--format",
      "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
      "--since",
      "1h",
      "--interval",
      "0.5",
    ]);
    try {
      assert.ok(await until(() => /live tail refused/.test(run.stderr()), 30_000), `no note: ${run.stderr()}`);
      assert.match(run.stderr(), /^flowwatch: live tail refused \(NotAwsResponseError, HTTP 5\d\d\); polling every 0\.5s instead$/m);
      await logs.send(
        new PutLogEventsCommand({ logGroupName: "moto-flows", logStreamName: "eni-0a1b2c3d-all", logEvents: [{ timestamp: Date.now(), message: RECORD }] }),
      );
      assert.ok(await until(() => run.lines.length > 0, 10_000), `polling found nothing: ${run.stderr()}`);
      const [view] = views(run.lines);
      assert.equal(view?.dstport, 443);
      assert.equal(view?.action, "ACCEPT");
      assert.equal(run.child.exitCode, null, "it keeps following");
    } finally {
      await run.stop();
    }
  });
});
