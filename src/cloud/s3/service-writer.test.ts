import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { duckdbQuery } from "../../../test/support/parquet-readers.js";
import { DEFAULT_FORMAT, type FlowRecord } from "../../flowlog/index.js";
import { ManualClock } from "../clock.js";
import { S3FileDelivery } from "../flow-logs/s3-delivery.js";
import { DEFAULT_S3_OPTIONS, type S3DestinationOptions } from "../flow-logs/s3-keys.js";
import { Store } from "../store/store.js";
import { S3ServiceWriter } from "./service-writer.js";
import { S3Storage } from "./storage.js";

const ACCOUNT = "123456789012";
const BUCKET = "flow-bucket";

/**
 * Amazon VPC User Guide, "Amazon S3 bucket permissions for flow logs", for folder `flows`. Its PutObject
 * resource is `my-s3-arn/*` (the bucket and folder); a narrower `.../AWSLogs/ACCOUNT/*` would not cover
 * Hive-compatible keys, which read `AWSLogs/aws-account-id=ACCOUNT/...`.
 */
const policy = (principal: string, resource = `arn:aws:s3:::${BUCKET}/flows/*`) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: principal },
        Action: "s3:PutObject",
        Resource: resource,
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" },
          ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
        },
      },
      {
        Sid: "AWSLogDeliveryAclCheck",
        Effect: "Allow",
        Principal: { Service: principal },
        Action: "s3:GetBucketAcl",
        Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` } },
      },
    ],
  });

const record = (i: number): FlowRecord => ({
  version: 2,
  "account-id": ACCOUNT,
  "interface-id": "eni-0123456789abcdef0",
  srcaddr: `198.51.100.${i}`,
  dstaddr: "10.0.1.5",
  srcport: 50000 + i,
  dstport: 80,
  protocol: 6,
  packets: 3,
  bytes: 180 + i,
  start: 1_765_160_000,
  end: 1_765_160_020,
  action: "ACCEPT",
  "log-status": "OK",
});

function setup(bucketPolicy: string | null) {
  const store = new Store({ memory: true });
  const storage = new S3Storage(store);
  const clock = new ManualClock(Date.UTC(2026, 11, 8, 16, 17));
  storage.createBucket({ name: BUCKET, account: ACCOUNT, region: "us-east-1", created: clock.now(), policy: bucketPolicy, tags: null, acl: "{}" });
  const statuses: string[] = [];
  const delivery = new S3FileDelivery({
    writer: new S3ServiceWriter(storage, clock),
    setDeliveryStatus: (_a, _r, _id, status, message) => statuses.push(message ?? status),
  });
  const target = (options: Partial<S3DestinationOptions> = {}) => ({
    accountId: ACCOUNT,
    region: "us-east-1",
    flowLogId: "fl-0a1b2c3d4e5f60718",
    format: DEFAULT_FORMAT,
    destination: { bucket: BUCKET, prefix: "flows" },
    options: { ...DEFAULT_S3_OPTIONS, ...options },
  });
  return { store, storage, clock, statuses, delivery, target };
}

test("flow log files land in the bucket under the documented policy, as S3's stored objects, readable by DuckDB", async () => {
  const { store, storage, clock, statuses, delivery, target } = setup(policy("delivery.logs.amazonaws.com"));
  try {
    delivery.append(target({ fileFormat: "parquet", hiveCompatiblePartitions: true }), [record(1), record(2)], clock.now());
    delivery.append(target({ fileFormat: "parquet", hiveCompatiblePartitions: true }), [record(3)], clock.now());
    const [outcome] = await delivery.closeDue(Date.UTC(2026, 11, 8, 16, 20));
    assert.equal(outcome?.status, "SUCCESS", outcome?.message);
    const key = outcome?.keys[0] as string;
    assert.match(
      key,
      /^flows\/AWSLogs\/aws-account-id=123456789012\/aws-service=vpcflowlogs\/aws-region=us-east-1\/year=2026\/month=12\/day=08\/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20261208T1620Z_[0-9a-f]{8}\.log\.parquet$/,
    );
    const row = storage.object(BUCKET, key);
    assert.equal(row?.owner, ACCOUNT);
    const bytes = readFileSync(storage.path(row?.file as string));
    assert.equal(row?.size, bytes.length);
    assert.deepEqual(
      await duckdbQuery(bytes, "SELECT srcaddr, bytes FROM read_parquet($FILE) ORDER BY srcport"),
      [1, 2, 3].map((i) => ({ srcaddr: `198.51.100.${i}`, bytes: BigInt(180 + i) })),
    );
    delivery.append(target(), [record(4)], clock.now());
    const [text] = await delivery.flush(clock.now());
    const textRow = storage.object(BUCKET, text?.keys[0] as string);
    assert.equal(JSON.parse(textRow?.headers ?? "{}")["content-type"], "application/x-gzip");
    assert.match(
      gunzipSync(readFileSync(storage.path(textRow?.file as string))).toString(),
      /^version account-id .* log-status\n2 123456789012 eni-0123456789abcdef0 198\.51\.100\.4 /,
    );
    assert.deepEqual(statuses, ["SUCCESS", "SUCCESS"]);
  } finally {
    store.close();
  }
});

test("a policy for another principal, no policy, a policy narrower than the keys, or a deleted bucket: nothing stored, Access error", async () => {
  const narrow = policy("delivery.logs.amazonaws.com", `arn:aws:s3:::${BUCKET}/flows/AWSLogs/${ACCOUNT}/*`);
  {
    const { store, storage, clock, statuses, delivery, target } = setup(narrow);
    try {
      delivery.append(target({ hiveCompatiblePartitions: true }), [record(1)], clock.now());
      await delivery.flush(clock.now());
      delivery.append(target(), [record(1)], clock.now());
      await delivery.flush(clock.now());
      assert.deepEqual(statuses, ["Access error", "SUCCESS"], "AWSLogs/ACCOUNT/* covers the plain layout only");
      assert.equal(storage.isEmpty(BUCKET), false);
    } finally {
      store.close();
    }
  }
  for (const bucketPolicy of [policy("vpc-flow-logs.amazonaws.com"), null]) {
    const { store, storage, clock, statuses, delivery, target } = setup(bucketPolicy);
    try {
      delivery.append(target(), [record(1)], clock.now());
      await delivery.flush(clock.now());
      assert.deepEqual(statuses, ["Access error"]);
      assert.equal(storage.isEmpty(BUCKET), true);
      storage.deleteBucket(BUCKET);
      delivery.append(target(), [record(1)], clock.now());
      await delivery.flush(clock.now());
      assert.deepEqual(statuses, ["Access error", "Access error"]);
    } finally {
      store.close();
    }
  }
});
