/**
 * The differential test of the two query paths: every query of a corpus (AWS's VPC flow log sample
 * queries, the shared case table, a list of flow-field queries, and random queries) runs over the same
 * events through the text path (runQuerySync) and through flow columns (QueryRun.addColumns, batches of
 * random sizes), for default-format, v5 and custom-format records mixed with NODATA/SKIPDATA, JSON and
 * text lines; results and statistics must be identical, row by row.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { INSIGHTS_CASES } from "../../../test/insights/query-cases.js";
import { EVENTS as SAMPLE_EVENTS, SAMPLES } from "../../../test/support/flow-samples.js";
import { compileQuery, type InsightsEvent, MalformedQueryError, type QueryResults } from "../index.js";
import type { ColumnBatch } from "./feed.js";
import { flowColumnsOf } from "./flow-columns.js";

const NOW = 1_700_000_000_000;

function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** Odd lines the columns must leave to the text path, or hold with exactly the text path's values. */
const ODD = [
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 080 0443 6 1 99 1709280000 1709280060 ACCEPT OK",
  "2\t123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT OK\r",
  "  2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT OK  ",
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1.5 99 1709280000 1709280060 ACCEPT OK",
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 99999999999 1709280000 1709280060 ACCEPT OK",
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 4294967295 1709280000 1709280060 ACCEPT OK",
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 -80 443 6 1 99 1709280000 1709280060 ACCEPT OK",
  "2 123456789010 eni-odd 2001:db8::1 2001:db8::2 80 443 6 1 99 1709280000 1709280060 ACCEPT OK",
  "2 123456789010 eni-ödd 10.0.1.5 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT OK",
  "x2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT OK",
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT",
  "2 123456789010 eni-odd 10.0.1.5 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT OK extra",
  "2 - - - - - - - - - - - - -",
  "2 123456789010 eni-odd - 10.0.1.6 80 443 6 1 99 1709280000 1709280060 ACCEPT OK",
  '{"srcAddr":"10.9.9.9","bytes":5,"action":"REJECT"}',
  "[ERROR] disk full",
  "",
];

/** v5 records (29 fields): the default 14 then 15 more; Insights discovers no flow field in them. */
const v5 = (m: string, i: number) =>
  `${m} vpc-1 subnet-${i % 3} i-0${i % 7} ${i % 32} IPv4 - - us-east-1 use1-az1 - - - - ${i % 2 ? "ingress" : "egress"} ${i % 8}`;
/**
 * A custom format of 14 fields that starts with a number (`${version} ${account-id} ${interface-id}
 * ${dstaddr} ${srcaddr} ${dstport} ${srcport} ${protocol} ${bytes} ${packets} ...`): Insights reads it by
 * position as a default-format record, with the pairs swapped, and both paths must agree on that.
 */
const custom14 = (m: string) => {
  const p = m.split(" ");
  return [p[0], p[1], p[2], p[4], p[3], p[6], p[5], p[7], p[9], p[8], p[10], p[11], p[12], p[13]].join(" ");
};
/** A shorter custom format (`${srcaddr} ${dstaddr} ${bytes} ${action}`): no flow fields. */
const custom4 = (m: string) => {
  const p = m.split(" ");
  return [p[3], p[4], p[9], p[12]].join(" ");
};

interface DataSet {
  readonly name: string;
  readonly events: readonly InsightsEvent[];
}

function dataSet(name: string, transform: (m: string, i: number) => string, oddEvery: number): DataSet {
  const r = random(name.length * 7919);
  const events: InsightsEvent[] = [];
  SAMPLE_EVENTS.slice(0, 1500).forEach((e, i) => {
    const stream = i % 3 === 0 ? "eni-b2-all" : "eni-a1-all";
    events.push({ ...e, message: transform(e.message, i), logStream: stream, ptr: `p${events.length}` });
    if (i % oddEvery === 0) {
      const odd = ODD[Math.floor(r() * ODD.length)] as string;
      events.push({ ...e, message: odd, logStream: stream, ptr: `p${events.length}` });
    }
  });
  return { name, events };
}

const DATA_SETS: readonly DataSet[] = [
  dataSet("default format", (m) => m, 9),
  dataSet("v5", v5, 40),
  dataSet("custom 14-field format", custom14, 40),
  dataSet("custom 4-field format with default records", (m, i) => (i % 2 === 0 ? custom4(m) : m), 25),
];

/** Batches of random sizes over the events (as a store's chunks), each with its flow columns. */
function batchesOf(events: readonly InsightsEvent[], seed: number, only?: readonly boolean[]): { base: number; batch: ColumnBatch }[] {
  const r = random(seed);
  const out: { base: number; batch: ColumnBatch }[] = [];
  for (let base = 0; base < events.length; ) {
    const count = Math.min(events.length - base, 1 + Math.floor(r() * 400));
    const slice = events.slice(base, base + count);
    const columns = flowColumnsOf(
      slice.map((e) => e.message),
      only,
    );
    const at = (i: number) => slice[i] as InsightsEvent;
    out.push({
      base,
      batch: {
        columns,
        from: 0,
        to: count,
        step: 1,
        timestamp: (i) => at(i).timestamp,
        ingestionTime: (i) => at(i).ingestionTime,
        logStream: (i) => at(i).logStream,
        log: (i) => at(i).log,
        size: (i) => Buffer.byteLength(at(i).message),
        event: at,
      },
    });
    base += count;
  }
  return out;
}

/** The same batches read newest first: the batches in reverse, each from its last row. */
const reversed = (batches: readonly { batch: ColumnBatch }[]): ColumnBatch[] =>
  batches.map((b) => ({ ...b.batch, from: b.batch.to - 1, to: -1, step: -1 as const })).reverse();

type Outcome = QueryResults | { error: string };

function textPath(query: string, events: readonly InsightsEvent[], newestFirst: boolean): Outcome {
  try {
    const compiled = compileQuery(query, { now: NOW });
    const run = compiled.start({ reversed: newestFirst });
    if (newestFirst) for (let i = events.length - 1; i >= 0; i--) run.add(events[i] as InsightsEvent);
    else for (const e of events) run.add(e);
    return run.results();
  } catch (e) {
    if (e instanceof MalformedQueryError) return { error: e.message };
    throw e;
  }
}

function columnPath(query: string, batches: readonly ColumnBatch[], newestFirst: boolean): Outcome {
  try {
    const run = compileQuery(query, { now: NOW }).start({ reversed: newestFirst });
    for (const b of batches) run.addColumns(b);
    return run.results();
  } catch (e) {
    if (e instanceof MalformedQueryError) return { error: e.message };
    throw e;
  }
}

const PREPARED = DATA_SETS.map((d) => {
  const batches = batchesOf(d.events, d.name.length);
  return { ...d, forward: batches.map((b) => b.batch), backward: reversed(batches) };
});

/** Runs the query both ways over every data set, forward and (for queries a store reads newest first) backward. */
function agree(query: string): "stats" | "prefilter" | null {
  let mode: "stats" | "prefilter" | null = null;
  let newestFirst = false;
  let only: readonly boolean[] | null = null;
  try {
    const compiled = compileQuery(query, { now: NOW });
    mode = compiled.columnar;
    newestFirst = compiled.newestFirst;
    only = compiled.columnarFields;
  } catch (e) {
    if (!(e instanceof MalformedQueryError)) throw e;
  }
  for (const d of PREPARED) {
    const expected = textPath(query, d.events, false);
    assert.deepEqual(columnPath(query, d.forward, false), expected, `${d.name}: ${query}`);
    if (newestFirst) assert.deepEqual(columnPath(query, d.backward, true), textPath(query, d.events, true), `${d.name}, newest first: ${query}`);
    // Columns of only the fields the query reads (as `query --file` builds them) give the same.
    if (only !== null) {
      const partial = batchesOf(d.events, d.name.length + 1, only).map((b) => b.batch);
      assert.deepEqual(columnPath(query, partial, false), expected, `${d.name}, columns of the fields read: ${query}`);
    }
  }
  return mode;
}

/** Flow-field queries of the shapes the columnar path serves, and some it must leave to the text path. */
const FLOW_QUERIES = [
  "stats count(*) by srcAddr, dstAddr",
  "stats count(*), sum(bytes), avg(bytes) by srcAddr, dstAddr",
  "stats count(*) as n, sum(bytes) as b by action",
  "stats min(bytes), max(bytes), min(srcPort), max(dstPort) by interfaceId",
  "stats count_distinct(dstAddr) as peers, pct(bytes, 90), pct(bytes, 50) by srcAddr | sort peers desc, srcAddr | limit 7",
  "stats stddev(bytes), earliest(srcAddr), latest(dstAddr), sortsFirst(srcAddr), sortsLast(dstPort) by logStatus",
  "stats count(*) by bin(5m)",
  "stats count(*) as n by bin(1h), action | sort n desc",
  "stats sum(bytes) as b by srcAddr, dstAddr | sort b desc | limit 10",
  'filter action="REJECT" | stats count(*) as n by srcAddr | sort n desc | limit 20',
  "filter dstPort = 22 or dstPort = 3389 | stats count(*) by dstPort, protocol",
  "filter bytes > 40000 and protocol != 17 | stats avg(packets) by dstPort",
  'filter srcAddr like "10.0." | stats sum(bytes) by srcAddr',
  "filter isIpv4InSubnet(srcAddr, '10.0.0.0/8') | stats count(*) by dstAddr",
  "filter ispresent(srcAddr) | stats count(*) by logStatus",
  "filter not ispresent(bytes) | stats count(*) by logStatus, interfaceId",
  "stats count(*) by srcPort",
  "stats count(*) by version, accountId",
  "stats count(*) by @logStream",
  "stats count(*), sum(bytes) by srcAddr, dstAddr, dstPort",
  "stats count(bytes), count(srcAddr), count() by action",
  "stats sum(bytes) / count(*) as mean by action",
  "stats max(@timestamp) as last, min(@ingestionTime) by srcAddr | sort last desc | limit 3",
  "fields srcAddr, bytes * 8 as bits | filter bits > 100000 | stats count(*) by srcAddr",
  "filter bytes > 80000 | fields @timestamp, srcAddr, dstAddr, bytes | sort bytes desc | limit 25",
  'filter action = "REJECT" and dstPort = 22 | fields srcAddr | limit 5',
  "filter dstPort = 443 | sort @timestamp desc | limit 10",
  "filter protocol = 1 | dedup srcAddr | limit 4",
  "filter startTime > 1709280000 | stats count(*) by action",
  'filter action = "REJECT" | stats count(*) by @message | limit 3',
  "stats count(*) by srcAddr, dstAddr | stats count(*) as pairs by srcAddr | sort pairs desc | limit 5",
  "parse @message '* * * * *' as v, a, e, s, d | stats count(*) by s",
  "filter @message like /REJECT/ | stats count(*) by srcAddr",
  "stats count(*) by bytes % 3",
  "filter srcAddr = dstAddr | stats count(*)",
  "filter bytes = '840' | stats count(*) by srcAddr",
  "filter level = 'ERROR' | stats count(*)",
  "stats sum(bytes) as b by srcAddr | filter b > 100000 | sort b desc",
  "stats count(*)",
  "filter action = 'NOPE' | stats count(*) by srcAddr",
];

describe("the columnar path gives the text path's results", () => {
  it("over the data sets (each has flow rows the columns hold and rows they leave to the text path)", () => {
    for (const d of PREPARED) {
      const held = d.forward.reduce((n, b) => n + b.columns.heldCount, 0);
      const total = d.events.length;
      // Only the odd lines mixed in (one in 40) can be default-format records among v5 ones.
      if (d.name.startsWith("v5")) assert.ok(held > 0 && held <= Math.ceil(1500 / 40), `${d.name}: ${held} held`);
      else assert.ok(held > total / 3 && held < total, `${d.name}: ${held} of ${total} held`);
    }
  });

  it("for AWS's VPC flow log sample queries", () => {
    let columnar = 0;
    for (const s of SAMPLES) if (agree(s.query) !== null) columnar++;
    assert.ok(columnar >= SAMPLES.length / 2, `${columnar} of ${SAMPLES.length} samples take the columns`);
  });

  it("for the shared case table", () => {
    for (const c of INSIGHTS_CASES) agree(c.query);
  });

  it("for flow-field queries of every served shape", () => {
    const modes = FLOW_QUERIES.map((q) => agree(q));
    assert.ok(modes.filter((m) => m === "stats").length >= 20);
    assert.ok(modes.filter((m) => m === "prefilter").length >= 4);
    assert.ok(modes.filter((m) => m === null).length >= 3);
  });

  it("for random queries over flow fields", () => {
    const field = fc.constantFrom(
      "srcAddr",
      "dstAddr",
      "srcPort",
      "dstPort",
      "protocol",
      "packets",
      "bytes",
      "action",
      "logStatus",
      "interfaceId",
      "startTime",
      "@timestamp",
      "@logStream",
    );
    const literal = fc.constantFrom(
      "22",
      "443",
      "6",
      "17",
      "1000",
      "50000",
      '"REJECT"',
      '"ACCEPT"',
      '"10.0.1.5"',
      '"8.8.8.8"',
      '"OK"',
      '"NODATA"',
      '"eni-a1"',
      "'x'",
    );
    const condition = fc.tuple(field, fc.constantFrom("=", "!=", "<", "<=", ">", ">="), fc.oneof(literal, field)).map(([a, op, b]) => `${a} ${op} ${b}`);
    const filter = fc.array(condition, { minLength: 1, maxLength: 3 }).chain((cs) => fc.constantFrom(" and ", " or ").map((j) => `filter ${cs.join(j)}`));
    const aggregate = fc
      .tuple(fc.constantFrom("count(*)", "count", "sum", "avg", "min", "max", "count_distinct", "stddev"), field)
      .map(([a, f]) => (a === "count(*)" ? a : `${a}(${f})`));
    const stats = fc
      .tuple(
        fc.uniqueArray(aggregate, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(fc.oneof(field, fc.constantFrom("bin(10m)", "bin(1h)")), { maxLength: 3 }),
      )
      .map(([as, bs]) => `stats ${as.map((a, i) => `${a} as a${i}`).join(", ")}${bs.length > 0 ? ` by ${bs.join(", ")}` : ""}`);
    const tail = fc.constantFrom("", " | sort a0 desc | limit 5", " | limit 3", " | sort a0");
    const eventTail = fc.constantFrom(
      " | limit 7",
      " | sort bytes desc | limit 4",
      " | fields srcAddr, dstPort",
      " | dedup dstPort",
      " | sort @timestamp desc | limit 3",
    );
    const query = fc.oneof(
      fc.tuple(fc.option(filter), stats, tail).map(([f, s, t]) => `${f === null ? "" : `${f} | `}${s}${t}`),
      fc.tuple(filter, eventTail).map(([f, t]) => `${f}${t}`),
    );
    fc.assert(
      fc.property(query, (q) => void agree(q)),
      { numRuns: 150 },
    );
  });
});
