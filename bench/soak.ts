/**
 * `npm run bench -- soak`: hours of use compressed into minutes. A LocalCloud in a child process (its RSS
 * is the server's alone) takes a mixed load from several SDK clients at once (millions of small
 * PutLogEvents events, thousands of Insights queries, FilterLogEvents pages); RSS is read after warm-up
 * (baseline), throughout (peak) and after the load stops and the server idles (target: baseline + 100 MB).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { startChildServer } from "./child-server.js";
import type { Figure } from "./measure.js";

/** Sizes of the default run (~2-3 minutes on two shared cores); SOAK_EVENTS, SOAK_QUERIES, SOAK_PAGES, SOAK_IDLE_S override. */
const EVENTS = Number(process.env.SOAK_EVENTS ?? 2_000_000);
const QUERIES = Number(process.env.SOAK_QUERIES ?? 1_000);
const FILTER_PAGES = Number(process.env.SOAK_PAGES ?? 500);
const IDLE_MS = Number(process.env.SOAK_IDLE_S ?? 30) * 1000;
const BATCH = 5_000;
const WRITERS = 2;
const QUERY_CLIENTS = 4;
const FILTER_CLIENTS = 2;
/**
 * The events' timestamps spread over this span, starting a minute from now: StartQuery refuses a range
 * that ends before the group was created, and PutLogEvents takes events up to 2 hours ahead.
 */
const SPAN_MS = 90 * 60_000;
const TARGET_MB = 100;
const GROUP = "soak";

const QUERY_MIX = [
  "stats count(*) by @message, @logStream",
  "stats sum(bytes) as b by srcAddr, dstAddr | sort b desc | limit 10",
  "fields @timestamp, @message | sort @timestamp desc | limit 25",
  "filter action = 'REJECT' | stats count(*) as n by srcAddr | sort n desc | limit 20",
  "fields @message | limit 10000",
];

const message = (i: number) =>
  `2 123456789012 eni-0a1b2c3d ${10 + (i % 200)}.0.${(i >> 8) % 250}.${i % 250} 172.31.${i % 16}.21 ${1024 + (i % 60000)} ${[22, 80, 443, 3389][i % 4]} 6 ${1 + (i % 40)} ${40 + (i % 9000)} 1418530010 1418530070 ${i % 7 === 0 ? "REJECT" : "ACCEPT"} OK`;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m?.[1] ? Number(m[1]) / 1024 : Number.NaN;
}

interface ServerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  queries: { running: number; finished: number; finishedHoldingWorkingState: number; resultBytes: number };
}

/** The server, with --expose-gc and an IPC channel: "memory" collects garbage and reports. */
async function startServer(dataDir: string): Promise<{ endpoint: string; child: ChildProcess; memory(): Promise<ServerMemory> }> {
  const { endpoint, child } = await startChildServer(import.meta.url, dataDir, true);
  const memory = () =>
    new Promise<ServerMemory>((resolve) => {
      child.once("message", (m) => resolve(m as ServerMemory));
      child.send("memory");
    });
  return { endpoint, child, memory };
}

async function serve(dataDir: string): Promise<void> {
  const { LocalCloud } = await import("../src/cloud/cloud.js");
  const cloud = new LocalCloud({ dataDir, port: 0 });
  await cloud.start();
  const logs = cloud.service("logs") as import("../src/cloud/logs/service.js").LogsServiceDefinition;
  process.on("message", () => {
    // Twice: the first collection's finalizers free more for the second.
    for (let i = 0; i < 2; i++) (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const mb = (n: number) => n / 1048576;
    process.send?.({ rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), queries: logs.insights.memory() });
  });
  process.on("SIGTERM", () => void cloud.stop().then(() => process.exit(0)));
  process.stdout.write(`ENDPOINT ${cloud.endpoint}\n`);
}

export async function benchSoak(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-soak-"));
  const server = await startServer(dir);
  try {
    return await soak(server);
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function soak(server: Awaited<ReturnType<typeof startServer>>): Promise<Figure[]> {
  const pid = server.child.pid as number;
  const client = () =>
    new CloudWatchLogsClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  const began = Date.now();
  const base = Date.now() + 60_000;
  const totalBatches = Math.ceil(EVENTS / BATCH);
  const ts = (i: number) => base + Math.floor((i * SPAN_MS) / EVENTS);
  let nextBatch = 0;
  let written = 0;
  /** Batches are taken in order; a query's window stays below the lowest batch not yet acknowledged. */
  const pendingBatches = new Set<number>();
  const safeUntil = () => ts(Math.min(nextBatch, ...pendingBatches) * BATCH);
  const statuses = new Map<string, number>();
  let filterPages = 0;
  let queriesRun = 0;
  let refused = 0;

  const setup = client();
  await setup.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  for (let w = 0; w < WRITERS; w++) await setup.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: `eni-${w}-all` }));

  async function writer(w: number, until: number): Promise<void> {
    const logs = client();
    while (nextBatch < until) {
      const b = nextBatch++;
      pendingBatches.add(b);
      const from = b * BATCH;
      const logEvents = Array.from({ length: Math.min(BATCH, EVENTS - from) }, (_, k) => ({ timestamp: ts(from + k), message: message(from + k) }));
      await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: `eni-${w}-all`, logEvents }));
      pendingBatches.delete(b);
      written += logEvents.length;
    }
  }

  const window = (ms: number) => {
    const top = safeUntil() - ms;
    const start = base + Math.random() * Math.max(0, top - base);
    return { start, end: start + ms };
  };

  async function querier(count: () => boolean): Promise<void> {
    const logs = client();
    while (count()) {
      const { start, end } = window(60_000);
      const queryString = QUERY_MIX[queriesRun % QUERY_MIX.length] as string;
      queriesRun++;
      let queryId: string | undefined;
      try {
        ({ queryId } = await logs.send(
          new StartQueryCommand({ logGroupName: GROUP, queryString, startTime: Math.floor(start / 1000), endTime: Math.floor(end / 1000) }),
        ));
      } catch (error) {
        if ((error as { name?: string }).name !== "LimitExceededException") throw error;
        refused++;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      for (;;) {
        const out = await logs.send(new GetQueryResultsCommand({ queryId }));
        if (out.status !== "Running" && out.status !== "Scheduled") {
          statuses.set(out.status as string, (statuses.get(out.status as string) ?? 0) + 1);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  /** Follows up to three pages of a random window at a time; `take` says whether another page may be read. */
  async function filterer(take: () => boolean): Promise<void> {
    const logs = client();
    const patterns = ["REJECT", "[v, account, eni, src, dst, sport, dport=443, ...]"];
    let nextToken: string | undefined;
    let page = 0;
    let windows = 0;
    let range = window(30_000);
    while (take()) {
      if (nextToken === undefined || page === 3) {
        range = window(30_000);
        windows++;
        nextToken = undefined;
        page = 0;
      }
      const filterPattern = patterns[windows % patterns.length] as string;
      const out = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: GROUP,
          filterPattern,
          startTime: Math.floor(range.start),
          endTime: Math.floor(range.end),
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      filterPages++;
      page++;
      nextToken = out.nextToken;
    }
  }

  // Warm-up: the first 5% of the events, a few queries and pages, so that code is compiled and pools exist.
  const warmBatches = Math.max(1, Math.floor(totalBatches / 20));
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w, warmBatches)));
  let warmQueries = 0;
  let warmPages = 0;
  await Promise.all([querier(() => warmQueries++ < 20), filterer(() => warmPages++ < 20)]);
  const baseline = await server.memory();

  let peak = baseline.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 250);
  const loadStart = Date.now();
  // Progress on standard error: a run on a loaded machine can take much longer than its ~3 minutes.
  const progress = setInterval(() => {
    process.stderr.write(
      `soak: ${Math.round((Date.now() - loadStart) / 1000)} s, ${(written / 1e6).toFixed(2)}M events, ${queriesRun} queries, ${filterPages} pages, RSS ${Math.round(rssMb(pid))} MB\n`,
    );
  }, 15_000);
  queriesRun = 0;
  filterPages = 0;
  statuses.clear();
  let queriesLeft = QUERIES;
  let pagesLeft = FILTER_PAGES;
  await Promise.all([
    ...Array.from({ length: WRITERS }, (_, w) => writer(w, totalBatches)),
    ...Array.from({ length: QUERY_CLIENTS }, () => querier(() => queriesLeft-- > 0)),
    ...Array.from({ length: FILTER_CLIENTS }, () => filterer(() => pagesLeft-- > 0)),
  ]);
  clearInterval(progress);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const atEnd = rssMb(pid);
  peak = Math.max(peak, atEnd);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  clearInterval(sampler);
  const idle = await server.memory();

  const mix = [...statuses].map(([s, n]) => `${s} ${n}`).join(", ");
  const growth = idle.rss - baseline.rss;
  return [
    {
      name: "soak: load (events, queries, filter pages)",
      value: loadSeconds,
      unit: "s",
      note: `${(written / 1e6).toFixed(2)}M events, ${queriesRun} queries (${mix}; ${refused} refused), ${filterPages} pages; load ${loadavg()[0]?.toFixed(1)}`,
    },
    {
      name: "soak: server RSS, baseline after warm-up",
      value: Math.round(baseline.rss),
      unit: "MB",
      note: `heap ${Math.round(baseline.heapUsed)} of ${Math.round(baseline.heapTotal)} MB, external ${Math.round(baseline.external)} MB`,
    },
    { name: "soak: server RSS, peak under load", value: Math.round(peak), unit: "MB" },
    {
      name: "soak: server RSS, after load and idle",
      value: Math.round(idle.rss),
      unit: "MB",
      note: `heap ${Math.round(idle.heapUsed)} of ${Math.round(idle.heapTotal)} MB, external ${Math.round(idle.external)} MB; ${idle.queries.finished} finished queries kept, ${(idle.queries.resultBytes / 1048576).toFixed(1)} MB results, ${idle.queries.finishedHoldingWorkingState} holding working state; idle ${IDLE_MS / 1000} s`,
    },
    {
      name: "soak: after idle minus baseline",
      value: Math.round(growth),
      unit: "MB",
      note: `target ≤ +${TARGET_MB} MB: ${growth <= TARGET_MB ? "met" : "NOT met"}; whole run ${Math.round((Date.now() - began) / 1000)} s`,
    },
  ];
}

/**
 * `npm run bench -- soak-stats`: issue 15's twelve concurrent `stats count(*) by @message, @logStream` over
 * one million distinct events, with the default budgets: every query must end (Failed past its group
 * budget) and the server must live, within its memory budget.
 */
export async function benchConcurrentStats(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-soak-"));
  const server = await startServer(dir);
  try {
    const pid = server.child.pid as number;
    const logs = new CloudWatchLogsClient({
      endpoint: server.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    const events = 1_000_000;
    const base = Date.now() + 60_000;
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "eni-0-all" }));
    for (let from = 0; from < events; from += BATCH) {
      const logEvents = Array.from({ length: BATCH }, (_, k) => ({
        timestamp: base + Math.floor(((from + k) * SPAN_MS) / events),
        message: `${from + k} ${message(from + k)}`,
      }));
      await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: "eni-0-all", logEvents }));
    }
    const before = await server.memory();
    let peak = before.rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 100);
    const started = Date.now();
    const range = { startTime: Math.floor(base / 1000), endTime: Math.floor((base + SPAN_MS) / 1000) };
    const ids = await Promise.all(
      Array.from({ length: 12 }, () =>
        logs.send(new StartQueryCommand({ logGroupName: GROUP, queryString: "stats count(*) by @message, @logStream", ...range })),
      ),
    );
    const statuses = new Map<string, number>();
    for (const { queryId } of ids) {
      for (;;) {
        const out = await logs.send(new GetQueryResultsCommand({ queryId }));
        if (out.status !== "Running" && out.status !== "Scheduled") {
          statuses.set(out.status as string, (statuses.get(out.status as string) ?? 0) + 1);
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    const after = await server.memory();
    const mix = [...statuses].map(([st, n]) => `${st} ${n}`).join(", ");
    return [
      {
        name: "soak-stats: 12 concurrent stats by @message, @logStream",
        value: seconds,
        unit: "s",
        note: `1M distinct events; ${mix}; load ${loadavg()[0]?.toFixed(1)}`,
      },
      {
        name: "soak-stats: server RSS before / peak / after",
        value: Math.round(peak),
        unit: "MB",
        note: `before ${Math.round(before.rss)} MB, after ${Math.round(after.rss)} MB (heap ${Math.round(after.heapUsed)} MB)`,
      },
    ];
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (args[0] === "--serve" && args[1] !== undefined) await serve(args[1]);
  else for (const f of await benchSoak()) console.log(`${f.name}: ${f.value.toLocaleString("en-US")} ${f.unit}${f.note ? ` (${f.note})` : ""}`);
}
