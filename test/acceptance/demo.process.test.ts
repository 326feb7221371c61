/**
 * `flowwatch up --demo` (what `npm start` runs) as a newcomer meets it: the printed curl answers, that very
 * connection reaches the dashboard's live stream once flushed, and a second start on the same data dir
 * resumes instead of creating the pipeline again.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-demo-"));

interface Demo {
  child: ChildProcess;
  output: () => string;
  endpoint: string;
  publicIp: string;
  instanceId: string;
}

/** Starts the demo and waits for its closing hints, which it prints once setup and the workload run. */
async function startDemo(): Promise<Demo> {
  const child = spawn(process.execPath, ["--import", "tsx", main, "up", "--demo", "--port", "0", "--data-dir", dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  for (let i = 0; i < 600 && !/^ {2}npx flowwatch query/m.test(out); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const endpoint = /ready at (http:\/\/[\d.]+:\d+)/.exec(out)?.[1];
  const publicIp = /try it: +curl http:\/\/([\d.]+)\//.exec(out)?.[1];
  const instanceId = /instance web: (i-[0-9a-f]+)/.exec(out)?.[1];
  assert.ok(endpoint && publicIp && instanceId, `the demo printed where to look:\n${out}`);
  return { child, output: () => out, endpoint, publicIp, instanceId };
}

async function stopDemo(demo: Demo): Promise<number | null> {
  if (demo.child.exitCode !== null) return demo.child.exitCode;
  const exited = new Promise<number | null>((resolve) => demo.child.once("exit", (code) => resolve(code)));
  demo.child.kill("SIGTERM");
  return exited;
}

/** One HTTP GET, answering the status and the local port the connection came from. */
function curl(url: string): Promise<{ status: number; localPort: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const localPort = res.socket.localPort ?? 0;
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, localPort }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Asks the dashboard's overview (which starts its poller) until it watches the log group. */
async function awaitWatching(endpoint: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const answer = (await (await fetch(`${endpoint}/_flowwatch/ui/api/overview`)).json()) as { status: { state: string } };
    if (answer.status.state === "watching") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("the dashboard never started watching the log group");
}

/** Reads the dashboard's SSE stream until a `records` event holds a record matching `wanted`, or the time is up. */
async function awaitRecord(url: string, wanted: (r: { src: string; dst: string; action: string }) => boolean, timeoutMs: number) {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: stop.signal });
    assert.equal(res.status, 200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return undefined;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split("\n")
          .filter((l) => l.startsWith("data: "))
          .map((l) => l.slice(6))
          .join("\n");
        if (event !== "records") continue;
        const found = (JSON.parse(data) as { src: string; dst: string; action: string }[]).find(wanted);
        if (found) return found;
      }
    }
  } catch (error) {
    if (stop.signal.aborted) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

describe("flowwatch up --demo", () => {
  let first: Demo | undefined;
  let second: Demo | undefined;
  after(async () => {
    if (first) await stopDemo(first);
    if (second) await stopDemo(second);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("the printed curl answers and that connection appears on the dashboard", async () => {
    first = await startDemo();
    assert.match(first.output(), /created flow-log my-flowlog/);
    await awaitWatching(first.endpoint);
    const answer = await curl(`http://${first.publicIp}/`);
    assert.equal(answer.status, 200);
    assert.equal((await fetch(`${first.endpoint}/_flowwatch/flush`, { method: "POST" })).status, 200);
    const mine = answer.localPort;
    const record = await awaitRecord(`${first.endpoint}/_flowwatch/ui/api/events`, (r) => r.src.endsWith(`:${mine}`) && r.dst.endsWith(":80"), 30_000);
    assert.ok(record, `a record of the curl from port ${mine} reached the dashboard`);
    assert.equal(record.action, "ACCEPT");
  });

  test("doctor finds the pipeline and the alarm preset healthy", async () => {
    assert.ok(first);
    const endpoint = first.endpoint;
    const run = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        process.execPath,
        ["--import", "tsx", main, "doctor", "--json", "--endpoint", endpoint, "--region", "us-east-1"],
        { env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" }, timeout: 60_000 },
        (error, stdout) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout }),
      ),
    );
    const report = JSON.parse(run.stdout) as { healthy: boolean; failed: string[]; checks: { id: string; status: string }[] };
    assert.deepEqual(report.failed, []);
    assert.equal(run.code, 0);
    const ids = report.checks.map((c) => c.id);
    for (const id of ["filter-rejected", "alarm-rejected", "alarm-ssh", "alarm-rdp", "alarm-no-data"])
      assert.ok(ids.includes(id), `doctor checks ${id}: ${ids.join(", ")}`);
  });

  test("stopping and starting again on the same data dir resumes the same pipeline", async () => {
    assert.ok(first);
    assert.equal(await stopDemo(first), 0);
    second = await startDemo();
    assert.equal(second.instanceId, first.instanceId);
    assert.doesNotMatch(second.output(), /^\s+created /m, "nothing is created again");
    assert.equal((await curl(`http://${second.publicIp}/`)).status, 200);
  });
});
