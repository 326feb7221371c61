/**
 * `flowwatch query --file s3://...` and `report --file s3://...` as processes, against the LocalCloud's S3
 * and moto_server's: objects put with the SDK v3 as flow logs deliver them (`.log.gz`, header line first),
 * answers compared with the same query over the same records as a local file and as a log group.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { motoAvailable, useMotoServer } from "../../../test/support/moto-server.js";
import { type ColumnSpec, writeParquet } from "../../parquet/index.js";

const main = new URL("../main.ts", import.meta.url).pathname;
const flowwatch = (args: string[], secret: string) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", main, ...args],
      {
        encoding: "utf8",
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: secret,
          AWS_REGION: "us-east-1",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        },
      },
      (error, stdout, stderr) => resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }),
    );
  });

const HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const now = Math.floor(Date.now() / 1000);
const line = (src: string, port: number, bytes: number, action: string, eni = "eni-1") =>
  `2 123456789010 ${eni} ${src} 10.0.0.2 40000 ${port} 6 5 ${bytes} ${now - 120} ${now - 60} ${action} OK`;
const FIRST = [line("10.0.0.1", 443, 5000, "ACCEPT"), line("203.0.113.7", 22, 60, "REJECT"), line("203.0.113.7", 3389, 60, "REJECT")];
const SECOND = [
  line("10.0.0.3", 443, 700, "ACCEPT", "eni-2"),
  line("198.51.100.9", 22, 40, "REJECT", "eni-2"),
  `2 123456789010 eni-2 - - - - - - - ${now - 120} ${now - 60} - NODATA`,
];
const PREFIX = "AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/12/08/";
const objectBody = (lines: string[]) => gzipSync(`${HEADER}\n${lines.join("\n")}\n`);
/** A custom LogFormat's file: the header names its fields, which are not the default format's. */
const CUSTOM_FORMAT = "${interface-id} ${srcaddr} ${dstport} ${action} ${bytes} ${start}";
const CUSTOM_HEADER = "interface-id srcaddr dstport action bytes start";
const CUSTOM = [`eni-1 10.0.0.1 443 ACCEPT 900 ${now - 100}`, `eni-1 203.0.113.7 22 REJECT 60 ${now - 100}`, `eni-2 203.0.113.7 22 REJECT 70 ${now - 90}`];
/** AWS's Parquet columns for the default format: optional INT32/INT64 integers and strings, GZIP pages. */
const PARQUET_COLUMNS: ColumnSpec[] = HEADER.split(" ").map((name) => {
  const text = ["account-id", "interface-id", "srcaddr", "dstaddr", "action", "log-status"].includes(name);
  const wide = ["packets", "bytes", "start", "end"].includes(name);
  return text
    ? { name: name.replaceAll("-", "_"), type: "BYTE_ARRAY", optional: true, logical: "STRING" }
    : { name: name.replaceAll("-", "_"), type: wide ? "INT64" : "INT32", optional: true, logical: "INTEGER" };
});
const parquetOf = (lines: string[]) =>
  writeParquet(
    PARQUET_COLUMNS,
    PARQUET_COLUMNS.map((c, i) =>
      lines.map((l) => {
        const v = l.split(" ")[i] as string;
        return v === "-" ? null : c.type === "BYTE_ARRAY" ? v : c.type === "INT64" ? BigInt(v) : Number(v);
      }),
    ),
    { compression: "GZIP", pageRows: 2, rowGroupRows: 4 },
  );
const QUERIES = [
  'filter action="REJECT" | stats count(*) as n, sum(bytes) as b by srcAddr | sort n desc, srcAddr',
  "stats sum(bytes) as b, count(*) as n by interfaceId | sort interfaceId",
  "fields srcAddr, dstPort | filter dstPort = 22 | sort srcAddr",
];

async function putFlowObjects(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: `${PREFIX}123456789010_vpcflowlogs_us-east-1_fl-1_20261208T0300Z_a.log.gz`, Body: objectBody(FIRST) }),
  );
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: `${PREFIX}123456789010_vpcflowlogs_us-east-1_fl-1_20261208T0305Z_b.log.gz`, Body: objectBody(SECOND) }),
  );
  // Outside the prefix: must not be read.
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "other/stray.log.gz", Body: objectBody([line("192.0.2.1", 22, 1, "REJECT")]) }));
}

function localFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-query-s3-"));
  const path = join(dir, "all.log.gz");
  writeFileSync(path, objectBody([...FIRST, ...SECOND]));
  return path;
}

describe("query --file s3:// against the LocalCloud's S3", () => {
  const local = useLocalCloud();
  let secret = "";
  let file = "";
  before(async () => {
    const config = local.clientConfig();
    secret = config.credentials.secretAccessKey;
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    await putFlowObjects(s3, "flow-bucket");
    // Paging: more objects than one ListObjectsV2 page (1,000) under a second prefix, each one record.
    const keys = Array.from({ length: 1003 }, (_, i) => `many/${String(i).padStart(5, "0")}.log.gz`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys
          .slice(i, i + 50)
          .map((Key) => s3.send(new PutObjectCommand({ Bucket: "flow-bucket", Key, Body: objectBody([line("10.9.9.9", 80, 1, "ACCEPT")]) }))),
      );
    }
    await s3.send(new PutObjectCommand({ Bucket: "flow-bucket", Key: "parquet/a.parquet", Body: parquetOf(FIRST) }));
    await s3.send(new PutObjectCommand({ Bucket: "flow-bucket", Key: "parquet/b.parquet", Body: parquetOf(SECOND) }));
    await s3.send(new PutObjectCommand({ Bucket: "flow-bucket", Key: "broken/x.parquet", Body: "PAR1" }));
    await s3.send(new PutObjectCommand({ Bucket: "flow-bucket", Key: "custom/a.log.gz", Body: gzipSync(`${CUSTOM_HEADER}\n${CUSTOM.join("\n")}\n`) }));
    s3.destroy();
    const logs = new CloudWatchLogsClient(config);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "S3Twin-Log" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "S3Twin-Log", logStreamName: "eni-all" }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "S3Twin-Log",
        logStreamName: "eni-all",
        logEvents: [...FIRST, ...SECOND].map((message) => ({ timestamp: (now - 120) * 1000, message })),
      }),
    );
    logs.destroy();
    file = localFile();
  });

  for (const query of QUERIES) {
    it(`answers as the local file and the log group do: ${query}`, async () => {
      const fromS3 = await flowwatch(["query", "--file", `s3://flow-bucket/${PREFIX}`, "--endpoint", local.endpoint, "--output", "json", query], secret);
      const fromFile = await flowwatch(["query", "--file", file, "--output", "json", query], secret);
      const fromGroup = await flowwatch(
        ["query", "--log-group", "S3Twin-Log", "--since", "1h", "--endpoint", local.endpoint, "--output", "json", query],
        secret,
      );
      assert.equal(fromS3.status, 0, fromS3.stderr);
      assert.equal(fromFile.status, 0, fromFile.stderr);
      assert.equal(fromGroup.status, 0, fromGroup.stderr);
      assert.notEqual(fromS3.stdout.trim(), "");
      assert.equal(fromS3.stdout, fromFile.stdout);
      assert.equal(fromS3.stdout, fromGroup.stdout);
      // The stray object outside the prefix was not read.
      assert.doesNotMatch(fromS3.stdout, /192\.0\.2\.1/);
    });
  }

  it("reads a custom format's object by its header line, as --format reads the same records", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flowwatch-query-s3-custom-"));
    writeFileSync(join(dir, "custom.log"), `${CUSTOM.join("\n")}\n`);
    const query = 'filter action="REJECT" | stats count(*) as n, sum(bytes) as b by srcAddr, dstPort';
    const fromS3 = await flowwatch(["query", "--file", "s3://flow-bucket/custom/", "--endpoint", local.endpoint, "--output", "csv", query], secret);
    const fromFile = await flowwatch(["query", "--file", join(dir, "custom.log"), "--format", CUSTOM_FORMAT, "--output", "csv", query], secret);
    assert.equal(fromS3.status, 0, fromS3.stderr);
    assert.equal(fromS3.stdout, "srcAddr,dstPort,n,b\n203.0.113.7,22,2,130\n");
    assert.equal(fromS3.stdout, fromFile.stdout);
  });

  it("follows ListObjectsV2 pages: 1,003 objects, every record counted", async () => {
    const run = await flowwatch(["query", "--file", "s3://flow-bucket/many/", "--endpoint", local.endpoint, "--output", "csv", "stats count(*) as n"], secret);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "n\n1003\n");
  });

  it("report --file s3:// reports the prefix's records", async () => {
    const run = await flowwatch(["report", "--file", `s3://flow-bucket/${PREFIX}`, "--endpoint", local.endpoint], secret);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^flowwatch report: s3:\/\/flow-bucket\/AWSLogs\//);
    assert.match(run.stdout, /records 6 /);
    assert.match(run.stdout, /rejected 3 /);
  });

  it("Parquet objects and a local Parquet file answer as the text does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flowwatch-query-parquet-"));
    // Gzipped whole, as well as GZIP pages inside.
    writeFileSync(join(dir, "all.parquet"), gzipSync(parquetOf([...FIRST, ...SECOND])));
    for (const query of QUERIES) {
      const fromS3 = await flowwatch(["query", "--file", "s3://flow-bucket/parquet/", "--endpoint", local.endpoint, "--output", "json", query], secret);
      const fromLocal = await flowwatch(["query", "--file", join(dir, "all.parquet"), "--output", "json", query], secret);
      const fromText = await flowwatch(["query", "--file", file, "--output", "json", query], secret);
      assert.equal(fromS3.status, 0, fromS3.stderr);
      assert.notEqual(fromS3.stdout.trim(), "");
      assert.equal(fromS3.stdout, fromText.stdout, query);
      assert.equal(fromLocal.stdout, fromText.stdout, query);
    }
  });

  it("a broken Parquet object, an empty prefix and a missing bucket are one-line errors", async () => {
    const parquet = await flowwatch(["query", "--file", "s3://flow-bucket/broken/", "--endpoint", local.endpoint, "stats count(*)"], secret);
    assert.equal(parquet.status, 1);
    assert.match(parquet.stderr, /^flowwatch: s3:\/\/flow-bucket\/broken\/x\.parquet: not a Parquet file \(no PAR1 at both ends\)$/m);
    const empty = await flowwatch(["query", "--file", "s3://flow-bucket/nothing-here/", "--endpoint", local.endpoint, "stats count(*)"], secret);
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /^flowwatch: s3:\/\/flow-bucket\/nothing-here\/: no objects under this prefix$/m);
    const missing = await flowwatch(["query", "--file", "s3://no-such-bucket-x/", "--endpoint", local.endpoint, "stats count(*)"], secret);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /NoSuchBucket|does not exist/);
    assert.equal(missing.stderr.trim().split("\n").length, 1, missing.stderr);
  });
});

describe("query --file s3:// against moto_server's S3", { skip: motoAvailable() ? false : "moto_server is not installed" }, () => {
  const moto = useMotoServer();
  let file = "";
  before(async () => {
    const s3 = new S3Client({ ...moto.clientConfig(), forcePathStyle: true });
    await putFlowObjects(s3, "moto-flows");
    s3.destroy();
    file = localFile();
  });

  it("answers as the local file does", async () => {
    for (const query of QUERIES) {
      const fromS3 = await flowwatch(["query", "--file", `s3://moto-flows/${PREFIX}`, "--endpoint", moto.endpoint, "--output", "json", query], "testing");
      const fromFile = await flowwatch(["query", "--file", file, "--output", "json", query], "testing");
      assert.equal(fromS3.status, 0, fromS3.stderr);
      assert.notEqual(fromS3.stdout.trim(), "");
      assert.equal(fromS3.stdout, fromFile.stdout, query);
    }
  });
});
