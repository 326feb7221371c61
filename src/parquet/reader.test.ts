/** readParquet: this writer's files read back value for value; files of another writer (DuckDB) read right or refused by name. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { ParquetError, readParquet, writeParquet, type ColumnSpec } from "./index.js";

const COLUMNS: ColumnSpec[] = [
  { name: "srcaddr", type: "BYTE_ARRAY", optional: true, logical: "STRING" },
  { name: "dstport", type: "INT32", optional: true, logical: "INTEGER" },
  { name: "bytes", type: "INT64", optional: false, logical: "INTEGER" },
  { name: "ratio", type: "DOUBLE", optional: true },
  { name: "flag", type: "BOOLEAN", optional: true },
];
const ROWS = 37;
const DATA = [
  Array.from({ length: ROWS }, (_, i) => (i % 5 === 0 ? null : `10.0.0.${i}`)),
  Array.from({ length: ROWS }, (_, i) => (i % 3 === 0 ? null : i * 100 - 2000)),
  Array.from({ length: ROWS }, (_, i) => BigInt(i) * 10_000_000_000n),
  Array.from({ length: ROWS }, (_, i) => (i < 12 ? null : i / 4)),
  Array.from({ length: ROWS }, (_, i) => (i % 7 === 0 ? null : i % 2 === 0)),
];

for (const compression of ["GZIP", "UNCOMPRESSED"] as const) {
  test(`this writer's ${compression} file, several row groups and pages, reads back value for value`, () => {
    const columns = readParquet(writeParquet(COLUMNS, DATA, { compression, rowGroupRows: 16, pageRows: 5 }));
    assert.deepEqual(
      columns.map((c) => c.name),
      COLUMNS.map((c) => c.name),
    );
    for (const [i, c] of columns.entries()) assert.deepEqual(c.values, DATA[i], c.name);
  });
}

test("not Parquet, and a truncated footer, are ParquetErrors", () => {
  assert.throws(() => readParquet(Buffer.from("PAR1 nothing")), /not a Parquet file/);
  const whole = writeParquet(COLUMNS, DATA);
  const cut = Buffer.concat([Buffer.from("PAR1"), Buffer.from(whole.subarray(whole.length - 30))]);
  assert.throws(() => readParquet(cut), ParquetError);
});

test("DuckDB's files: dictionary pages read, Snappy refused by name, never misread", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-parquet-read-"));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const outcomes: string[] = [];
    for (const codec of ["snappy", "gzip", "uncompressed"]) {
      const file = join(dir, `${codec}.parquet`);
      await connection.run(
        `COPY (SELECT i::INTEGER AS dstport, 'host-' || (i % 3) AS srcaddr FROM range(50) t(i)) TO '${file}' (FORMAT parquet, COMPRESSION ${codec})`,
      );
      try {
        const [port, addr] = readParquet(readFileSync(file));
        assert.deepEqual(
          port?.values,
          Array.from({ length: 50 }, (_, i) => i),
        );
        assert.deepEqual(
          addr?.values,
          Array.from({ length: 50 }, (_, i) => `host-${i % 3}`),
        );
        outcomes.push(`${codec}: read`);
      } catch (error) {
        if (!(error instanceof ParquetError)) throw error;
        assert.match(error.message, /is not read|are not read/);
        outcomes.push(`${codec}: refused`);
      }
    }
    assert.deepEqual(outcomes, ["snappy: refused", "gzip: read", "uncompressed: read"]);
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
});
