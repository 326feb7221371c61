/**
 * Logs Insights through the API: one million default-format flow events in one log group of a LocalCloud,
 * StartQuery -> Complete for issue 7's three queries (SDK v3, polling), the offline file query over one
 * million lines, and the first aggregation in DuckDB over the same records as a yardstick.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DuckDBInstance } from "@duckdb/node-api";
import { localSource } from "../src/cli/insights/file-sources.js";
import { fileRunner } from "../src/cli/insights/query-runner.js";
import { LocalCloud } from "../src/cloud/cloud.js";
import { flowEvents } from "./insights.js";
import { loadavg } from "node:os";
import { type Figure, median } from "./measure.js";
import { readFileSync } from "node:fs";
import { startChildServer } from "./child-server.js";

/** The server's resident set in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

/**
 * The first query again against a server in a child process on a data dir (as issue 18's baseline, whose
 * client was another process): the client's decoding of partial results is then not billed to the server's
 * thread. Also the server's largest RSS seen while it answers.
 */
async function childServerFigures(
  events: { timestamp: number; message: string }[],
  startTime: number,
  endTime: number,
): Promise<{ median: number; best: number; cold: number; rss: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-bench-child-"));
  const server = await startChildServer(new URL("./logs-ingest.ts", import.meta.url).href, dataDir);
  const logs = new CloudWatchLogsClient({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, rssMb(server.child.pid as number));
  }, 50);
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-0a1b2c3d4e5f60718-all" }));
    for (let i = 0; i < events.length; i += BATCH) {
      await logs.send(
        new PutLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-0a1b2c3d4e5f60718-all", logEvents: events.slice(i, i + BATCH) }),
      );
    }
    rss = 0;
    const t = await timed(() => timeQuery(logs, QUERIES[0].query, startTime, endTime));
    return { ...t, rss };
  } finally {
    clearInterval(sampler);
    logs.destroy();
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const QUERIES = [
  { name: "insights-api: stats count/sum/avg by pair, 1M events", query: "stats count(*), sum(bytes), avg(bytes) by srcAddr, dstAddr", target: 0.39 },
  { name: "insights-api: stats count/sum by action, 1M events", query: "stats count(*), sum(bytes) by action", target: 0.3 },
  { name: "insights-api: stats sum(bytes) by pair, 1M events", query: "stats sum(bytes) as b by srcAddr, dstAddr | sort b desc | limit 10", target: 1.0 },
  {
    name: "insights-api: filter REJECT | stats by srcAddr, 1M",
    query: 'filter action="REJECT" | stats count(*) as n by srcAddr | sort n desc | limit 20',
    target: 0.8,
  },
  { name: "insights-api: fields | sort @timestamp | limit 25, 1M", query: "fields @timestamp, @message | sort @timestamp desc | limit 25", target: 0.3 },
] as const;

/** Under PutLogEvents' 1 MiB: these lines are ~110 bytes plus 26 each. */
const BATCH = 7000;
/** Timed runs per query after a warm-up: the median is reported, the best beside it (a shared machine). */
const RUNS = 5;

/**
 * Median and best of `RUNS` timed runs, after one warm-up run (V8 optimises the engine's closures; the
 * store builds the flow columns of the chunks the query reads), whose own time is `cold`.
 */
async function timed(work: () => Promise<number>): Promise<{ median: number; best: number; cold: number }> {
  const cold = await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await work());
  return { median: median(times), best: Math.min(...times), cold };
}

const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`;

async function timeQuery(logs: CloudWatchLogsClient, queryString: string, startTime: number, endTime: number): Promise<number> {
  const began = process.hrtime.bigint();
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: "MyVpc22-Log", queryString, startTime, endTime }));
  for (;;) {
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    if (out.status === "Complete") break;
    if (out.status !== "Running" && out.status !== "Scheduled") throw new Error(`query ended ${out.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Number(process.hrtime.bigint() - began) / 1e9;
}

export async function benchInsightsApi(): Promise<Figure[]> {
  const base = Date.now() - 55 * 60_000;
  const events = flowEvents().map((e, i) => ({ timestamp: base + i * 3, message: e.message }));
  const cloud = new LocalCloud({ memory: true, port: 0 });
  await cloud.start();
  const logs = new CloudWatchLogsClient({
    endpoint: cloud.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-bench-"));
  const out: Figure[] = [];
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-0a1b2c3d4e5f60718-all" }));
    for (let i = 0; i < events.length; i += BATCH) {
      await logs.send(
        new PutLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-0a1b2c3d4e5f60718-all", logEvents: events.slice(i, i + BATCH) }),
      );
    }
    const startTime = Math.floor(base / 1000) - 60;
    const endTime = Math.floor(Date.now() / 1000) + 60;
    let first = 0;
    for (const q of QUERIES) {
      const t = await timed(() => timeQuery(logs, q.query, startTime, endTime));
      if (first === 0) first = t.median;
      out.push({
        name: q.name,
        value: t.median,
        unit: "s",
        note: `median of ${RUNS}, best ${t.best.toFixed(3)} s, first run ${t.cold.toFixed(3)} s, target ${q.target} s, ${load()}`,
      });
    }

    const child = await childServerFigures(events, startTime, endTime);
    out.push({
      name: "insights-api: stats count/sum/avg by pair, server in a child process (data dir)",
      value: child.median,
      unit: "s",
      note: `median of ${RUNS}, best ${child.best.toFixed(3)} s, first run ${child.cold.toFixed(3)} s, server RSS at most ${Math.round(child.rss)} MB while answering, ${load()}`,
    });

    const file = join(dir, "flows.log");
    writeFileSync(file, `${events.map((e) => e.message).join("\n")}\n`);
    const offline = fileRunner([localSource(file)]);
    const file1 = await timed(async () => {
      const began = process.hrtime.bigint();
      await offline(QUERIES[0].query);
      return Number(process.hrtime.bigint() - began) / 1e9;
    });
    out.push({
      name: "insights-api: query --file, stats count/sum/avg by pair, 1M lines",
      value: file1.median,
      unit: "s",
      note: `median of ${RUNS}, best ${file1.best.toFixed(3)} s, ${load()}`,
    });

    const duck = await (await DuckDBInstance.create(":memory:")).connect();
    const columns =
      "{'version':'INTEGER','account_id':'VARCHAR','interface_id':'VARCHAR','srcaddr':'VARCHAR','dstaddr':'VARCHAR','srcport':'INTEGER','dstport':'INTEGER','protocol':'INTEGER','packets':'BIGINT','bytes':'BIGINT','start':'BIGINT','end':'BIGINT','action':'VARCHAR','log_status':'VARCHAR'}";
    const loadSql = `CREATE OR REPLACE TABLE flows AS SELECT * FROM read_csv('${file}', delim=' ', header=false, nullstr='-', columns=${columns})`;
    await duck.run(loadSql);
    const sql = "SELECT srcaddr, dstaddr, count(*), sum(bytes), avg(bytes) FROM flows GROUP BY srcaddr, dstaddr";
    const duckTime = async (statements: string[]) => {
      const t = process.hrtime.bigint();
      for (const s of statements) await duck.runAndReadAll(s);
      return Number(process.hrtime.bigint() - t) / 1e9;
    };
    await duckTime([sql]);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await duckTime([sql]));
    const duckMedian = median(times);
    // DuckDB's own file load and the query, against `query --file`: both read the text.
    const withLoad: number[] = [];
    for (let i = 0; i < RUNS; i++) withLoad.push(await duckTime([loadSql, sql]));
    const duckLoadMedian = median(withLoad);
    out.push({ name: "insights-api: DuckDB, same aggregation (table in memory)", value: duckMedian, unit: "s", note: `median of ${RUNS}` });
    out.push({ name: "insights-api: DuckDB, file load + same aggregation", value: duckLoadMedian, unit: "s", note: `median of ${RUNS}` });
    out.push({
      name: "insights-api: flowwatch API / DuckDB, count/sum/avg by pair",
      value: first / duckMedian,
      unit: "x",
      note: "medians of the same run; target <= 3x",
    });
    out.push({
      name: "insights-api: query --file / DuckDB with its file load, by pair",
      value: file1.median / duckLoadMedian,
      unit: "x",
      note: "medians of the same run; target <= 2x",
    });
    out.push({
      name: "insights-api: child-process server / DuckDB, count/sum/avg by pair",
      value: child.median / duckMedian,
      unit: "x",
      note: "medians of the same run; target <= 3x",
    });
    duck.closeSync();
  } finally {
    logs.destroy();
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchInsightsApi()) console.log(`${r.name}: ${r.value.toFixed(3)} ${r.unit}${r.note ? `   ${r.note}` : ""}`);
}
