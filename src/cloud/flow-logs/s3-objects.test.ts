import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { DEFAULT_FORMAT, type FlowLogFormat, type FlowRecord, formatFromHeader, parseFormat, recordParser, V5_FORMAT } from "../../flowlog/index.js";
import { duckdbQuery, duckdbSchema, hyparquetMetadata, hyparquetRows } from "../../../test/support/parquet-readers.js";
import { flowLogObjects, headerLine, MAX_FILE_BYTES, parquetColumnName, type FlowLogFileSettings } from "./s3-objects.js";
import { DEFAULT_S3_OPTIONS, type S3DestinationOptions } from "./s3-keys.js";

// Custom v5 format: a chosen order, not the catalogue's (what a user gives with --log-format).
const CUSTOM_V5 = parseFormat(
  "${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${flow-direction} ${traffic-path} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${region} ${az-id} ${sublocation-type} ${sublocation-id}",
);

/** Records as the aggregator makes them, with `-` (null) anywhere a field may be absent. */
function recordArbitrary(format: FlowLogFormat): fc.Arbitrary<FlowRecord> {
  const token = fc.stringMatching(/^[A-Za-z0-9.:_/-]{1,24}$/).filter((s) => s !== "-");
  const value = (type: string): fc.Arbitrary<string | number | null> =>
    fc.option<string | number>(type === "int32" ? fc.nat({ max: 2 ** 31 - 1 }) : type === "int64" ? fc.nat({ max: Number.MAX_SAFE_INTEGER }) : token, {
      freq: 4,
    });
  return fc.record(Object.fromEntries(format.fields.map((f) => [f.name, value(f.type)]))) as fc.Arbitrary<FlowRecord>;
}

const settings = (format: FlowLogFormat, options: Partial<S3DestinationOptions> = {}): FlowLogFileSettings => ({
  accountId: "123456789012",
  region: "us-east-1",
  flowLogId: "fl-0123456789abcdef0",
  format,
  destination: { bucket: "flows", prefix: "vpc" },
  options: { ...DEFAULT_S3_OPTIONS, ...options },
});
const CLOSED = new Date(Date.UTC(2026, 11, 8, 2, 45, 0));

/** A record as a Parquet reader gives it back: AWS's column names, INT_64 columns as bigint. */
function asParquetRow(record: FlowRecord, format: FlowLogFormat): Record<string, unknown> {
  return Object.fromEntries(
    format.fields.map((f) => {
      const v = record[f.name] ?? null;
      return [parquetColumnName(f), v !== null && f.type === "int64" ? BigInt(v) : v];
    }),
  );
}

for (const [name, format] of [
  ["default", DEFAULT_FORMAT],
  ["custom v5", CUSTOM_V5],
] as const) {
  test(`${name} format: Parquet read back by DuckDB and hyparquet, every field and null, AWS's column names and types`, async () => {
    const records = fc.sample(recordArbitrary(format), { numRuns: 400, seed: 19 });
    const [object, ...more] = flowLogObjects(records, settings(format, { fileFormat: "parquet" }), CLOSED);
    assert.equal(more.length, 0);
    assert.match(
      object?.key ?? "",
      /^vpc\/AWSLogs\/123456789012\/vpcflowlogs\/us-east-1\/2026\/12\/08\/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261208T0245Z_[0-9a-f]{8}\.log\.parquet$/,
    );
    const body = object?.body as Uint8Array;
    const expected = records.map((r) => asParquetRow(r, format));
    assert.deepEqual(await hyparquetRows(body), expected);
    assert.deepEqual(await duckdbQuery(body), expected);
    const types = { int32: "INTEGER", int64: "BIGINT", string: "VARCHAR" };
    assert.deepEqual(
      await duckdbSchema(body),
      format.fields.map((f) => ({ name: parquetColumnName(f), type: types[f.type] })),
    );
    for (const chunk of hyparquetMetadata(body).row_groups[0]?.columns ?? []) assert.equal(chunk.meta_data?.codec, "GZIP");
  });

  test(`${name} format: gzip text with the header line, read back line by line`, () => {
    const records = fc.sample(recordArbitrary(format), { numRuns: 300, seed: 5 });
    const [object] = flowLogObjects(records, settings(format), CLOSED);
    assert.match(object?.key ?? "", /_20261208T0245Z_[0-9a-f]{8}\.log\.gz$/);
    assert.equal(object?.contentType, "application/x-gzip");
    const lines = gunzipSync(object?.body as Uint8Array)
      .toString("utf8")
      .split("\n");
    assert.equal(lines.pop(), "", "the file ends with a newline");
    assert.equal(lines[0], headerLine(format));
    assert.equal(formatFromHeader(lines[0] as string)?.text, format.text);
    const parse = recordParser(format);
    assert.deepEqual(
      lines.slice(1).map((l, i) => ({ ...parse(l, i + 2) })),
      records.map((r) => ({ ...r })),
    );
    assert.ok(
      lines.slice(1).some((l) => l.split(" ").includes("-")),
      "absent fields are written as -",
    );
  });
}

test("the header of the default format is AWS's", () => {
  assert.equal(
    headerLine(DEFAULT_FORMAT),
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
  );
});

test("no records, no file (a monitored interface still sends NODATA records, so a quiet flow log is not silent)", () => {
  assert.deepEqual(flowLogObjects([], settings(DEFAULT_FORMAT, { fileFormat: "parquet" }), CLOSED), []);
  assert.deepEqual(flowLogObjects([], settings(DEFAULT_FORMAT), CLOSED), []);
});

test("more than 75 MB of text in one interval is split into files that keep every record once", () => {
  const record: FlowRecord = {
    version: 2,
    "account-id": "123456789012",
    "interface-id": "eni-0",
    srcaddr: "x".repeat(4000),
    dstaddr: "10.0.0.1",
    srcport: 1,
    dstport: 2,
    protocol: 6,
    packets: 1,
    bytes: 1,
    start: 1,
    end: 2,
    action: "ACCEPT",
    "log-status": "OK",
  };
  const count = Math.ceil(MAX_FILE_BYTES / 4000) + 10;
  const objects = flowLogObjects(new Array(count).fill(record), settings(DEFAULT_FORMAT), CLOSED);
  assert.equal(objects.length, 2);
  assert.notEqual(objects[0]?.key, objects[1]?.key);
  const lineCounts = objects.map((o) => gunzipSync(o.body).toString().split("\n").length - 2);
  assert.equal(lineCounts[0]! + lineCounts[1]!, count);
  assert.ok(gunzipSync(objects[0]!.body).length <= MAX_FILE_BYTES);
});

test("DuckDB reads a bucket's Hive-partitioned Parquet files with the partitions as columns, and the text files with read_csv", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-s3-layout-"));
  try {
    const records = fc.sample(recordArbitrary(V5_FORMAT), { numRuns: 50, seed: 3 });
    const hours = [new Date(Date.UTC(2026, 11, 8, 1, 5)), new Date(Date.UTC(2026, 11, 8, 2, 10))];
    for (const [i, closedAt] of hours.entries()) {
      const half = records.slice(i * 25, i * 25 + 25);
      for (const fileFormat of ["parquet", "plain-text"] as const) {
        for (const object of flowLogObjects(half, settings(V5_FORMAT, { fileFormat, hiveCompatiblePartitions: true, perHourPartition: true }), closedAt)) {
          const file = join(dir, object.key);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, object.body);
        }
      }
    }
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const root = join(dir, "vpc", "AWSLogs");
      const byHour = await connection.runAndReadAll(
        `SELECT "aws-region" region, year, month, day, hour, count(*) n, sum(bytes) b FROM read_parquet('${root}/**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY hour`,
      );
      const sum = (rs: FlowRecord[]) => rs.reduce((s, r) => s + BigInt((r.bytes as number | null) ?? 0), 0n);
      assert.deepEqual(
        byHour.getRowObjectsJS().map((r) => ({ ...r, year: String(r.year), month: String(r.month), day: String(r.day), hour: String(r.hour) })),
        [
          { region: "us-east-1", year: "2026", month: "12", day: "08", hour: "01", n: 25n, b: sum(records.slice(0, 25)) },
          { region: "us-east-1", year: "2026", month: "12", day: "08", hour: "02", n: 25n, b: sum(records.slice(25)) },
        ],
      );
      const text = await connection.runAndReadAll(
        `SELECT count(*) n, count(srcaddr) present FROM read_csv('${root}/**/*.log.gz', delim = ' ', header = true, nullstr = '-', all_varchar = true)`,
      );
      assert.deepEqual(text.getRowObjectsJS(), [{ n: 50n, present: BigInt(records.filter((r) => r.srcaddr !== null).length) }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("property: random records in random formats survive Parquet and text exactly", async () => {
  const { FIELDS, formatOf } = await import("../../flowlog/index.js");
  const formatArb = fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 12 }).map((fields) => formatOf(fields));
  await fc.assert(
    fc.asyncProperty(
      formatArb.chain((format) => fc.tuple(fc.constant(format), fc.array(recordArbitrary(format), { minLength: 1, maxLength: 40 }))),
      async ([format, records]) => {
        const [parquet] = flowLogObjects(records, settings(format, { fileFormat: "parquet" }), CLOSED);
        assert.deepEqual(
          await hyparquetRows(parquet?.body as Uint8Array),
          records.map((r) => asParquetRow(r, format)),
        );
        const [text] = flowLogObjects(records, settings(format), CLOSED);
        const lines = gunzipSync(text?.body as Uint8Array)
          .toString()
          .trimEnd()
          .split("\n");
        const parse = recordParser(format);
        assert.deepEqual(
          lines.slice(1).map((l) => ({ ...parse(l) })),
          records.map((r) => ({ ...r })),
        );
      },
    ),
    { numRuns: 150 },
  );
});
