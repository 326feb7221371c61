import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { duckdbQuery, duckdbSchema, hyparquetMetadata, hyparquetRows } from "../../test/support/parquet-readers.js";
import { type CellValue, type ColumnSpec, ParquetError, writeParquet } from "./index.js";

const COLUMNS: ColumnSpec[] = [
  { name: "small", type: "INT32", optional: true, logical: "INTEGER" },
  { name: "big", type: "INT64", optional: true, logical: "INTEGER" },
  { name: "text", type: "BYTE_ARRAY", optional: true, logical: "STRING" },
  { name: "ratio", type: "DOUBLE", optional: true },
  { name: "flag", type: "BOOLEAN", optional: true },
  { name: "id", type: "INT64", optional: false },
];

const rowsOf = (data: ReadonlyArray<readonly CellValue[]>): Array<Record<string, unknown>> =>
  (data[0] ?? []).map((_, r) => Object.fromEntries(COLUMNS.map((c, i) => [c.name, (data[i] as CellValue[])[r] ?? null])));
// Readers give INT64 as bigint; compare them as such.
const asBig = (rows: Array<Record<string, unknown>>) =>
  rows.map((r) => ({ ...r, big: r.big === null ? null : BigInt(r.big as number | bigint), id: BigInt(r.id as number | bigint) }));

function sample(n: number): CellValue[][] {
  return [
    Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : i * 1000 - 2 ** 31 + 1)),
    Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : BigInt(i) * 2n ** 40n - 2n ** 62n)),
    Array.from({ length: n }, (_, i) => (i % 4 === 1 ? null : (["ACCEPT", "REJECT", "é ünïcode ☃", ""][i % 4] as string))),
    Array.from({ length: n }, (_, i) => (i % 6 === 2 ? null : i / 7 - 3)),
    Array.from({ length: n }, (_, i) => (i % 9 === 4 ? null : i % 2 === 0)),
    Array.from({ length: n }, (_, i) => i),
  ];
}

for (const compression of ["UNCOMPRESSED", "GZIP"] as const) {
  test(`${compression}: DuckDB and hyparquet read back every value, null and type, across row groups and pages`, async () => {
    const data = sample(500);
    const bytes = writeParquet(COLUMNS, data, { compression, rowGroupRows: 180, pageRows: 50 });
    assert.deepEqual([...bytes.subarray(0, 4)], [...Buffer.from("PAR1")]);
    assert.deepEqual([...bytes.subarray(-4)], [...Buffer.from("PAR1")]);
    const expected = asBig(rowsOf(data));
    assert.deepEqual(asBig(await duckdbQuery(bytes, "SELECT * FROM read_parquet($FILE) ORDER BY id")), expected);
    assert.deepEqual(asBig(await hyparquetRows(bytes)), expected);
    assert.deepEqual(await duckdbSchema(bytes), [
      { name: "small", type: "INTEGER" },
      { name: "big", type: "BIGINT" },
      { name: "text", type: "VARCHAR" },
      { name: "ratio", type: "DOUBLE" },
      { name: "flag", type: "BOOLEAN" },
      { name: "id", type: "BIGINT" },
    ]);
    const meta = hyparquetMetadata(bytes);
    assert.equal(meta.num_rows, 500n);
    assert.deepEqual(
      meta.row_groups.map((g) => g.num_rows),
      [180n, 180n, 140n],
    );
    for (const group of meta.row_groups) for (const chunk of group.columns) assert.equal(chunk.meta_data?.codec, compression);
  });
}

test("statistics: min, max and null count per column chunk, as DuckDB reads them from the footer", async () => {
  const data = sample(100);
  const bytes = writeParquet(COLUMNS, data, { compression: "GZIP", pageRows: 30 });
  const stats = await duckdbQuery(
    bytes,
    "SELECT path_in_schema p, stats_min_value mn, stats_max_value mx, stats_null_count nc FROM parquet_metadata($FILE) ORDER BY column_id",
  );
  const present = (i: number) => (data[i] as CellValue[]).filter((v) => v !== null);
  const nulls = (i: number) => BigInt((data[i] as CellValue[]).length - present(i).length);
  const ints = present(0) as number[];
  const bigs = present(1) as bigint[];
  const texts = (present(2) as string[]).map((s) => Buffer.from(s)).sort(Buffer.compare);
  assert.deepEqual(stats[0], { p: "small", mn: String(Math.min(...ints)), mx: String(Math.max(...ints)), nc: nulls(0) });
  // Math.min and Math.max take no bigint.
  const sortedBigs = [...bigs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.deepEqual(stats[1], {
    p: "big",
    mn: String(sortedBigs[0]),
    mx: String(sortedBigs.at(-1)),
    nc: nulls(1),
  });
  // Strings order bytewise (unsigned): the empty string first, then ASCII, multibyte UTF-8 last.
  assert.deepEqual(stats[2], { p: "text", mn: (texts[0] as Buffer).toString(), mx: (texts.at(-1) as Buffer).toString(), nc: nulls(2) });
  assert.equal(stats[5]?.nc, 0n);
  // DuckDB prunes row groups with these statistics: a filter outside [min, max] still finds nothing wrongly.
  const [count] = await duckdbQuery(bytes, "SELECT count(*) n FROM read_parquet($FILE) WHERE text = 'REJECT'");
  assert.equal(count?.n, BigInt((data[2] as CellValue[]).filter((v) => v === "REJECT").length));
});

test("a file of no rows has its schema and no row group", async () => {
  const bytes = writeParquet(
    COLUMNS,
    COLUMNS.map(() => []),
    { compression: "GZIP" },
  );
  assert.deepEqual(await duckdbQuery(bytes), []);
  assert.deepEqual(await hyparquetRows(bytes), []);
  assert.equal((await duckdbSchema(bytes)).length, COLUMNS.length);
  assert.equal(hyparquetMetadata(bytes).row_groups.length, 0);
});

test("refusals: nulls in required columns, values of the wrong type or range, bad shapes", () => {
  const one = (column: ColumnSpec, value: CellValue) => () => writeParquet([column], [[value]]);
  assert.throws(one({ name: "r", type: "INT32", optional: false }, null), /column 'r' is required: row 0 has no value/);
  assert.throws(one({ name: "i", type: "INT32", optional: true }, 2 ** 31), ParquetError);
  assert.throws(one({ name: "i", type: "INT32", optional: true }, 1.5), ParquetError);
  assert.throws(one({ name: "b", type: "INT64", optional: true }, 2 ** 60), ParquetError); // unsafe as a number: pass a bigint
  assert.throws(one({ name: "b", type: "INT64", optional: true }, 2n ** 63n), ParquetError);
  assert.throws(one({ name: "s", type: "BYTE_ARRAY", optional: true, logical: "STRING" }, 5), ParquetError);
  assert.throws(() => writeParquet([], []), /at least one column/);
  assert.throws(() => writeParquet([COLUMNS[0] as ColumnSpec, COLUMNS[0] as ColumnSpec], [[], []]), /appears twice/);
  assert.throws(() => writeParquet([COLUMNS[0] as ColumnSpec], [[1], [2]]), /1 columns but 2 value arrays/);
  assert.throws(() => writeParquet(COLUMNS.slice(0, 2), [[1], []]), /has 0 values/);
  assert.throws(() => writeParquet([{ name: "x", type: "INT32", optional: true, logical: "STRING" }], [[1]]), /only BYTE_ARRAY/);
  assert.throws(() => writeParquet([COLUMNS[0] as ColumnSpec], [[1]], { pageRows: 0 }), /pageRows must be a positive integer/);
});

test("property: random optional columns of random sizes read back the same through both readers", async () => {
  const cell = {
    INT32: fc.integer(),
    INT64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    BYTE_ARRAY: fc.string({ maxLength: 30, unit: "grapheme" }),
  };
  const columnArb = fc.constantFrom<ColumnSpec>(
    { name: "a", type: "INT32", optional: true, logical: "INTEGER" },
    { name: "a", type: "INT64", optional: true, logical: "INTEGER" },
    { name: "a", type: "BYTE_ARRAY", optional: true, logical: "STRING" },
  );
  await fc.assert(
    fc.asyncProperty(
      columnArb.chain((column) =>
        fc.tuple(
          fc.constant(column),
          fc.array(fc.option(cell[column.type as "INT32" | "INT64" | "BYTE_ARRAY"] as fc.Arbitrary<CellValue>, { freq: 3 }), { maxLength: 300 }),
          fc.integer({ min: 1, max: 120 }),
          fc.constantFrom("UNCOMPRESSED" as const, "GZIP" as const),
        ),
      ),
      async ([column, values, pageRows, compression]) => {
        const bytes = writeParquet([column], [values], { pageRows, rowGroupRows: pageRows * 2, compression });
        const expected = values.map((v) => ({ a: column.type === "INT64" && v !== null ? BigInt(v as bigint) : v }));
        assert.deepEqual(await hyparquetRows(bytes), expected);
        assert.deepEqual(await duckdbQuery(bytes, "SELECT a FROM read_parquet($FILE)"), expected);
      },
    ),
    { numRuns: 60 },
  );
});
