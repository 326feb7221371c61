/** The columns a Parquet file holds: a flat schema of named, typed, required or optional columns. */

/** Physical types this writer writes, with what a value of each is in JavaScript. */
export type ColumnType = "INT32" | "INT64" | "BYTE_ARRAY" | "DOUBLE" | "BOOLEAN";

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Optional columns take null; their definition levels say which rows hold a value. */
  readonly optional: boolean;
  /**
   * The logical type annotation: STRING on a BYTE_ARRAY of UTF-8 text (readers give text, not bytes);
   * INTEGER on INT32 / INT64 (ConvertedType INT_32 / INT_64, the names AWS's flow log table uses).
   */
  readonly logical?: "STRING" | "INTEGER";
}

/** A value in a column: numbers for INT32 and DOUBLE, numbers or bigints for INT64, strings or bytes for BYTE_ARRAY. */
export type CellValue = number | bigint | string | Uint8Array | boolean | null;

/** Parquet's Type enum (parquet.thrift). */
export const PHYSICAL_TYPE: Readonly<Record<ColumnType, number>> = {
  BOOLEAN: 0,
  INT32: 1,
  INT64: 2,
  DOUBLE: 5,
  BYTE_ARRAY: 6,
};

export class ParquetError extends Error {
  override readonly name = "ParquetError";
}

/** Refuses a schema no reader could read back: no columns, an empty or repeated name. */
export function checkSchema(columns: readonly ColumnSpec[]): void {
  if (columns.length === 0) throw new ParquetError("a Parquet schema needs at least one column");
  const seen = new Set<string>();
  for (const column of columns) {
    if (column.name === "") throw new ParquetError("a column name cannot be empty");
    if (seen.has(column.name)) throw new ParquetError(`column '${column.name}' appears twice`);
    if (column.logical === "STRING" && column.type !== "BYTE_ARRAY") throw new ParquetError(`column '${column.name}': only BYTE_ARRAY columns hold strings`);
    if (column.logical === "INTEGER" && column.type !== "INT32" && column.type !== "INT64")
      throw new ParquetError(`column '${column.name}': only INT32 and INT64 columns are INTEGER`);
    seen.add(column.name);
  }
}
