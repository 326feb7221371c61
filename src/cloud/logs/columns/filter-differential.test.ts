/**
 * FilterLogEvents over flow columns against the text path: the same events, the same patterns, every
 * page; events and nextTokens must be identical. Patterns: the case table, AWS's flow log examples and
 * random space-delimited and term patterns over flow fields.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compile } from "../../../filterpattern/index.js";
import { FLOW_NODATA, FLOW_SKIPDATA, MATCH_CASES } from "../../../../test/filterpattern/pattern-cases.js";
import { columnarPattern } from "./flow-filter.js";
import { newLogs } from "../../../../test/support/logs-harness.js";

const FIELDS = [
  "version",
  "account",
  "eni",
  "source",
  "destination",
  "srcport",
  "destport",
  "protocol",
  "packets",
  "bytes",
  "windowstart",
  "windowend",
  "action",
  "flowlogstatus",
];

/** A small deterministic generator, so a failure names a reproducible pattern. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(a: readonly T[]) => a[Math.floor(next() * a.length)] as T };
}

/** With `zeros`, some numbers are written with a leading zero (0080), which the columns keep as 80. */
function flowRecord(r: ReturnType<typeof random>, zeros = true): string {
  const action = r.pick(["ACCEPT", "REJECT"]);
  const port = r.pick(["22", "80", "443", "3389", "0", zeros ? "0080" : "8080", String(r.int(65536))]);
  return [
    2,
    r.pick(["123456789010", "210987654321"]),
    r.pick(["eni-1235b8ca123456789", "eni-11111111aaaaaaaaa"]),
    `10.0.${r.int(3)}.${r.int(4)}`,
    `172.31.16.${r.int(3)}`,
    r.int(65536),
    port,
    r.pick([6, 17, 1]),
    r.int(50),
    r.int(100_000),
    1418530010,
    1418530070,
    action,
    "OK",
  ].join(" ");
}

/** Default-format records with the odd lines the text path must keep deciding: no data, tabs, quotes, other text. */
function messageOf(r: ReturnType<typeof random>, zeros: boolean, odd: boolean): string {
  const k = r.int(20);
  if (k === 0) return FLOW_NODATA;
  if (k === 1) return FLOW_SKIPDATA;
  if (k === 2) return "ERROR REJECT connection refused";
  if (k === 3 && odd) return flowRecord(r).replace(" ", "\t");
  if (k === 4 && odd) return flowRecord(r).replace("ACCEPT", '"ACC EPT"');
  if (k === 5) return `${flowRecord(r, zeros)} extra`;
  if (k === 6) return flowRecord(r, zeros).replace(/^2 /, "  2 ");
  return flowRecord(r, zeros);
}

function randomPatterns(r: ReturnType<typeof random>, count: number): string[] {
  const values: Record<string, string[]> = {
    action: ["REJECT", '"ACCEPT"', "ACC*", "-", "%REJ%"],
    flowlogstatus: ["OK", "NODATA", "SKIP*"],
    destport: ["22", "80", "-", "0", '"22"', "8*", "%^44%", '"0080"'],
    srcport: ["1000", "40000", "1*"],
    protocol: ['"6"', "17"],
    packets: ["10", "0"],
    bytes: ["5000", "-"],
    source: ["10.0.1.*", '"10.0.0.1"', "%^10\\.0\\.2%"],
    account: ["123456789010", "2109*"],
  };
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    if (r.next() < 0.25) {
      out.push(
        r.pick([
          "REJECT",
          "ACCEPT",
          "eni-1111",
          "?REJECT ?NODATA",
          "ACCEPT -210987654321",
          "10.0.1",
          "0080",
          '"10.0.1.2 172"',
          "OK -REJECT",
          "?SKIPDATA ?eni-1235b8ca123456789 -x",
        ]),
      );
      continue;
    }
    const conditions = FIELDS.map((f) => {
      if (r.next() > 0.3 || values[f] === undefined) return f;
      const v = r.pick(values[f] as string[]);
      const numeric = /^\d+$/.test(v) && f !== "account";
      const op = numeric ? r.pick(["=", "!=", ">", "<=", ">="]) : r.pick(["=", "!="]);
      return `${f}${op}${v}`;
    });
    if (r.next() < 0.2) out.push(`[${conditions.slice(0, 5).join(", ")}, ..., ${conditions.slice(12).join(", ")}]`);
    else if (r.next() < 0.1) out.push(`[${conditions.slice(0, 13).join(", ")}]`);
    else out.push(`[${conditions.join(", ")}]`);
  }
  return out;
}

const AWS_FLOW_EXAMPLES = [
  '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]',
  '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]',
  "[version, accountid, interfaceid, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action=REJECT, logstatus]",
  "[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes>=5000, start, end, action, log_status]",
  '[version, account, eni, source="10.0.0.*", destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action, flowlogstatus]',
  "[..., action=REJECT, flowlogstatus]",
  "[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action, flowlogstatus=NODATA || flowlogstatus=SKIPDATA]",
  '[version, account, eni, source, destination, srcport, destport="0080", ...]',
  "[..., destport=8*, protocol, packets, bytes, windowstart, windowend, action=REJECT, flowlogstatus]",
  '[version, account, eni, source, destination, srcport, destport=80 || destport="22", protocol, packets, bytes, windowstart, windowend, action, flowlogstatus=OK]',
  "REJECT",
  "ACCEPT",
  "NODATA",
];

describe("FilterLogEvents: flow columns decide exactly as the text path", () => {
  it("gives the same events and nextTokens for the case table, AWS's examples and random patterns", () => {
    const t = newLogs();
    t.service.filterScan.sliceMs = 60_000;
    t.service.filterScan.callMs = 60_000;
    const now = t.clock.now();
    t.call("CreateLogGroup", { logGroupName: "g" });
    const r = random(18);
    for (const stream of ["eni-a", "eni-b"]) {
      t.call("CreateLogStream", { logGroupName: "g", logStreamName: stream });
      // Chunks of: text only (no row held); flow records as String(n) writes numbers; with leading zeros
      // (0080) and no-data records; without zeros; and with tabs and quoted fields (the text path's split).
      for (let c = 0; c < 5; c++) {
        const logEvents = Array.from({ length: 300 }, (_, i) => ({
          timestamp: now - 10_000 + c * 300 + i,
          message: c === 0 ? `plain text line ${i} REJECT` : c === 1 ? flowRecord(r, false) : messageOf(r, c !== 3, c === 4),
        }));
        t.call("PutLogEvents", { logGroupName: "g", logStreamName: stream, logEvents });
      }
    }
    const compiles = (p: string) => {
      try {
        compile(p);
        return true;
      } catch {
        return false;
      }
    };
    const patterns = [...new Set([...MATCH_CASES.map((c) => c.pattern), ...AWS_FLOW_EXAMPLES, ...randomPatterns(r, 150)])].filter(compiles);
    assert.ok(patterns.length > 150, `${patterns.length} patterns`);
    const pages = (filterPattern: string, columns: boolean) => {
      t.service.filterScan.columns = columns;
      const out: unknown[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 1_000; page++) {
        const answer = t.call("FilterLogEvents", { logGroupName: "g", filterPattern, limit: 97, ...(nextToken ? { nextToken } : {}) });
        out.push(answer.events, answer.nextToken);
        nextToken = answer.nextToken;
        if (nextToken === undefined) break;
      }
      return out;
    };
    let matched = 0;
    let columnar = 0;
    for (const pattern of patterns) {
      const text = pages(pattern, false);
      const viaColumns = pages(pattern, true);
      assert.deepEqual(viaColumns, text, pattern);
      matched += text.filter((p) => Array.isArray(p)).reduce((n: number, p) => n + (p as unknown[]).length, 0);
      if (columnarPattern(compile(pattern))) columnar++;
    }
    // The corpus must exercise both answers: events found, and columns built and used.
    assert.ok(matched > 1_000, `${matched} events matched`);
    assert.ok(columnar > 100, `${columnar} patterns decided over columns`);
  });
});
