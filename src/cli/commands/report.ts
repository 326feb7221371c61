/**
 * `flowwatch report`: a terminal report of a VPC's flow logs built from Logs Insights queries, against a
 * log group (any endpoint) or over flow log files: totals, actions, top talkers, rejected sources, ports,
 * protocols, NODATA/SKIPDATA gaps and traffic over time.
 */
import { DEFAULT_FORMAT, FlowLogError, type FlowLogFormat, protocolName } from "../../flowlog/index.js";
import { type AwsClients, awsClients } from "../../monitor/aws-clients.js";
import { formatOfGroup } from "../../monitor/flow-log-format.js";
import { queryForFormat } from "../../monitor/format-queries.js";
import { NoAnswerError, networkCause } from "../../setup/sdk-errors.js";
import { awsFailure, CliError } from "../cli-error.js";
import { askedFields, emptyRowsNote, type SplitRows, splitEmptyRows } from "../insights/asked-fields.js";
import { type FileSource, fileSources } from "../insights/file-sources.js";
import { fileRunner, type QueryAnswer, type QueryRunner, remoteRunner, type Row } from "../insights/query-runner.js";
import { timeRange } from "../insights/time-range.js";
import { renderTable } from "../output/results-writer.js";
import { sparkline } from "../output/text-chart.js";
import { chosenLogGroup } from "./pipeline-choice.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";

export interface ReportOptions extends ConnectionFlags {
  /** The group as given; without it (and --vpc), the only flow log's group (pipeline-choice.ts). */
  logGroup?: string;
  vpc?: string;
  file?: string[];
  /** The records' format; default: the flow log's LogFormat (DescribeFlowLogs), for files the default format. */
  format?: string;
  since?: string;
  start?: string;
  end?: string;
}

/**
 * The report's queries; each is plain Insights QL, so any of them can be pasted into the console (after the
 * `parse` command of a custom format, see format-queries.ts). Aliases never reuse a field's name (a parsed
 * field cannot be redefined: "Ephemeral field is already defined"), and `-` (a value NODATA and SKIPDATA
 * records lack, which parse reads as text) is kept out of the groups.
 */
export const REPORT_QUERIES = {
  totals: "stats count(*) as records, sum(packets) as totalPackets, sum(bytes) as totalBytes, earliest(@timestamp) as first, latest(@timestamp) as last",
  actions: 'filter action in ["ACCEPT", "REJECT"] | stats count(*) as records, sum(bytes) as totalBytes by action | sort records desc',
  talkers:
    'filter ispresent(srcAddr) and srcAddr != "-" | stats sum(bytes) as totalBytes, sum(packets) as totalPackets by srcAddr, dstAddr | sort totalBytes desc | limit 10',
  rejected: 'filter action = "REJECT" | stats count(*) as rejections by srcAddr | sort rejections desc | limit 10',
  ports: 'filter ispresent(dstPort) and dstPort != "-" | stats count(*) as flows, sum(bytes) as totalBytes by dstPort | sort flows desc | limit 10',
  protocols: 'filter ispresent(protocol) and protocol != "-" | stats count(*) as flows, sum(bytes) as totalBytes by protocol | sort flows desc',
  gaps: 'filter logStatus in ["NODATA", "SKIPDATA"] | stats count(*) as windows by logStatus, interfaceId | sort windows desc | limit 10',
} as const;

/** About 40 buckets over the range, on round periods. */
function binFor(seconds: number): { text: string; ms: number } {
  for (const [text, ms] of [
    ["1m", 60_000],
    ["5m", 300_000],
    ["15m", 900_000],
    ["1h", 3_600_000],
    ["6h", 21_600_000],
    ["1d", 86_400_000],
  ] as const) {
    if ((seconds * 1000) / ms <= 60) return { text, ms };
  }
  return { text: "1d", ms: 86_400_000 };
}

const protocolLabel = (p: string | undefined) => {
  const name = protocolName(Number(p));
  return name === p ? (p ?? "") : `${p} ${name}`;
};
const num = (v: string | undefined) => Number(v ?? 0);
const human = (n: number) =>
  n >= 1e9 ? `${(n / 1e9).toFixed(1)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n);

/** The group's record format: --format, else its flow log's; an endpoint that refuses DescribeFlowLogs leaves the default, said on stderr. */
async function formatOf(clients: AwsClients, logGroup: string, override: string | undefined): Promise<FlowLogFormat> {
  try {
    return await formatOfGroup(clients.ec2, logGroup, override);
  } catch (error) {
    if (error instanceof FlowLogError) throw new CliError(`--format: ${error.message}`);
    const failure = awsFailure(error);
    // What did not answer fails the report; an answer (AccessDenied, an EC2 that is not there) is worked around.
    if (!(failure instanceof CliError) || error instanceof NoAnswerError || networkCause(error) !== undefined) throw failure;
    process.stderr.write(`flowwatch: the flow log's record format is unknown (${failure.message}): reading the default format; --format names another\n`);
    return DEFAULT_FORMAT;
  }
}

export async function reportCommand(options: ReportOptions): Promise<void> {
  const files = options.file ?? [];
  const range = timeRange(options);
  const connection = connectionOf(options);
  const clients = files.length > 0 ? undefined : awsClients(connection);
  let group = "";
  let closeSources: (() => void) | undefined;
  try {
    let run: QueryRunner;
    if (clients === undefined) {
      // S3 objects are listed once and read once per query, as files are.
      const opened: { sources: FileSource[]; close(): void } = await fileSources(files, connection);
      closeSources = opened.close;
      run = fileRunner(opened.sources, options.format);
    } else {
      group = await chosenLogGroup(clients, options);
      const format = await formatOf(clients, group, options.format);
      const remote = remoteRunner(clients.logs, [group], range);
      run = (query) => remote(queryForFormat(query, format));
    }
    const span = files.length > 0 ? 86_400 : range.endTime - range.startTime;
    const bin = binFor(span);
    const series = `stats count(*) as flows, sum(bytes) as totalBytes by bin(${bin.text}) as t | sort t`;
    const names = Object.keys(REPORT_QUERIES) as (keyof typeof REPORT_QUERIES)[];
    const queries = [...names.map((n) => REPORT_QUERIES[n]), series];
    // Remote queries run concurrently (the service schedules them); files are read once per query.
    const answers: QueryAnswer[] = files.length > 0 ? [] : await Promise.all(queries.map((q) => run(q)));
    if (files.length > 0) for (const q of queries) answers.push(await run(q));
    const sections = queries.map((q, i) => {
      const asked = askedFields(q);
      return { asked, ...splitEmptyRows((answers[i] as QueryAnswer).rows, asked) };
    });
    const by = Object.fromEntries(names.map((n, i) => [n, sections[i] as Section])) as Record<(typeof names)[number], Section>;
    const scope =
      clients === undefined
        ? files.join(", ")
        : `${group}, ${new Date(range.startTime * 1000).toISOString()} to ${new Date(range.endTime * 1000).toISOString()}`;
    process.stdout.write(render(by, sections[names.length] as Section, bin.text, scope));
  } finally {
    clients?.destroy();
    closeSources?.();
  }
}

/** A query's rows that carry a field asked for, and how many did not. */
type Section = SplitRows & { asked: string[] };

/** Column headers without the aliases' prefix: the aliases only keep clear of the parsed fields' names. */
const HEADERS: Record<string, string> = { totalBytes: "bytes", totalPackets: "packets" };
const headed = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [HEADERS[k] ?? k, v])));
const emptyNote = (s: Section) => (s.empty > 0 ? [`  ${emptyRowsNote(s.empty, s.asked)}`] : []);

function render(by: Record<keyof typeof REPORT_QUERIES, Section>, timeline: Section, bin: string, scope: string): string {
  const out: string[] = [`flowwatch report: ${scope}`, ""];
  const total = by.totals.rows[0] ?? {};
  const records = num(total.records);
  out.push(`records ${human(records)}   packets ${human(num(total.totalPackets))}   bytes ${human(num(total.totalBytes))}`);
  out.push(...emptyNote(by.totals));
  if (total.first !== undefined) out.push(`events from ${total.first} to ${total.last ?? total.first}`);
  const accepted = by.actions.rows.find((r) => r.action === "ACCEPT");
  const rejected = by.actions.rows.find((r) => r.action === "REJECT");
  const flows = num(accepted?.records) + num(rejected?.records);
  const pct = (n: number) => (flows === 0 ? "0%" : `${((n * 100) / flows).toFixed(1)}%`);
  out.push(
    `accepted ${human(num(accepted?.records))} (${pct(num(accepted?.records))})   rejected ${human(num(rejected?.records))} (${pct(num(rejected?.records))})`,
  );
  out.push(...emptyNote(by.actions));
  const section = (title: string, s: Section, rows = s.rows) => {
    out.push("", title);
    if (rows.length === 0 && s.empty === 0) out.push("  (none)");
    else if (rows.length > 0)
      out.push(
        renderTable(headed(rows))
          .trimEnd()
          .split("\n")
          .map((l) => `  ${l}`)
          .join("\n"),
      );
    out.push(...emptyNote(s));
  };
  section("top talkers by bytes", by.talkers);
  section("top rejected sources", by.rejected);
  section("top destination ports", by.ports);
  section(
    "protocol mix",
    by.protocols,
    by.protocols.rows.map((r) => ({ ...r, protocol: protocolLabel(r.protocol) })),
  );
  section("NODATA / SKIPDATA windows", by.gaps);
  out.push("", `flows per ${bin}`);
  if (timeline.rows.length === 0 && timeline.empty === 0) out.push("  (none)");
  else if (timeline.rows.length > 0) {
    const counts = timeline.rows.map((r) => num(r.flows));
    out.push(`  ${sparkline(counts)}  max ${human(Math.max(...counts))}`);
    out.push(`  ${timeline.rows[0]?.t ?? ""} .. ${timeline.rows[timeline.rows.length - 1]?.t ?? ""}`);
  }
  out.push(...emptyNote(timeline));
  return `${out.join("\n")}\n`;
}
