/**
 * Every client command, run as a user runs it, against moto_server and the local cloud in three account
 * states: each ends within its bound, exits with the code a user expects, prints no SDK or JavaScript
 * internals, and leaves the user's own settings as they were.
 *
 * Expected exit codes (m: moto_server, l: local cloud):
 *
 * | command                  | (a) tutorial by setup | (b) 365 days + seed policy | (c) second flow log |
 * |--------------------------|-----------------------|----------------------------|---------------------|
 * | setup --yes              | m 0  l 0              | m 0  l 0 (adopts, keeps)   | m 0  l 0            |
 * | doctor                   | m 1  l 0              | m 1  l 0                   | m 2  l 2 (question) |
 * | destroy (no tty, no yes) | m 1  l 1 (nothing)    | m 1  l 1                   | m 1  l 1            |
 * | tail                     | m 0  l 0              | m 0  l 0                   | m 2  l 2            |
 * | watch                    | m 0  l 0              | m 0  l 0                   | m 2  l 2            |
 * | query --log-group G      | m 0  l 0              | m 0  l 0                   | m 0  l 0            |
 * | report                   | m 0  l 0              | m 0  l 0                   | m 2  l 2            |
 * | dashboard (GET, stop)    | m 0  l 0              | m 0  l 0                   | m 2  l 2            |
 *
 * `destroy` runs without a terminal and without --yes: it prints its plan and removes nothing (exit 1).
 * doctor on moto is 1 because moto's caller (user/moto) is no IAM user moto holds and moto has no
 * SimulatePrincipalPolicy: iam:PassRole is "unknown", never ok (on AWS the simulation answers), and the
 * dashboard's Pipeline page must not call that healthy. moto answers StartQuery (its Insights is partial:
 * see messages.process.test.ts), so query and report exit 0 on both, as they would on AWS.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreatePolicyCommand, CreateRoleCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { internalRequest } from "../../src/cli/internal-request.js";
import { SEED_POLICY, SEED_TRUST, sameDocument } from "../../src/setup/documents.js";
import { type Backend, createVpc, useBackends } from "../support/backends.js";

const backends = useBackends();

type State = "a" | "b" | "c";
type Command = "setup" | "doctor" | "destroy-unconfirmed" | "tail" | "watch" | "query" | "report" | "dashboard";
type Codes = Record<Command, { moto: number; local: number }>;

const both = (code: number) => ({ moto: code, local: code });
const EXPECTED: Record<State, Codes> = {
  a: {
    setup: both(0),
    doctor: { moto: 1, local: 0 },
    "destroy-unconfirmed": both(1),
    tail: both(0),
    watch: both(0),
    query: both(0),
    report: both(0),
    dashboard: both(0),
  },
  b: {
    setup: both(0),
    doctor: { moto: 1, local: 0 },
    "destroy-unconfirmed": both(1),
    tail: both(0),
    watch: both(0),
    query: both(0),
    report: both(0),
    dashboard: both(0),
  },
  c: { setup: both(0), doctor: both(2), "destroy-unconfirmed": both(1), tail: both(2), watch: both(2), query: both(0), report: both(2), dashboard: both(2) },
};

/** What a command must say beside its exit code, per state (a word of the answer a user reads). */
const SAYS: Partial<Record<State, Partial<Record<Command, RegExp>>>> = {
  a: { setup: /create +flow-log my-flowlog/, "destroy-unconfirmed": /nothing removed: .*--yes/, report: /flowwatch report: MyVpc22-Log/ },
  b: {
    setup: /kept +log-group MyVpc22-Log +\(retention 365 days kept/,
    "destroy-unconfirmed": /nothing removed: .*--yes/,
    report: /flowwatch report: MyVpc22-Log/,
  },
  c: {
    setup: /create +flow-log my-flowlog/,
    doctor: /flow logs delivering to 2 log groups; say which/,
    tail: /say which with --log-group/,
    watch: /say which with --log-group/,
    report: /say which with --log-group/,
    dashboard: /say which with --log-group/,
  },
};

const LEAKS = [/\$response/, /undefined/, /NaN/, /TypeError/, /^ {4}at /m];
const KILL_AFTER_MS = 60_000;

/** dist/cli/main.js when it is newer than every source file; tsx on the sources otherwise. */
function cliEntry(): string[] {
  const root = new URL("../../", import.meta.url).pathname;
  const dist = join(root, "dist/cli/main.js");
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith(".ts") ? statSync(join(dir, e.name)).mtimeMs : 0,
      ),
    );
  if (existsSync(dist) && statSync(dist).mtimeMs > newest(join(root, "src"))) return [dist];
  return ["--import", "tsx", join(root, "src/cli/main.ts")];
}
const ENTRY = cliEntry();

const cliEnv = (endpoint: string) => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ENDPOINT_URL: endpoint,
  NO_COLOR: "1",
});

interface Run {
  status: number | null;
  out: string;
  ms: number;
}

function run(args: string[], endpoint: string): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...ENTRY, ...args, "--timeout", "5"],
      { encoding: "utf8", timeout: KILL_AFTER_MS, env: cliEnv(endpoint) },
      (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, out: stdout + stderr, ms: Date.now() - started }),
    );
  });
}

/** Starts the dashboard, GETs /api/pipeline through the printed token URL, stops it with SIGTERM. */
function dashboard(endpoint: string): Promise<Run & { api?: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [...ENTRY, "dashboard", "--port", "0", "--timeout", "5"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: cliEnv(endpoint),
    });
    let out = "";
    let api: number | undefined;
    const killer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /dashboard on (http:\/\/\S+\?token=[\w-]+)/.exec(out)?.[1];
      if (url === undefined || api !== undefined) return;
      api = 0;
      const page = new URL(url);
      page.pathname = "/api/pipeline";
      fetch(page, { signal: AbortSignal.timeout(30_000) })
        .then(async (response) => {
          api = response.status;
          out += `\nGET /api/pipeline: ${response.status} ${await response.text()}`;
        })
        .catch((error: unknown) => {
          out += `\nGET /api/pipeline failed: ${String(error)}`;
        })
        .finally(() => child.kill("SIGTERM"));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve({ status: code, out, ms: Date.now() - started, ...(api !== undefined ? { api } : {}) });
    });
  });
}

async function reset(backend: Backend): Promise<void> {
  const url = `${backend.endpoint()}/_flowwatch/reset`;
  const response =
    backend.name === "moto_server"
      ? await fetch(`${backend.endpoint()}/moto-api/reset`, { method: "POST", signal: AbortSignal.timeout(10_000) })
      : await internalRequest(backend.endpoint(), "/_flowwatch/reset", { method: "POST", credentials: backend.clientConfig().credentials });
  assert.ok(response.ok, `${url}: ${response.status}`);
}

async function retention(backend: Backend): Promise<number | undefined> {
  const logs = new CloudWatchLogsClient(backend.clientConfig());
  try {
    return (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "MyVpc22-Log" }))).logGroups?.find((g) => g.logGroupName === "MyVpc22-Log")
      ?.retentionInDays;
  } finally {
    logs.destroy();
  }
}

async function policyDocument(backend: Backend): Promise<unknown> {
  const iam = new IAMClient(backend.clientConfig());
  try {
    const arn = `arn:aws:iam::${backend.name === "moto_server" ? "123456789012" : "000000000000"}:policy/my-flowpolicy`;
    const version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
    const text = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))).PolicyVersion?.Document ?? "";
    return JSON.parse(decodeURIComponent(text));
  } finally {
    iam.destroy();
  }
}

/**
 * The account as each state has it before the commands run; setup --yes, the first command of every state,
 * then builds (a) the tutorial's pipeline, (b) it around the user's group and policy, (c) it beside another.
 */
async function arrange(backend: Backend, state: State): Promise<void> {
  await reset(backend);
  const vpcId = await createVpc(backend, "MyVpc22");
  const ec2 = new EC2Client(backend.clientConfig());
  const iam = new IAMClient(backend.clientConfig());
  const logs = new CloudWatchLogsClient(backend.clientConfig());
  try {
    if (state === "b") {
      await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: "MyVpc22-Log", retentionInDays: 365 }));
      await iam.send(new CreatePolicyCommand({ PolicyName: "my-flowpolicy", PolicyDocument: JSON.stringify(SEED_POLICY) }));
    }
    if (state === "c") {
      const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: "other-role", AssumeRolePolicyDocument: JSON.stringify(SEED_TRUST) }))).Role?.Arn;
      await iam.send(new PutRolePolicyCommand({ RoleName: "other-role", PolicyName: "deliver", PolicyDocument: JSON.stringify(SEED_POLICY) }));
      await logs.send(new CreateLogGroupCommand({ logGroupName: "Other-Log" }));
      await ec2.send(
        new CreateFlowLogsCommand({
          ResourceType: "VPC",
          ResourceIds: [vpcId],
          TrafficType: "REJECT",
          LogGroupName: "Other-Log",
          DeliverLogsPermissionArn: roleArn,
        }),
      );
    }
  } finally {
    ec2.destroy();
    iam.destroy();
    logs.destroy();
  }
}

const COMMANDS: Record<Exclude<Command, "setup" | "dashboard">, string[]> = {
  doctor: ["doctor"],
  "destroy-unconfirmed": ["destroy"],
  tail: ["tail", "--since", "10m"],
  watch: ["watch", "--since", "10m"],
  query: ["query", "fields @timestamp, @message | limit 5", "--log-group", "MyVpc22-Log", "--since", "1h"],
  report: ["report", "--since", "1h"],
};

describe("the command matrix", () => {
  for (const backend of backends) {
    const side = backend.name === "moto_server" ? "moto" : "local";
    describe(`every command in three account states (${backend.name})`, { skip: backend.skip, concurrency: 1 }, () => {
      for (const state of ["a", "b", "c"] as const) {
        test(`state (${state}): ${{ a: "the tutorial's pipeline by setup --yes", b: "a log group with 365 days and a --seed-exact policy", c: "a second flow log to another group" }[state]}`, async (t) => {
          await arrange(backend, state);
          const endpoint = backend.endpoint();
          // setup changes the account: it runs first, the rest (which only read) together.
          const results: Array<[Command, Run]> = [["setup", await run(["setup", "--yes"], endpoint)]];
          const rest = await Promise.all([
            ...Object.entries(COMMANDS).map(async ([name, args]) => [name, await run(args, endpoint)] as [Command, Run]),
            dashboard(endpoint).then((r) => ["dashboard", r] as [Command, Run & { api?: number }]),
          ]);
          results.push(...rest);
          const problems: string[] = [];
          for (const [name, result] of results) {
            t.diagnostic(`${name}: exit ${result.status} in ${result.ms} ms: ${result.out.trim().split("\n").slice(-1)[0]?.slice(0, 160) ?? ""}`);
            const expected = EXPECTED[state][name][side];
            const where = `${name} in (${state}) on ${backend.name}`;
            if (result.status === null || result.ms >= KILL_AFTER_MS) problems.push(`${where}: killed after ${result.ms} ms`);
            if (result.status !== expected) problems.push(`${where}: exit ${result.status}, expected ${expected}:\n${result.out}`);
            for (const leak of LEAKS) if (leak.test(result.out)) problems.push(`${where}: prints ${leak}:\n${result.out}`);
            const says = SAYS[state]?.[name];
            if (says !== undefined && !says.test(result.out)) problems.push(`${where}: does not say ${says}:\n${result.out}`);
            if (name === "dashboard" && expected === 0 && (result as { api?: number }).api !== 200)
              problems.push(`${where}: GET /api/pipeline answered ${(result as { api?: number }).api}:\n${result.out}`);
            // The Pipeline page says "healthy" only when doctor is (moto: iam:PassRole could not be checked).
            const page = /GET \/api\/pipeline: 200 (\{.*)/s.exec(result.out)?.[1];
            if (page !== undefined) {
              const status = JSON.parse(page) as { healthy: boolean; source: string };
              if (!status.healthy && /; healthy\)/.test(status.source)) problems.push(`${where}: the Pipeline page says healthy: ${status.source}`);
            }
          }
          assert.deepEqual(problems, []);
          if (state === "b") {
            // The user's settings, after every command: setup adopted them, nothing else touched them.
            assert.equal(await retention(backend), 365);
            assert.ok(sameDocument(await policyDocument(backend), SEED_POLICY), "the --seed-exact policy document was replaced");
          }
        });
      }
    });
  }
});
