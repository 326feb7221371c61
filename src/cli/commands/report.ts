/**
 * `flowwatch report`: a terminal report of a VPC's flow logs built from Logs Insights queries, against a
 * log group (any endpoint) or over flow log files: totals, actions, top talkers, rejected sources, ports,
 * protocols, NODATA/SKIPDATA gaps and traffic over time.
 */
import { protocolName } from "../../flowlog/index.js";
import { logsClient } from "../insights/logs-client.js";
import { fileRunner, type QueryAnswer, type QueryRunner, remoteRunner, type Row } from "../insights/query-runner.js";
import { timeRange } from "../insights/time-range.js";
import { renderTable } from "../output/results-writer.js";
import { sparkline } from "../output/text-chart.js";
import { connectionOf } from "./setup-options.js";

export interface ReportOptions {
  logGroup?: string;
  file?: string[];
  since?: string;
  start?: string;
  end?: string;
  endpoint?: string;
  region?: string;
  profile?: string;
  timeout?: string;
}

/** The report's queries; each is plain Insights QL, so any of them can be pasted into the console. */
export const REPORT_QUERIES = {
  totals: "stats count(*) as records, sum(packets) as packets, sum(bytes) as bytes, earliest(@timestamp) as first, latest(@timestamp) as last",
  actions: "filter ispresent(action) | stats count(*) as records, sum(bytes) as bytes by action | sort records desc",
  talkers: "stats sum(bytes) as bytes, sum(packets) as packets by srcAddr, dstAddr | filter ispresent(srcAddr) | sort bytes desc | limit 10",
  rejected: 'filter action = "REJECT" | stats count(*) as rejections by srcAddr | sort rejections desc | limit 10',
  ports: "filter ispresent(dstPort) | stats count(*) as flows, sum(bytes) as bytes by dstPort | sort flows desc | limit 10",
  protocols: "filter ispresent(protocol) | stats count(*) as flows, sum(bytes) as bytes by protocol | sort flows desc",
  gaps: 'filter logStatus in ["NODATA", "SKIPDATA"] | stats count(*) as windows by logStatus, interfaceId | sort windows desc | limit 10',
} as const;

/** About 40 buckets over the range, on round periods. */
function binFor(seconds: number): { text: string; ms: number } {
  for (const [text, ms] of [["1m", 60_000], ["5m", 300_000], ["15m", 900_000], ["1h", 3_600_000], ["6h", 21_600_000], ["1d", 86_400_000]] as const) {
    if (seconds * 1000 / ms <= 60) return { text, ms };
  }
  return { text: "1d", ms: 86_400_000 };
}

const protocolLabel = (p: string | undefined) => {
  const name = protocolName(Number(p));
  return name === p ? (p ?? "") : `${p} ${name}`;
};
const num = (v: string | undefined) => Number(v ?? 0);
const human = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n));

export async function reportCommand(options: ReportOptions): Promise<void> {
  const files = options.file ?? [];
    const range = timeRange(options);
  const client = files.length > 0 ? undefined : logsClient(connectionOf(options));
  const run: QueryRunner = client === undefined ? fileRunner(files) : remoteRunner(client, [options.logGroup ?? "MyVpc22-Log"], range);
  try {
    const span = files.length > 0 ? 86_400 : range.endTime - range.startTime;
    const bin = binFor(span);
    const series = `stats count(*) as flows, sum(bytes) as bytes by bin(${bin.text}) as t | sort t`;
    const names = Object.keys(REPORT_QUERIES) as (keyof typeof REPORT_QUERIES)[];
    // Remote queries run concurrently (the service schedules them); files are read once per query.
    const answers: QueryAnswer[] = files.length > 0 ? [] : await Promise.all([...names.map((n) => run(REPORT_QUERIES[n])), run(series)]);
    if (files.length > 0) for (const q of [...names.map((n) => REPORT_QUERIES[n]), series]) answers.push(await run(q));
    const by = Object.fromEntries(names.map((n, i) => [n, (answers[i] as { rows: Row[] }).rows])) as Record<(typeof names)[number], Row[]>;
    const timeline = (answers[names.length] as { rows: Row[] }).rows;
    process.stdout.write(render(by, timeline, bin.text, client === undefined ? files.join(", ") : `${options.logGroup ?? "MyVpc22-Log"}, ${new Date(range.startTime * 1000).toISOString()} to ${new Date(range.endTime * 1000).toISOString()}`));
  } finally {
    client?.destroy();
  }
}

function render(by: Record<keyof typeof REPORT_QUERIES, Row[]>, timeline: Row[], bin: string, scope: string): string {
  const out: string[] = [`flowwatch report: ${scope}`, ""];
  const total = by.totals[0] ?? {};
  const records = num(total.records);
  out.push(`records ${human(records)}   packets ${human(num(total.packets))}   bytes ${human(num(total.bytes))}`);
  if (total.first !== undefined) out.push(`events from ${total.first} to ${total.last ?? total.first}`);
  const accepted = by.actions.find((r) => r.action === "ACCEPT");
  const rejected = by.actions.find((r) => r.action === "REJECT");
  const flows = num(accepted?.records) + num(rejected?.records);
  const pct = (n: number) => (flows === 0 ? "0%" : `${((n * 100) / flows).toFixed(1)}%`);
  out.push(`accepted ${human(num(accepted?.records))} (${pct(num(accepted?.records))})   rejected ${human(num(rejected?.records))} (${pct(num(rejected?.records))})`);
  const section = (title: string, rows: Row[]) => {
    out.push("", title);
    out.push(rows.length === 0 ? "  (none)" : renderTable(rows).trimEnd().split("\n").map((l) => `  ${l}`).join("\n"));
  };
  section("top talkers by bytes", by.talkers);
  section("top rejected sources", by.rejected);
  section("top destination ports", by.ports);
  section("protocol mix", by.protocols.map((r) => ({ ...r, protocol: protocolLabel(r.protocol) })));
  section("NODATA / SKIPDATA windows", by.gaps);
  out.push("", `flows per ${bin}`);
  if (timeline.length === 0) out.push("  (none)");
  else {
    const counts = timeline.map((r) => num(r.flows));
    out.push(`  ${sparkline(counts)}  max ${human(Math.max(...counts))}`);
    out.push(`  ${timeline[0]?.t ?? ""} .. ${timeline[timeline.length - 1]?.t ?? ""}`);
  }
  return `${out.join("\n")}\n`;
}
