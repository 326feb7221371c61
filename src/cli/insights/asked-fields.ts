/**
 * The columns a query asks for, and rows that carry none of them: an endpoint whose Insights does not know a
 * field (or the whole command) answers such rows, which are reported as such instead of printed as results.
 */
import { parseQuery } from "../../insights/index.js";
import type { Row } from "./query-runner.js";

/** The last display, else the last stats (its groups and aggregates), else the fields; [] when none names any. */
export function askedFields(query: string): string[] {
  let commands;
  try {
    ({ commands } = parseQuery(query));
  } catch {
    // A query this engine refuses may still run elsewhere: then any field counts.
    return [];
  }
  const display = commands.filter((c) => c.type === "display").pop();
  if (display?.type === "display") return display.items.map((i) => i.name);
  const stats = commands.filter((c) => c.type === "stats").pop();
  if (stats?.type === "stats") return [...stats.groups, ...stats.aggregates].map((i) => i.name);
  return commands.flatMap((c) => (c.type === "fields" ? c.items.map((i) => i.name) : []));
}

export interface SplitRows {
  rows: Row[];
  /** Rows that had none of the fields asked for (none at all when the query names none). */
  empty: number;
}

export function splitEmptyRows(rows: readonly Row[], asked: readonly string[]): SplitRows {
  const has = (row: Row) => (asked.length === 0 ? Object.keys(row).some((k) => k !== "@ptr") : asked.some((f) => row[f] !== undefined));
  const kept = rows.filter(has);
  return { rows: kept, empty: rows.length - kept.length };
}

/** `3 rows had none of the fields asked for (srcAddr, bytes)`. */
export function emptyRowsNote(empty: number, asked: readonly string[]): string {
  const what = asked.length === 0 ? "had no fields" : `had none of the fields asked for (${asked.join(", ")})`;
  return `${empty} ${empty === 1 ? "row" : "rows"} ${what}`;
}
