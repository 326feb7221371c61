/** Insights result rows to standard output: an aligned table, JSON lines or CSV; `@ptr` is left out. */
import type { Row } from "../insights/query-runner.js";
import { OutputSink } from "./output-sink.js";

export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (k !== "@ptr") seen.add(k);
  return [...seen];
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export function renderTable(rows: readonly Row[], columns = columnsOf(rows)): string {
  if (columns.length === 0) return "";
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd()}\n`;
  return line(columns) + rows.map((r) => line(columns.map((c) => r[c] ?? ""))).join("");
}

export async function writeResults(rows: readonly Row[], output: string, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  const sink = new OutputSink(stream);
  const columns = columnsOf(rows);
  if (output === "json") {
    for (const row of rows) await sink.write(`${JSON.stringify(Object.fromEntries(columns.filter((c) => c in row).map((c) => [c, row[c]])))}\n`);
  } else if (output === "csv") {
    await sink.write(`${columns.map(csvCell).join(",")}\n`);
    for (const row of rows) await sink.write(`${columns.map((c) => csvCell(row[c] ?? "")).join(",")}\n`);
  } else {
    await sink.write(renderTable(rows, columns));
  }
  await sink.end();
}
