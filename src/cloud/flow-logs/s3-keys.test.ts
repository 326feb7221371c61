import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_S3_OPTIONS, flowLogFileName, flowLogObjectKey, parseS3Destination, type S3DestinationOptions } from "./s3-keys.js";

// The example of Amazon VPC User Guide, "Flow log files": account 123456789012, us-east-1, a file created
// on June 20, 2018 at 16:20 UTC holding the records of 16:15:01 to 16:20:00.
const example = {
  accountId: "123456789012",
  region: "us-east-1",
  flowLogId: "fl-1234abcd",
  closedAt: new Date(Date.UTC(2018, 5, 20, 16, 20, 0)),
  hash: "fe123456",
};
const options = (o: Partial<S3DestinationOptions> = {}): S3DestinationOptions => ({ ...DEFAULT_S3_OPTIONS, ...o });

test("the documented example, bucket without a folder", () => {
  const destination = parseS3Destination("arn:aws:s3:::my-flow-log-bucket");
  assert.deepEqual(destination, { bucket: "my-flow-log-bucket", prefix: "" });
  assert.equal(
    `${destination?.bucket}/${flowLogObjectKey({ ...example, destination: destination as { bucket: string; prefix: string }, options: options() })}`,
    "my-flow-log-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz",
  );
});

test("each documented folder structure: plain, hourly, Hive-compatible, Hive-compatible and hourly", () => {
  const destination = { bucket: "b", prefix: "my-prefix" };
  const file = "123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz";
  const key = (o: Partial<S3DestinationOptions>) => flowLogObjectKey({ ...example, destination, options: options(o) });
  assert.equal(key({}), `my-prefix/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/${file}`);
  assert.equal(key({ perHourPartition: true }), `my-prefix/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/16/${file}`);
  assert.equal(
    key({ hiveCompatiblePartitions: true }),
    `my-prefix/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/${file}`,
  );
  assert.equal(
    key({ hiveCompatiblePartitions: true, perHourPartition: true }),
    `my-prefix/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/hour=16/${file}`,
  );
});

test("Parquet files end .log.parquet; the timestamp is UTC, zero-padded, to the minute", () => {
  const name = flowLogFileName({ ...example, closedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 59)), options: options({ fileFormat: "parquet" }) });
  assert.equal(name, "123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20260102T0304Z_fe123456.log.parquet");
  assert.throws(() => flowLogFileName({ ...example, hash: "XYZ", options: options() }), /eight hex digits/);
});

test("LogDestination ARNs: nested folders, a trailing slash, other partitions, and what is not a bucket ARN", () => {
  assert.deepEqual(parseS3Destination("arn:aws:s3:::my_bucket/my_subfolder/"), { bucket: "my_bucket", prefix: "my_subfolder" });
  assert.deepEqual(parseS3Destination("arn:aws:s3:::b/a/b/c"), { bucket: "b", prefix: "a/b/c" });
  assert.deepEqual(parseS3Destination("arn:aws-cn:s3:::b/x"), { bucket: "b", prefix: "x" });
  assert.equal(parseS3Destination("arn:aws:logs:us-east-1:123456789012:log-group:g"), undefined);
  assert.equal(parseS3Destination("my-bucket"), undefined);
  assert.equal(parseS3Destination("arn:aws:s3:::"), undefined);
});
