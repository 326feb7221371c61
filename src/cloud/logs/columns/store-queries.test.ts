/**
 * Logs Insights through the service over stored flow columns: for each query, StartQuery's results are
 * those of the text path (runQuerySync) over the same events in the store's order; again after the data
 * directory is reopened, when every chunk's columns are rebuilt from its text.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { EVENTS as SAMPLE_EVENTS } from "../../../../test/support/flow-samples.js";
import { rootContext } from "../../../../test/support/service-harness.js";
import { compileQuery, type InsightsEvent } from "../../../insights/index.js";
import { ManualClock } from "../../clock.js";
import { Store } from "../../store/store.js";
import { createLogsService } from "../service.js";

const NOW = Date.UTC(2026, 0, 1);
const T0 = NOW - 3_600_000;
const STREAMS = ["eni-a1-all", "eni-b2-all"];
const ODD = [
  '{"srcAddr":"10.9.9.9","bytes":5,"action":"REJECT"}',
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 080 443 6 1.5 99 1709280000 1709280060 ACCEPT OK",
  "2 123456789010 eni-odd 2001:db8::1 2001:db8::2 80 443 6 1 99 1709280000 1709280060 REJECT OK",
  "[ERROR] disk full",
];

/** Flow records with odd lines among them, each with its stream and a timestamp one second apart. */
const EVENTS: { stream: string; timestamp: number; message: string }[] = [];
SAMPLE_EVENTS.slice(0, 3000).forEach((e, i) => {
  EVENTS.push({ stream: STREAMS[i % 2] as string, timestamp: T0 + EVENTS.length * 1000, message: e.message });
  if (i % 11 === 0) EVENTS.push({ stream: STREAMS[i % 2] as string, timestamp: T0 + EVENTS.length * 1000, message: ODD[i % ODD.length] as string });
});

const QUERIES = [
  "stats count(*), sum(bytes), avg(bytes) by srcAddr, dstAddr",
  "stats sum(bytes) as b by srcAddr, dstAddr | sort b desc | limit 10",
  'filter action="REJECT" | stats count(*) as n by srcAddr | sort n desc | limit 20',
  "stats count(*) as n, min(bytes), max(bytes), pct(bytes, 95) by action, logStatus",
  "stats count(*) by bin(10m), @logStream",
  "filter dstPort = 22 | fields @timestamp, srcAddr, dstAddr, bytes | sort bytes desc | limit 15",
  "filter bytes > 60000 | limit 30",
  "fields @timestamp, @message | sort @timestamp desc | limit 25",
  "stats count(*) by srcAddr | sort srcAddr",
];

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function open(dir: string) {
  const clock = new ManualClock(NOW);
  const store = new Store({ dataDir: dir });
  const service = createLogsService({ store, clock });
  const ctx = rootContext(clock);
  const call = async (op: string, input: unknown): Promise<any> => (service.operations[op] as (i: unknown, c: typeof ctx) => unknown)(input, ctx);
  return { store, call };
}

type Results = { field: string; value: string }[][];

async function query(call: (op: string, input: unknown) => Promise<any>, queryString: string): Promise<{ results: Results; statistics: unknown }> {
  const { queryId } = await call("StartQuery", { logGroupName: "g", queryString, startTime: Math.floor(T0 / 1000) - 60, endTime: Math.floor(NOW / 1000) });
  for (let i = 0; i < 2000; i++) {
    await new Promise((r) => setImmediate(r));
    const out = await call("GetQueryResults", { queryId });
    if (out.status === "Complete") return { results: out.results, statistics: out.statistics };
    assert.ok(out.status === "Running" || out.status === "Scheduled", `${queryString}: ${out.status}`);
  }
  throw new Error(`${queryString} did not complete`);
}

/** The text path over the same events, in the store's order (timestamp, then arrival). */
function expected(queryString: string) {
  const events: InsightsEvent[] = EVENTS.map((e) => ({
    timestamp: e.timestamp,
    ingestionTime: NOW,
    message: e.message,
    logStream: e.stream,
    log: "000000000000:g",
  }));
  const run = compileQuery(queryString).start();
  for (const e of events) run.add(e);
  return run.results();
}

/** @ptr is the store's pointer: the text path over plain events has none to compare with. */
const withoutPtr = (results: Results) => results.map((row) => row.filter((f) => f.field !== "@ptr"));

describe("queries over stored flow columns", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-columns-"));
  dirs.push(dir);

  it("give the text path's results, with columns built when first read", async () => {
    assert.ok(QUERIES.filter((q) => compileQuery(q).columnar !== null).length >= 7, "most of these queries read columns");
    const { store, call } = open(dir);
    await call("CreateLogGroup", { logGroupName: "g" });
    for (const s of STREAMS) await call("CreateLogStream", { logGroupName: "g", logStreamName: s });
    for (const s of STREAMS) {
      const mine = EVENTS.filter((e) => e.stream === s);
      for (let i = 0; i < mine.length; i += 400) {
        await call("PutLogEvents", {
          logGroupName: "g",
          logStreamName: s,
          logEvents: mine.slice(i, i + 400).map(({ timestamp, message }) => ({ timestamp, message })),
        });
      }
    }
    for (const q of QUERIES) {
      const got = await query(call, q);
      const want = expected(q);
      assert.ok(want.results.length > 0, q);
      assert.deepEqual(withoutPtr(got.results), want.results, q);
      assert.deepEqual(got.statistics, want.statistics, q);
    }
    store.close();
  });

  it("give the same results when the data directory is reopened and the columns are rebuilt from text", async () => {
    const { store, call } = open(dir);
    for (const q of QUERIES) {
      const got = await query(call, q);
      assert.deepEqual(withoutPtr(got.results), expected(q).results, q);
    }
    store.close();
  });
});
