/**
 * Two independent readers of Parquet files for tests: DuckDB (`read_parquet`, the engine flow log
 * users query S3 with) and hyparquet (a pure-JS reader). Both give rows as plain objects.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { parquetMetadata, parquetReadObjects } from "hyparquet";

export type Row = Record<string, unknown>;

/** Runs `sql` with `$FILE` standing for the Parquet bytes written to a temporary file. */
export async function duckdbQuery(bytes: Uint8Array, sql = "SELECT * FROM read_parquet($FILE)"): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-parquet-"));
  try {
    const file = join(dir, "data.parquet");
    writeFileSync(file, bytes);
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql.replaceAll("$FILE", `'${file.replaceAll("'", "''")}'`));
      return reader.getRowObjectsJS() as Row[];
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The column names and DuckDB types of the file, in order. */
export async function duckdbSchema(bytes: Uint8Array): Promise<Array<{ name: string; type: string }>> {
  const rows = await duckdbQuery(bytes, "DESCRIBE SELECT * FROM read_parquet($FILE)");
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

/** hyparquet ships Snappy only; GZIP pages are inflated by node:zlib, as its README suggests for other codecs. */
const compressors = { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) };

/** Every row through hyparquet. */
export async function hyparquetRows(bytes: Uint8Array): Promise<Row[]> {
  return (await parquetReadObjects({ file: arrayBufferOf(bytes), compressors })) as Row[];
}

/** The footer as hyparquet decodes it: schema, row groups, column chunk metadata and statistics. */
export function hyparquetMetadata(bytes: Uint8Array): ReturnType<typeof parquetMetadata> {
  return parquetMetadata(arrayBufferOf(bytes));
}
