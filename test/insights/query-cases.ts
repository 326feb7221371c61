/**
 * The shared case table of Logs Insights queries: a fixed set of log events and, per query, the rows
 * GetQueryResults should hold or the MalformedQueryException it should raise. Plain data, so that the
 * engine's unit test and a wire test through the AWS SDK (PutLogEvents, then StartQuery) can both run it.
 */
import type { InsightsEvent } from "../../src/insights/fields.js";

const HOUR = Date.UTC(2024, 0, 1, 10, 0, 0);

const event = (n: number, offsetMs: number, message: string): InsightsEvent => ({
  timestamp: HOUR + offsetMs,
  ingestionTime: HOUR + offsetMs + 500,
  message,
  logStream: "eni-aaa-all",
  log: "000000000000:MyVpc22-Log",
  ptr: `ptr-${n}`,
});

/** Eight events of one log stream: four flow records, a NODATA and a SKIPDATA record, a JSON line, a text line. */
export const CASE_EVENTS: readonly InsightsEvent[] = [
  event(1, 0, "2 123456789010 eni-aaa 10.0.1.5 172.31.0.10 49152 443 6 10 840 1704103140 1704103200 ACCEPT OK"),
  event(2, 1000, "2 123456789010 eni-aaa 203.0.113.7 10.0.1.5 51515 22 6 3 180 1704103140 1704103200 REJECT OK"),
  event(3, 2000, "2 123456789010 eni-aaa 10.0.1.5 8.8.8.8 53000 53 17 2 150 1704103140 1704103200 ACCEPT OK"),
  event(4, 3000, "2 123456789010 eni-aaa 203.0.113.7 10.0.1.5 51516 3389 6 1 60 1704103140 1704103200 REJECT OK"),
  event(5, 3_600_000, "2 123456789010 eni-aaa - - - - - - - 1704106740 1704106800 - NODATA"),
  event(6, 3_601_000, "2 123456789010 eni-aaa - - - - - - - 1704106740 1704106800 - SKIPDATA"),
  event(7, 3_602_000, '{"level":"ERROR","status":503,"user":{"id":"u1"},"items":[{"sku":"a"}]}'),
  event(8, 3_603_000, "[ERROR] disk full: Exception in thread main"),
];

export type Row = Readonly<Record<string, string>>;

export interface InsightsCase {
  readonly name: string;
  readonly query: string;
  /** Rows in order, each as field -> value in the order AWS lists them (@ptr last). */
  readonly rows?: readonly Row[];
  /** For a refused query: where AWS's queryCompileError.location points, and the message's line and position. */
  readonly error?: { readonly startCharOffset: number; readonly line: number; readonly position: number; readonly message?: string };
  /** Where the case comes from: an AWS document, or a flowwatch choice (see README.md). */
  readonly source: string;
}

const JSON_LINE = '{"level":"ERROR","status":503,"user":{"id":"u1"},"items":[{"sku":"a"}]}';

export const INSIGHTS_CASES: readonly InsightsCase[] = [
  {
    name: "rejections by source (Well-Architected Labs)",
    query: 'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc',
    rows: [{ srcAddr: "203.0.113.7", numRejections: "2" }],
    source: "aws-spec.md 5.5 D",
  },
  {
    name: "top byte transfers",
    query: "stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 2",
    rows: [
      { srcAddr: "10.0.1.5", dstAddr: "172.31.0.10", bytesTransferred: "840" },
      { srcAddr: "203.0.113.7", dstAddr: "10.0.1.5", bytesTransferred: "240" },
    ],
    source: "aws-spec.md 5.5 C",
  },
  {
    name: "UDP senders",
    query: "filter protocol=17 | stats count(*) by srcAddr",
    rows: [{ srcAddr: "10.0.1.5", "count(*)": "1" }],
    source: "aws-spec.md 5.5 A",
  },
  {
    name: "SKIPDATA by hour",
    query: 'filter logStatus="SKIPDATA"\n    | stats count(*) by bin(1h) as t\n    | sort t',
    rows: [{ t: "2024-01-01 11:00:00.000", "count(*)": "1" }],
    source: "aws-spec.md 5.5 A",
  },
  {
    name: "latest event",
    query: "fields @timestamp, @message | sort @timestamp desc | limit 1",
    rows: [{ "@timestamp": "2024-01-01 11:00:03.000", "@message": "[ERROR] disk full: Exception in thread main", "@ptr": "ptr-8" }],
    source: "aws-spec.md 5.5 E",
  },
  {
    name: "exceptions by hour",
    query: "filter @message like /Exception/ \n    | stats count(*) as exceptionCount by bin(1h)\n    | sort exceptionCount desc",
    rows: [{ "bin(1h)": "2024-01-01 11:00:00.000", exceptionCount: "1" }],
    source: "aws-spec.md 5.5 E",
  },
  {
    name: "not like, ispresent on a JSON field",
    query: "fields @message | filter @message not like /Exception/ | filter ispresent(level)",
    rows: [{ "@message": JSON_LINE, "@ptr": "ptr-7" }],
    source: "aws-spec.md 5.5 E",
  },
  {
    name: "upper-case commands, parse glob, in, display with an expression",
    query:
      'FIELDS @message\n    | PARSE @message "[*] *" as loggingType, loggingMessage\n    | FILTER loggingType IN ["ERROR", "INFO"]\n    | DISPLAY loggingMessage, loggingType = "ERROR" as isError',
    rows: [{ loggingMessage: "disk full: Exception in thread main", isError: "1", "@ptr": "ptr-8" }],
    source: "aws-spec.md 5.5 E",
  },
  {
    name: "avg, min, max by pair, filtered after stats",
    query: "stats avg(bytes), min(bytes), max(bytes) by srcAddr, dstAddr | filter ispresent(srcAddr) | sort srcAddr, dstAddr",
    rows: [
      // 8.8.8.8 before 172.31.0.10: numeric chunks by length first (CWL_QuerySyntax-Sort, see sort-cases.ts).
      { srcAddr: "10.0.1.5", dstAddr: "8.8.8.8", "avg(bytes)": "150", "min(bytes)": "150", "max(bytes)": "150" },
      { srcAddr: "10.0.1.5", dstAddr: "172.31.0.10", "avg(bytes)": "840", "min(bytes)": "840", "max(bytes)": "840" },
      { srcAddr: "203.0.113.7", dstAddr: "10.0.1.5", "avg(bytes)": "120", "min(bytes)": "60", "max(bytes)": "180" },
    ],
    source: "aws-spec.md 5.5 C; order by CWL_QuerySyntax-Sort",
  },
  {
    name: "JSON fields by dotted path",
    query: "fields status + 1 as next, user.id, items.0.sku | filter ispresent(status)",
    rows: [{ next: "504", "user.id": "u1", "items.0.sku": "a", "@ptr": "ptr-7" }],
    source: "CWL_AnalyzeLogData-discoverable-fields (JSON flattening)",
  },
  {
    name: "in, count_distinct, several aggregates without by",
    query: "filter dstPort in [22, 3389] | stats count(*) as n, count_distinct(dstPort) as ports, sum(packets) as p",
    rows: [{ n: "2", ports: "2", p: "4" }],
    source: "aws-spec.md 5.2",
  },
  {
    name: "earliest, latest, sortsFirst, sortsLast, pct, stddev",
    query:
      "filter ispresent(srcAddr) | stats earliest(dstPort) as first, latest(dstPort) as last, sortsFirst(srcAddr) as lo, sortsLast(srcAddr) as hi, pct(bytes, 50) as median, stddev(bytes) as sd",
    rows: [{ first: "443", last: "3389", lo: "10.0.1.5", hi: "203.0.113.7", median: "150", sd: String(Math.sqrt(128625)) }],
    source: "aws-spec.md 5.3 (pct nearest rank, sample stddev: flowwatch choices)",
  },
  {
    name: "string and IP functions",
    query:
      'fields concat(srcAddr, ":", srcPort) as src, toupper(action) as a, strlen(interfaceId) as l, isIpv4InSubnet(srcAddr, "10.0.0.0/16") as inside | filter action = "ACCEPT" | sort @timestamp asc',
    rows: [
      { src: "10.0.1.5:49152", a: "ACCEPT", l: "7", inside: "1", "@ptr": "ptr-1" },
      { src: "10.0.1.5:53000", a: "ACCEPT", l: "7", inside: "1", "@ptr": "ptr-3" },
    ],
    source: "aws-spec.md 5.3",
  },
  {
    name: "one source's connections, newest first by default",
    query: 'filter srcAddr = "203.0.113.7" | fields @timestamp, interfaceId, dstAddr, dstPort, action',
    rows: [
      { "@timestamp": "2024-01-01 10:00:03.000", interfaceId: "eni-aaa", dstAddr: "10.0.1.5", dstPort: "3389", action: "REJECT", "@ptr": "ptr-4" },
      { "@timestamp": "2024-01-01 10:00:01.000", interfaceId: "eni-aaa", dstAddr: "10.0.1.5", dstPort: "22", action: "REJECT", "@ptr": "ptr-2" },
    ],
    source: "aws-spec.md 5.5 D",
  },
  {
    name: "dedup keeps absent values and the first of each value",
    query: "fields @timestamp, srcAddr | sort @timestamp desc | dedup srcAddr | limit 5",
    rows: [
      { "@timestamp": "2024-01-01 11:00:03.000", "@ptr": "ptr-8" },
      { "@timestamp": "2024-01-01 11:00:02.000", "@ptr": "ptr-7" },
      { "@timestamp": "2024-01-01 11:00:01.000", "@ptr": "ptr-6" },
      { "@timestamp": "2024-01-01 11:00:00.000", "@ptr": "ptr-5" },
      { "@timestamp": "2024-01-01 10:00:03.000", srcAddr: "203.0.113.7", "@ptr": "ptr-4" },
    ],
    source: "aws-spec.md 5.2 dedup",
  },
  {
    name: "a group of events without the by field",
    query: "stats count(*) as c by action | sort c desc",
    rows: [{ c: "4" }, { action: "ACCEPT", c: "2" }, { action: "REJECT", c: "2" }],
    source: "flowwatch choice: absent by values form one group",
  },
  {
    name: "datetime functions",
    query: "fields datefloor(@timestamp, 1h) as h, dateceil(@timestamp, 1h) as h2, toMillis(@timestamp) as ms, fromMillis(0) as epoch | limit 1",
    rows: [{ h: "2024-01-01 11:00:00.000", h2: "2024-01-01 12:00:00.000", ms: "1704106803000", epoch: "1970-01-01 00:00:00.000", "@ptr": "ptr-8" }],
    source: "aws-spec.md 5.3",
  },
  {
    name: "two stats commands",
    query: "stats count(*) as c by srcAddr, dstAddr | stats count(*) as pairs, sum(c) as events",
    rows: [{ pairs: "4", events: "8" }],
    source: "CWL_QuerySyntax-Stats (multiple stats)",
  },
  {
    name: "parse with a regex and named groups",
    query: "parse @message /^\\[(?<level>[A-Z]+)\\] (?<what>[^:]+):/ | filter ispresent(level) | display level, what",
    rows: [{ level: "ERROR", what: "disk full", "@ptr": "ptr-8" }],
    source: "aws-spec.md 5.2 parse",
  },
  {
    name: "comments and case-insensitive keywords",
    query: "# rejected flows\nFILTER action = 'REJECT' AND dstPort > 1000\n# newest only\n| Stats Count(*) As n",
    rows: [{ n: "1" }],
    source: "aws-spec.md 5.1",
  },
  {
    name: "missing command after a pipe",
    query: 'filter action="REJECT" | sort',
    error: { startCharOffset: 29, line: 1, position: 29, message: "unexpected symbol found <EOF> at line 1 and position 29" },
    source: "AWS message shape (unexpected symbol found ... at line L and position P)",
  },
  {
    name: "sort after dedup (AWS refuses it, recorded on AWS)",
    query: "fields @timestamp, srcAddr | sort @timestamp desc | dedup srcAddr | sort @timestamp",
    error: { startCharOffset: 68, line: 1, position: 68, message: "unexpected symbol found sort at line 1 and position 68" },
    source: "aws-spec.md 5.2 dedup; message as recorded on AWS",
  },
  {
    name: "sort takes fields, not functions",
    query: "stats count(*) by bin(5m) | sort bin(5m)",
    error: { startCharOffset: 36, line: 1, position: 36, message: "unexpected symbol found ( at line 1 and position 36" },
    source: "message as recorded on AWS for `sort bin(5m)`",
  },
  {
    name: "a regex flag after the regex",
    query: "filter @message like /error/i",
    error: { startCharOffset: 28, line: 1, position: 28, message: "unexpected symbol found i at line 1 and position 28" },
    source: "message as recorded on AWS for /i",
  },
  {
    name: "an unknown command on the second line",
    query: "stats count(*) as n by srcAddr\n| bogus n",
    error: { startCharOffset: 33, line: 2, position: 2, message: "unexpected symbol found bogus at line 2 and position 2" },
    source: "AWS message shape",
  },
  {
    name: "stats alias reusing a parsed field",
    query: 'parse @message "[*] *" as level, rest | stats count(*) as level',
    error: { startCharOffset: 58, line: 1, position: 58, message: "Ephemeral field is already defined: level at line 1 and position 58" },
    source: "message as recorded on AWS",
  },
  {
    name: "a command flowwatch refuses",
    query: "pattern @message",
    error: { startCharOffset: 0, line: 1, position: 0 },
    source: "flowwatch refusal (README.md)",
  },
  {
    name: "an unknown function",
    query: "fields frobnicate(@message)",
    error: { startCharOffset: 7, line: 1, position: 7 },
    source: "flowwatch refusal (README.md)",
  },
  {
    name: "an aggregate outside stats",
    query: "filter count(*) > 1",
    error: { startCharOffset: 7, line: 1, position: 7 },
    source: "flowwatch refusal (README.md)",
  },
];
