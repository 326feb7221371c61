import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";

const main = new URL("../cli/main.ts", import.meta.url).pathname;

/** Starts `flowwatch up` on a free port and resolves with its endpoint once it says it is ready. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", main, "up", "--port", "0", "--data-dir", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, endpoint: match[1] as string });
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

const client = (endpoint: string) =>
  new CloudWatchLogsClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });

test("every acknowledged PutLogEvents survives SIGKILL, in order, with nothing duplicated", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-durability-"));
  const first = await startServer(dataDir);
  const logs = client(first.endpoint);
  await logs.send(new CreateLogGroupCommand({ logGroupName: "durable" }));
  const streams = ["writer-a", "writer-b"];
  for (const logStreamName of streams) await logs.send(new CreateLogStreamCommand({ logGroupName: "durable", logStreamName }));

  const acknowledged = new Map<string, number>(streams.map((s) => [s, 0]));
  const base = Date.now() - 60_000;
  let killed = false;
  const BATCH = 500;
  const writer = async (logStreamName: string) => {
    for (let batch = 0; batch < 400 && !killed; batch++) {
      const logEvents = Array.from({ length: BATCH }, (_, i) => {
        const n = batch * BATCH + i;
        return { timestamp: base + n, message: `${logStreamName} event ${n}` };
      });
      try {
        await logs.send(new PutLogEventsCommand({ logGroupName: "durable", logStreamName, logEvents }));
        acknowledged.set(logStreamName, (batch + 1) * BATCH);
      } catch {
        return; // the server was killed mid-request: this batch was never acknowledged.
      }
    }
  };
  const writing = Promise.all(streams.map(writer));
  // Kill once both writers have had several batches acknowledged, while they are still sending.
  for (let i = 0; i < 600 && Math.min(...acknowledged.values()) < 10 * BATCH; i++) await new Promise((r) => setTimeout(r, 10));
  killed = true;
  first.child.kill("SIGKILL");
  await writing;
  await new Promise((resolve) => first.child.once("exit", resolve));
  assert.ok(Math.min(...acknowledged.values()) >= BATCH, "writers should have had batches acknowledged before the kill");

  const second = await startServer(dataDir);
  try {
    const reader = client(second.endpoint);
    for (const logStreamName of streams) {
      const seen: string[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const out = await reader.send(
          new GetLogEventsCommand({ logGroupName: "durable", logStreamName, startFromHead: true, ...(nextToken ? { nextToken } : {}) }),
        );
        for (const event of out.events ?? []) seen.push(event.message ?? "");
        if (out.nextForwardToken === nextToken) break;
        nextToken = out.nextForwardToken;
      }
      const count = acknowledged.get(logStreamName) ?? 0;
      assert.ok(seen.length >= count, `${logStreamName}: ${seen.length} events after restart, ${count} acknowledged`);
      assert.ok(seen.length % BATCH === 0, `${logStreamName}: a batch is all or nothing (${seen.length})`);
      seen.forEach((message, n) => {
        assert.equal(message, `${logStreamName} event ${n}`);
      });
    }
  } finally {
    second.child.kill("SIGTERM");
    await new Promise((resolve) => second.child.once("exit", resolve));
  }
});

test("flowwatch up shuts down cleanly on SIGTERM and refuses a public address without strict auth", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-up-"));
  const server = await startServer(dataDir);
  const health = await fetch(`${server.endpoint}/_flowwatch/health`);
  assert.equal(health.status, 200);
  server.child.kill("SIGTERM");
  const code = await new Promise((resolve) => server.child.once("exit", (c) => resolve(c)));
  assert.equal(code, 0);

  const refused = spawn(process.execPath, ["--import", "tsx", main, "up", "--host", "0.0.0.0", "--port", "0", "--memory"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  refused.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const refusedCode = await new Promise((resolve) => refused.once("exit", (c) => resolve(c)));
  assert.equal(refusedCode, 2);
  assert.match(stderr, /without --auth strict/);
});
