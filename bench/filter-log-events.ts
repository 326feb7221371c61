/**
 * FilterLogEvents benchmark: one million default-format flow records in one log group (four ENI
 * streams) of a LocalCloud with a data dir in a temp folder, then the tutorial's SSH-reject pattern
 * read through the SDK v3 client, all pages. Client and server share this process.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  paginateFilterLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import { LocalCloud } from "../src/cloud/cloud.js";
import { compile } from "../src/filterpattern/index.js";
import { DEFAULT_FORMAT, formatRecord } from "../src/flowlog/index.js";
import { prng, syntheticRecord } from "./flow-lines.js";
import { median } from "./measure.js";

const EVENTS = 1_000_000;
const STREAMS = ["eni-0a1b2c3d4e5f60001-all", "eni-0a1b2c3d4e5f60002-all", "eni-0a1b2c3d4e5f60003-all", "eni-0a1b2c3d4e5f60004-all"];
const SSH_REJECT =
  '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';
const MAX_BATCH_BYTES = 1_048_576;
const MAX_EVENTS = 10_000;

export async function benchFilterLogEvents(): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-bench-filter-"));
  const cloud = new LocalCloud({ dataDir, port: 0 });
  await cloud.start();
  const logs = new CloudWatchLogsClient({
    endpoint: cloud.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
  try {
    const logGroupName = "MyVpc22-Log";
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    for (const s of STREAMS) await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: s }));

    // Batches as a flow log delivery would send them: up to 10,000 records or 1 MiB, one stream each.
    const random = prng(42);
    const matcher = compile(SSH_REJECT);
    let stored = 0;
    let expected = 0;
    const base = Date.now() - 3_600_000;
    const lines: string[] = [];
    for (let b = 0; stored < EVENTS; b++) {
      const logEvents: { timestamp: number; message: string }[] = [];
      let bytes = 0;
      while (logEvents.length < MAX_EVENTS && stored + logEvents.length < EVENTS) {
        const message = formatRecord(syntheticRecord(random, stored + logEvents.length), DEFAULT_FORMAT);
        const size = Buffer.byteLength(message) + 26;
        if (bytes + size > MAX_BATCH_BYTES) break;
        bytes += size;
        if (matcher.matches(message)) expected++;
        lines.push(message);
        logEvents.push({ timestamp: base + b, message });
      }
      await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: STREAMS[b % STREAMS.length] as string, logEvents }));
      stored += logEvents.length;
    }

    const run = async () => {
      let matched = 0;
      let pages = 0;
      const t0 = process.hrtime.bigint();
      for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName, filterPattern: SSH_REJECT })) {
        matched += page.events?.length ?? 0;
        pages++;
      }
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, matched, pages };
    };
    await run();
    const runs = [await run(), await run(), await run()];
    const last = runs[runs.length - 1] as { matched: number; pages: number };
    if (runs.some((r) => r.matched !== expected)) throw new Error(`FilterLogEvents matched ${runs.map((r) => r.matched)}; the engine counts ${expected}`);
    const seconds = median(runs.map((r) => r.seconds));

    // DuckDB selecting the same rows from a table of the same records in memory, in the same run.
    const file = join(dataDir, "flows.log");
    writeFileSync(file, `${lines.join("\n")}\n`);
    lines.length = 0;
    const duck = await (await DuckDBInstance.create(":memory:")).connect();
    const columns =
      "{'version':'INTEGER','account_id':'VARCHAR','interface_id':'VARCHAR','srcaddr':'VARCHAR','dstaddr':'VARCHAR','srcport':'INTEGER','dstport':'INTEGER','protocol':'INTEGER','packets':'BIGINT','bytes':'BIGINT','start':'BIGINT','end':'BIGINT','action':'VARCHAR','log_status':'VARCHAR'}";
    await duck.run(`CREATE TABLE flows AS SELECT * FROM read_csv('${file}', delim=' ', header=false, nullstr='-', columns=${columns})`);
    const sql = "SELECT * FROM flows WHERE dstport = 22 AND protocol = 6 AND action = 'REJECT'";
    const duckRows = (await duck.runAndReadAll(sql)).getRows().length;
    const duckTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      await duck.runAndReadAll(sql);
      duckTimes.push(Number(process.hrtime.bigint() - t) / 1e9);
    }
    duck.closeSync();
    const duckSeconds = median(duckTimes);
    return [
      { name: "logs FilterLogEvents: DuckDB selecting the same rows (table in memory)", value: duckSeconds, unit: "s", note: `${duckRows} rows, median of 3` },
      { name: "logs FilterLogEvents / DuckDB", value: seconds / duckSeconds, unit: "x", note: "medians of the same run; target <= 1x" },
      {
        name: "logs FilterLogEvents, SSH-reject pattern, 1M events",
        value: seconds,
        unit: "s",
        note: `${last.matched} matches in ${last.pages} page(s), SDK v3, data dir, target <= 1.5 s`,
      },
      { name: "logs FilterLogEvents scan rate", value: Math.round(stored / seconds), unit: "events/s" },
    ];
  } finally {
    logs.destroy();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchFilterLogEvents()) console.log(f.name, f.value, f.unit, f.note ?? "");
}
