/**
 * Issue 15 items 7 and 8: a damaged data dir is reported at start, never served silently, and
 * `up --repair` recovers what is intact; the files are the owner's only.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, cpSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import Database from "better-sqlite3";

const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), "flowwatch-damage-"));
const GROUPS = 50;
const USERS = 50;
const STREAMS = 5;
const BATCHES = 10;

interface Up {
  child: ChildProcess;
  endpoint: string;
  stdout: string;
}

/** `flowwatch up` on `dataDir`: the running server once ready, or its exit code and output if it stops first. */
function up(dataDir: string, ...extra: string[]): Promise<Up | { code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", main, "up", "--port", "0", "--data-dir", dataDir, ...extra], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /ready at (http:\/\/\S+)/.exec(stdout);
      if (ready) resolve({ child, endpoint: ready[1] as string, stdout });
    });
    child.once("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function running(dataDir: string, ...extra: string[]): Promise<Up> {
  const started = await up(dataDir, ...extra);
  if (!("child" in started)) throw new Error(`up exited ${started.code}: ${started.stderr}`);
  return started;
}

function stop(server: Up, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    server.child.once("exit", () => resolve());
    server.child.kill(signal);
  });
}

const config = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });

async function counts(endpoint: string): Promise<{ groups: number; users: number; events: number }> {
  const logs = new CloudWatchLogsClient(config(endpoint));
  let groups = 0;
  let token: string | undefined;
  do {
    const page = await logs.send(new DescribeLogGroupsCommand({ nextToken: token }));
    groups += page.logGroups?.length ?? 0;
    token = page.nextToken;
  } while (token !== undefined);
  const users = (await new IAMClient(config(endpoint)).send(new ListUsersCommand({ MaxItems: 1000 }))).Users?.length ?? 0;
  let events = 0;
  for (let s = 0; s < STREAMS; s++) {
    const got = await logs
      .send(new GetLogEventsCommand({ logGroupName: "events", logStreamName: `s${s}`, startFromHead: true, limit: 10_000 }))
      .catch(() => ({ events: [] }));
    events += got.events?.length ?? 0;
  }
  return { groups, users, events };
}

/** A copy of a base data dir to damage. */
function copyOf(base: string, name: string): string {
  const dir = join(root, name);
  cpSync(base, dir, { recursive: true });
  return dir;
}

function scribble(path: string, offset: number, length: number): void {
  const fd = openSync(path, "r+");
  try {
    const garbage = Buffer.alloc(length);
    for (let i = 0; i < length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    writeSync(fd, garbage, 0, length, offset);
  } finally {
    closeSync(fd);
  }
}

/** The refusal: non-zero exit, one line on stderr naming the file, what --repair keeps, no stack trace. */
function assertRefused(result: Awaited<ReturnType<typeof up>>, file: RegExp, keep: RegExp): void {
  assert.ok(!("child" in result), "the server must not start on a damaged data dir");
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr
    .split("\n")
    .filter(
      (l) =>
        l !== "" &&
        !/NodeVersionSupportWarning|AWS SDK|node >=22|upgrade to node|a\.co\/|trace-warnings|^$|^To continue|^versions published|^will require/.test(l),
    );
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] as string, file);
  assert.match(lines[0] as string, /flowwatch up --repair would keep/);
  assert.match(lines[0] as string, keep);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
}

let killed: string;
let stopped: string;
let full: { groups: number; users: number; events: number };

describe("a damaged data dir", () => {
  before(async () => {
    // The probe's data: 50 log groups, 50 users, events in five streams; then a kill (the WAL holds it all).
    killed = join(root, "killed");
    const server = await running(killed);
    const logs = new CloudWatchLogsClient(config(server.endpoint));
    const iam = new IAMClient(config(server.endpoint));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "events" }));
    for (let s = 0; s < STREAMS; s++) await logs.send(new CreateLogStreamCommand({ logGroupName: "events", logStreamName: `s${s}` }));
    for (let i = 1; i < GROUPS; i++) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: `group-${i}` }));
      await iam.send(new CreateUserCommand({ UserName: `user-${i}` }));
      if (i <= STREAMS * BATCHES) {
        const stream = `s${i % STREAMS}`;
        await logs.send(
          new PutLogEventsCommand({
            logGroupName: "events",
            logStreamName: stream,
            logEvents: Array.from({ length: 100 }, (_, k) => ({ timestamp: Date.now(), message: `event ${i}-${k} ${"x".repeat(200)}` })),
          }),
        );
      }
    }
    await iam.send(new CreateUserCommand({ UserName: "user-50" }));
    full = await counts(server.endpoint);
    assert.deepEqual(full, { groups: GROUPS, users: USERS, events: 49 * 100 });
    await stop(server, "SIGKILL");
    // The same data after a clean stop: the WAL folded into the database.
    stopped = copyOf(killed, "stopped");
    await stop(await running(stopped), "SIGTERM");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test("an intact data dir after a kill starts with everything, and its files are the owner's only", async () => {
    const dir = copyOf(killed, "intact");
    const server = await running(dir);
    try {
      assert.deepEqual(await counts(server.endpoint), full);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      for (const name of readdirSync(dir)) {
        if (name.endsWith(".lock")) continue;
        // Folders beside the database (S3's object files in s3/) are the owner's only too.
        const entry = statSync(join(dir, name));
        assert.equal(entry.mode & 0o777, entry.isDirectory() ? 0o700 : 0o600, name);
      }
      const second = await up(dir);
      assert.ok(!("child" in second));
      assert.match(second.stderr, new RegExp(`^flowwatch: ${dir} is in use by another flowwatch process \\(pid ${server.child.pid}\\)\n$`, "m"));
      assert.doesNotMatch(second.stderr, /\n\s+at /);
    } finally {
      await stop(server, "SIGTERM");
    }
  });

  test("garbage in one WAL frame: refused, then --repair keeps the database as of the last intact commit and says what was lost", async () => {
    const dir = copyOf(killed, "wal");
    const wal = join(dir, "flowwatch.sqlite-wal");
    const frames = Math.floor((statSync(wal).size - 32) / (24 + 4096));
    assert.ok(frames > 20, `${frames} frames`);
    scribble(wal, 32 + Math.floor(frames / 3) * (24 + 4096) + 1000, 200);
    assertRefused(
      await up(dir),
      /flowwatch\.sqlite-wal is damaged: frame \d+ of \d+ fails its checksum, so SQLite would drop \d+ committed transactions/,
      /last intact commit/,
    );

    const server = await running(dir, "--repair");
    try {
      assert.match(server.stdout, /repair: .*committed transaction\(s\) after WAL frame \d+ were unreadable and are lost/);
      assert.match(server.stdout, /damaged files moved to .*damaged-/);
      const after = await counts(server.endpoint);
      assert.ok(after.groups < full.groups && after.groups > 0, JSON.stringify(after));
      // Events live in the segment file: those of streams that survived are all indexed again.
      assert.equal(after.events, full.events);
    } finally {
      await stop(server, "SIGTERM");
    }
    const aside = readdirSync(dir).find((n) => n.startsWith("damaged-")) as string;
    assert.ok(readdirSync(join(dir, aside)).includes("flowwatch.sqlite-wal"), "the damaged WAL is kept aside");
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith(".repair-")),
      [],
      "the working copy is gone",
    );
    const again = await running(dir);
    await stop(again, "SIGTERM");
  });

  test("a damaged page in the database: refused, then --repair keeps every readable row", async () => {
    const dir = copyOf(stopped, "page");
    const path = join(dir, "flowwatch.sqlite");
    const probe = new Database(path, { readonly: true });
    const root = (probe.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'iam_users'").get() as { rootpage: number } | undefined)?.rootpage;
    const pageSize = probe.pragma("page_size", { simple: true }) as number;
    probe.close();
    assert.ok(root !== undefined, "the IAM users table");
    scribble(path, (root - 1) * pageSize, pageSize);
    assertRefused(await up(dir), /flowwatch\.sqlite is damaged: SQLite's check found/, /readable rows/);

    const server = await running(dir, "--repair");
    try {
      assert.match(server.stdout, /repair: .*row\(s\) in \d+ table\(s\) copied into a new database/);
      const after = await counts(server.endpoint);
      assert.equal(after.groups, full.groups, "tables on other pages are whole");
      assert.equal(after.events, full.events);
    } finally {
      await stop(server, "SIGTERM");
    }
  });

  test("a damaged page of the chunk index: --repair indexes the events again from the segment file's own records", async () => {
    const dir = copyOf(stopped, "chunk-index");
    const path = join(dir, "flowwatch.sqlite");
    const probe = new Database(path, { readonly: true });
    const root = (probe.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'logs_chunk_index'").get() as { rootpage: number }).rootpage;
    const pageSize = probe.pragma("page_size", { simple: true }) as number;
    probe.close();
    scribble(path, (root - 1) * pageSize, pageSize);
    assertRefused(await up(dir), /flowwatch\.sqlite is damaged: .*logs_chunk_index/, /readable rows/);
    const server = await running(dir, "--repair");
    try {
      assert.match(server.stdout, /repair: .*chunk\(s\) indexed again from the file/);
      assert.equal((await counts(server.endpoint)).events, full.events);
    } finally {
      await stop(server, "SIGTERM");
    }
  });

  test("a damaged database header: one line, no stack trace; --repair starts with a new database", async () => {
    const dir = copyOf(stopped, "header");
    scribble(join(dir, "flowwatch.sqlite"), 0, 100);
    assertRefused(await up(dir), /flowwatch\.sqlite is damaged: its header is not a SQLite database's/, /nothing of the database/);
    const server = await running(dir, "--repair");
    try {
      assert.match(server.stdout, /repair: .*unreadable .*a new, empty database was made/);
      assert.equal((await counts(server.endpoint)).groups, 0);
    } finally {
      await stop(server, "SIGTERM");
    }
  });

  test("a damaged segment record: refused with N of M chunks intact; --repair serves the rest and reports the lost chunk", async () => {
    const dir = copyOf(stopped, "segment");
    const segment = join(dir, "logs-events.segment");
    // The third record: each batch is one record of about 100 * 212 bytes.
    const records = readFileSync(segment);
    const starts: number[] = [];
    for (let i = records.indexOf("FWS1"); i >= 0; i = records.indexOf("FWS1", i + 1)) starts.push(i);
    scribble(segment, (starts[2] as number) + 5000, 64);
    assertRefused(await up(dir), /logs-events\.segment is damaged: 1 indexed chunk\(s\) fail their check/, /48 of 49 chunks/);

    const server = await running(dir, "--repair");
    try {
      assert.match(server.stdout, /repair: .*1 chunk\(s\) holding 100 event\(s\) are lost/);
      assert.equal((await counts(server.endpoint)).events, full.events - 100);
    } finally {
      await stop(server, "SIGTERM");
    }
    const again = await running(dir);
    try {
      assert.equal((await counts(again.endpoint)).events, full.events - 100);
    } finally {
      await stop(again, "SIGTERM");
    }
  });
});
