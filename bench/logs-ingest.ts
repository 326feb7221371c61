/**
 * CloudWatch Logs ingest and read benchmark over HTTP: pre-built, pre-signed PutLogEvents requests
 * of default-format flow records from two keep-alive connections (so the client is not what is
 * measured), the same with the SDK client, a full GetLogEvents read of 1M events, and server RSS.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { DEFAULT_FORMAT, formatRecord } from "../src/flowlog/index.js";
import { prng, syntheticRecord } from "./flow-lines.js";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const MAX_BATCH_BYTES = 1_048_576;
const MAX_EVENTS = 10_000;
const REGION = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const signer = new SignatureV4({ service: "logs", region: REGION, credentials, sha256: Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"] });

interface Prepared {
  headers: Record<string, string>;
  body: Buffer;
  events: number;
}

/** As many default-format flow records as PutLogEvents' limits allow (10,000 events, 1 MiB with 26 bytes each). */
function flowBatch(seed: number, timestamp: number): { timestamp: number; message: string }[] {
  const random = prng(seed);
  const events: { timestamp: number; message: string }[] = [];
  let bytes = 0;
  for (let i = 0; events.length < MAX_EVENTS; i++) {
    const message = formatRecord(syntheticRecord(random, i), DEFAULT_FORMAT);
    const size = Buffer.byteLength(message) + 26;
    if (bytes + size > MAX_BATCH_BYTES) break;
    bytes += size;
    events.push({ timestamp, message });
  }
  return events;
}

async function signed(endpoint: string, operation: string, input: unknown): Promise<Prepared> {
  const url = new URL(endpoint);
  const body = Buffer.from(JSON.stringify(input));
  const req = new HttpRequest({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `Logs_20140328.${operation}`,
      "content-length": String(body.length),
    },
    body,
  });
  const done = await signer.sign(req);
  const events = (input as { logEvents?: unknown[] }).logEvents?.length ?? 0;
  return { headers: done.headers as Record<string, string>, body, events };
}

function send(endpoint: string, agent: Agent, p: Prepared): Promise<Buffer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: "POST", path: "/", headers: p.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${body.toString().slice(0, 300)}`));
        else resolve(body);
      });
    });
    req.on("error", reject);
    req.end(p.body);
  });
}

/** Sends `rounds` requests per client, each client on its own keep-alive connection; events per second. */
async function leanIngest(endpoint: string, perClient: Prepared[][], rounds: number): Promise<{ rate: number; events: number }> {
  const agents = perClient.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const start = process.hrtime.bigint();
  let events = 0;
  await Promise.all(
    perClient.map(async (batches, c) => {
      for (let i = 0; i < rounds; i++) {
        const p = batches[i % batches.length] as Prepared;
        await send(endpoint, agents[c] as Agent, p);
        events += p.events;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const a of agents) a.destroy();
  return { rate: events / seconds, events };
}

/** Starts a LocalCloud in a child process, so its RSS is the server's alone. */
async function startServer(dataDir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /ENDPOINT (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return { endpoint, child };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m?.[1] ? Number(m[1]) / 1024 : Number.NaN;
}

export async function benchLogsIngest(endpoint?: string): Promise<BenchFigure[]> {
  const dataDir = endpoint === undefined ? mkdtempSync(join(tmpdir(), "flowwatch-bench-")) : undefined;
  const server = dataDir === undefined ? undefined : await startServer(dataDir);
  const target = endpoint ?? (server?.endpoint as string);
  const figures: BenchFigure[] = [];
  const sdk = new CloudWatchLogsClient({ endpoint: target, region: REGION, credentials, maxAttempts: 1 });
  try {
    const group = `bench-${Date.now()}`;
    await sdk.send(new CreateLogGroupCommand({ logGroupName: group }));
    const streams = ["client-a", "client-b", "sdk-a", "sdk-b"];
    for (const s of streams) await sdk.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s }));
    const now = Date.now();
    const perClient: Prepared[][] = [];
    for (const [c, stream] of ["client-a", "client-b"].entries()) {
      const batches: Prepared[] = [];
      for (let b = 0; b < 8; b++) {
        batches.push(await signed(target, "PutLogEvents", { logGroupName: group, logStreamName: stream, logEvents: flowBatch(c * 100 + b, now) }));
      }
      perClient.push(batches);
    }
    const perBatch = perClient[0]?.[0]?.events ?? 0;
    const durable = server !== undefined ? "durable (WAL, synchronous=FULL)" : "external server";
    // Warm-up, then the measured run: about 1M events across both clients.
    await leanIngest(target, perClient, 2);
    const rounds = Math.ceil(500_000 / perBatch);
    const lean = await leanIngest(target, perClient, rounds);
    figures.push({ name: "logs PutLogEvents ingest, lean client x2", value: Math.round(lean.rate), unit: "events/s", note: `${perBatch} flow records/batch, ${durable}, target >= 400,000` });

    const sdkBatch = flowBatch(7, now);
    const sdkRounds = 20;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      ["sdk-a", "sdk-b"].map(async (s) => {
        for (let i = 0; i < sdkRounds; i++) await sdk.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: s, logEvents: sdkBatch }));
      }),
    );
    const sdkSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    figures.push({ name: "logs PutLogEvents ingest, SDK v3 client x2", value: Math.round((2 * sdkRounds * sdkBatch.length) / sdkSeconds), unit: "events/s" });

    // A full read of 1M events of one stream, page by page, as a client tails it from the head.
    let stored = (lean.events + 2 * 2 * perBatch * 1) / 2;
    if (stored < 1_000_000) {
      const more = await leanIngest(target, [perClient[0] as Prepared[]], Math.ceil((1_000_000 - stored) / perBatch));
      stored += more.events;
    }
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let token: string | undefined;
    let read = 0;
    const r0 = process.hrtime.bigint();
    while (read < 1_000_000) {
      const p = await signed(target, "GetLogEvents", { logGroupName: group, logStreamName: "client-a", startFromHead: true, ...(token ? { nextToken: token } : {}) });
      const page = JSON.parse((await send(target, agent, p)).toString()) as { events: unknown[]; nextForwardToken: string };
      read += page.events.length;
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    const readSeconds = Number(process.hrtime.bigint() - r0) / 1e9;
    agent.destroy();
    figures.push({ name: "logs GetLogEvents full read of 1M events", value: Math.round(read / readSeconds), unit: "events/s", note: `${read} events in ${readSeconds.toFixed(2)} s` });

    if (server?.child.pid !== undefined) {
      // Fill the store to 5M events, then read the server's resident memory.
      const total = stored * 2 + 2 * sdkRounds * sdkBatch.length;
      if (total < 5_000_000) await leanIngest(target, perClient, Math.ceil((5_000_000 - total) / perBatch / 2));
      figures.push({ name: "logs server RSS with 5M events stored", value: Math.round(rssMb(server.child.pid)), unit: "MB", note: "limit 300 MB" });
    }
  } finally {
    sdk.destroy();
    server?.child.kill("SIGTERM");
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

async function serve(dataDir: string): Promise<void> {
  const { LocalCloud } = await import("../src/cloud/cloud.js");
  const cloud = new LocalCloud({ dataDir, port: 0 });
  await cloud.start();
  process.stdout.write(`ENDPOINT ${cloud.endpoint}\n`);
  process.on("SIGTERM", () => void cloud.stop().then(() => process.exit(0)));
}

const args = process.argv.slice(2);
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (args[0] === "--serve" && args[1] !== undefined) await serve(args[1]);
  else for (const f of await benchLogsIngest(args[0])) console.log(`${f.name}: ${f.value.toLocaleString("en-US")} ${f.unit}${f.note ? ` (${f.note})` : ""}`);
}
