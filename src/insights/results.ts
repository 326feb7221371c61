/** Rows to GetQueryResults' shape: `{field, value}` pairs of strings, absent fields left out, @ptr last. */
import type { Row } from "./compile.js";
import type { OutputColumn } from "./plan.js";
import { formatValue, type Value } from "./values.js";

export interface ResultField {
  readonly field: string;
  readonly value: string;
}

export interface QueryStatistics {
  readonly recordsMatched: number;
  readonly recordsScanned: number;
  readonly bytesScanned: number;
}

export interface QueryResults {
  readonly results: ResultField[][];
  readonly statistics: QueryStatistics;
}

export function formatRows(rows: readonly Row[], columns: readonly OutputColumn[], ptrSlot: number | null): ResultField[][] {
  return rows.map((row) => {
    const fields: ResultField[] = [];
    for (const column of columns) {
      const value = formatValue((row[column.slot] ?? null) as Value, column.kind);
      if (value !== null) fields.push({ field: column.name, value });
    }
    if (ptrSlot !== null) {
      const ptr = row[ptrSlot];
      if (typeof ptr === "string") fields.push({ field: "@ptr", value: ptr });
    }
    return fields;
  });
}
