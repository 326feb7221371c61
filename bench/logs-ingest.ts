/**
 * CloudWatch Logs ingest and read benchmark over HTTP: pre-signed PutLogEvents requests of flow
 * records from two keep-alive connections (so the client is not what is measured), against flowwatch
 * and moto_server in the same run; the SDK client; a full GetLogEvents read of 1M events; server RSS.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { DEFAULT_FORMAT, formatRecord } from "../src/flowlog/index.js";
import { startChildServer } from "./child-server.js";
import { prng, syntheticRecord } from "./flow-lines.js";
import { type Figure, median } from "./measure.js";

export type BenchFigure = Figure;

const MAX_BATCH_BYTES = 1_048_576;
const MAX_EVENTS = 10_000;
const REGION = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const signer = new SignatureV4({
  service: "logs",
  region: REGION,
  credentials,
  sha256: Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"],
});

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
const startServer = (dataDir: string) => startChildServer(import.meta.url, dataDir);

/** User + system CPU seconds a process has used (Linux clock ticks, 100 per second). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m?.[1] ? Number(m[1]) / 1024 : Number.NaN;
}

/** A port nobody listens on now (moto_server takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

/** moto_server, in memory (its only mode), on a free port; undefined when it is not installed. */
async function startMoto(): Promise<{ endpoint: string; child: ChildProcess } | undefined> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "ignore"] });
  const failed = new Promise<undefined>((resolve) => {
    child.once("error", () => resolve(undefined));
    child.once("exit", () => resolve(undefined));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${endpoint}/moto-api/`)).ok) return { endpoint, child };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  })();
  const started = await Promise.race([ready, failed]);
  if (started === undefined && child.exitCode === null) child.kill("SIGTERM");
  return started;
}

/** Stops a child by its own pid and waits for it to go. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await gone;
}

/** A fresh log group with the two lean clients' streams and 8 pre-signed batches per client. */
async function prepareLean(endpoint: string, group: string, now: number): Promise<Prepared[][]> {
  const sdk = new CloudWatchLogsClient({ endpoint, region: REGION, credentials, maxAttempts: 1 });
  try {
    await sdk.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (const s of LEAN_STREAMS) await sdk.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s }));
  } finally {
    sdk.destroy();
  }
  const perClient: Prepared[][] = [];
  for (const [c, stream] of LEAN_STREAMS.entries()) {
    const batches: Prepared[] = [];
    for (let b = 0; b < 8; b++)
      batches.push(await signed(endpoint, "PutLogEvents", { logGroupName: group, logStreamName: stream, logEvents: flowBatch(c * 100 + b, now) }));
    perClient.push(batches);
  }
  return perClient;
}

const LEAN_STREAMS = ["client-a", "client-b"];
/** Measured runs per server, alternating flowwatch and moto so both see the same load; medians reported. */
const RUNS = 3;
/** Events per measured run, across both clients. */
const RUN_EVENTS = 300_000;

const load = () => os.loadavg()[0]?.toFixed(1) ?? "?";

/**
 * Ingest into flowwatch (a child process, durable) and moto_server (in memory) from the same lean
 * client, alternating runs; then the SDK client, a 1M-event read and RSS at 5M events. With an
 * endpoint, only the lean ingest runs, against that server.
 */
export async function benchLogsIngest(endpoint?: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const now = Date.now();
  if (endpoint !== undefined) {
    const perClient = await prepareLean(endpoint, `bench-${now}`, now);
    await leanIngest(endpoint, perClient, 2);
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) rates.push((await leanIngest(endpoint, perClient, Math.ceil(RUN_EVENTS / 2 / (perClient[0]?.[0]?.events ?? 1)))).rate);
    return [{ name: `logs PutLogEvents ingest at ${endpoint}, lean x2`, value: Math.round(median(rates)), unit: "events/s", note: `median of ${RUNS}` }];
  }

  const dataDir = mkdtempSync(join(os.tmpdir(), "flowwatch-bench-"));
  const loadBefore = load();
  const server = await startServer(dataDir);
  const moto = await startMoto();
  const target = server.endpoint;
  const sdk = new CloudWatchLogsClient({ endpoint: target, region: REGION, credentials, maxAttempts: 1 });
  try {
    const group = `bench-${now}`;
    const perClient = await prepareLean(target, group, now);
    const perBatch = perClient[0]?.[0]?.events ?? 0;
    const rounds = Math.ceil(RUN_EVENTS / 2 / perBatch);
    const motoClients = moto === undefined ? undefined : await prepareLean(moto.endpoint, group, now);
    // Warm-up of both, then alternating measured runs.
    // Events stored per stream, to fill the store to 5M for the RSS figure.
    let storedA = (await leanIngest(target, perClient, 2)).events / 2;
    if (moto !== undefined && motoClients !== undefined) await leanIngest(moto.endpoint, motoClients, 2);
    const ours: number[] = [];
    const theirs: number[] = [];
    // Server CPU seconds per event: unlike events/s, barely moved by other processes on a shared machine.
    const cpu = { ours: 0, theirs: 0, oursEvents: 0, theirsEvents: 0 };
    for (let r = 0; r < RUNS; r++) {
      let c0 = cpuSeconds(server.child.pid);
      const run = await leanIngest(target, perClient, rounds);
      cpu.ours += cpuSeconds(server.child.pid) - c0;
      cpu.oursEvents += run.events;
      ours.push(run.rate);
      storedA += run.events / 2;
      if (moto !== undefined && motoClients !== undefined) {
        c0 = cpuSeconds(moto.child.pid);
        const m = await leanIngest(moto.endpoint, motoClients, rounds);
        cpu.theirs += cpuSeconds(moto.child.pid) - c0;
        cpu.theirsEvents += m.events;
        theirs.push(m.rate);
      }
    }
    if (moto !== undefined) await stopChild(moto.child);
    const leanRate = median(ours);
    const runs = (rates: number[]) => `${rates.map((v) => Math.round(v / 1000)).join("k, ")}k`;
    figures.push({
      name: "logs PutLogEvents ingest, lean client x2",
      value: Math.round(leanRate),
      unit: "events/s",
      note: `median of ${RUNS} (${runs(ours)}); ${perBatch} flow records/batch; durable (fdatasync before answering); target >= 400,000`,
    });

    const sdkBatch = flowBatch(7, now);
    for (const s of SDK_STREAMS) await sdk.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s }));
    const sdkRates: number[] = [];
    const sdkRounds = 10;
    for (let r = 0; r < RUNS; r++) {
      const t0 = process.hrtime.bigint();
      await Promise.all(
        SDK_STREAMS.map(async (s) => {
          for (let i = 0; i < sdkRounds; i++) await sdk.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: s, logEvents: sdkBatch }));
        }),
      );
      sdkRates.push((2 * sdkRounds * sdkBatch.length) / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
    figures.push({
      name: "logs PutLogEvents ingest, SDK v3 client x2",
      value: Math.round(median(sdkRates)),
      unit: "events/s",
      note: `median of ${RUNS} (${runs(sdkRates)})`,
    });

    if (theirs.length > 0) {
      const motoRate = median(theirs);
      figures.push({
        name: "moto_server PutLogEvents ingest, lean client x2",
        value: Math.round(motoRate),
        unit: "events/s",
        note: `median of ${RUNS} (${runs(theirs)}); in memory, no durability`,
      });
      figures.push({ name: "logs ingest, flowwatch / moto_server", value: Number((leanRate / motoRate).toFixed(2)), unit: "x", note: "target >= 2" });
      figures.push({
        name: "logs ingest per server CPU-second, flowwatch",
        value: Math.round(cpu.oursEvents / cpu.ours),
        unit: "events",
        note: `moto_server: ${Math.round(cpu.theirsEvents / cpu.theirs).toLocaleString("en-US")}; ratio ${(cpu.oursEvents / cpu.ours / (cpu.theirsEvents / cpu.theirs)).toFixed(2)}`,
      });
    } else {
      figures.push({
        name: "moto_server PutLogEvents ingest, lean client x2",
        value: Number.NaN,
        unit: "events/s",
        note: "moto_server did not start (not installed?)",
      });
    }

    // A full read of 1M events of one stream, page by page, as a client tails it from the head.
    const storedB = storedA;
    const storedSdk = RUNS * 2 * sdkRounds * sdkBatch.length;
    if (storedA < 1_000_000) storedA += (await leanIngest(target, [perClient[0] as Prepared[]], Math.ceil((1_000_000 - storedA) / perBatch))).events;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let token: string | undefined;
    let read = 0;
    const r0 = process.hrtime.bigint();
    while (read < 1_000_000) {
      const p = await signed(target, "GetLogEvents", {
        logGroupName: group,
        logStreamName: "client-a",
        startFromHead: true,
        ...(token ? { nextToken: token } : {}),
      });
      const page = JSON.parse((await send(target, agent, p)).toString()) as { events: unknown[]; nextForwardToken: string };
      read += page.events.length;
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    const readSeconds = Number(process.hrtime.bigint() - r0) / 1e9;
    agent.destroy();
    figures.push({
      name: "logs GetLogEvents full read of 1M events",
      value: Math.round(read / readSeconds),
      unit: "events/s",
      note: `${read} events in ${readSeconds.toFixed(2)} s`,
    });

    // Fill the store to 5M events, then read the server's resident memory.
    let stored = storedA + storedB + storedSdk;
    if (stored < 5_000_000) stored += (await leanIngest(target, perClient, Math.ceil((5_000_000 - stored) / perBatch / 2))).events;
    if (server.child.pid !== undefined) {
      figures.push({
        name: "logs server RSS with 5M events stored",
        value: Math.round(rssMb(server.child.pid)),
        unit: "MB",
        note: `${(stored / 1e6).toFixed(2)}M events; limit 300 MB`,
      });
    }
    figures.push({
      name: "logs bench machine load (1-min average)",
      value: Number(load()),
      unit: "",
      note: `${loadBefore} at the start, ${os.cpus().length} cores`,
    });
  } finally {
    sdk.destroy();
    if (moto !== undefined) await stopChild(moto.child);
    await stopChild(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

const SDK_STREAMS = ["sdk-a", "sdk-b"];
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
