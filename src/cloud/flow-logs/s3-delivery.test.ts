import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_FORMAT, type FlowRecord } from "../../flowlog/index.js";
import { type CompiledPolicy, evaluate, parsePolicyDocument } from "../../policy/index.js";
import { duckdbQuery } from "../../../test/support/parquet-readers.js";
import {
  FILE_INTERVAL_MS,
  LOG_DELIVERY_PRINCIPAL,
  type S3FlowLogTarget,
  S3FileDelivery,
  type ServiceObjectWriter,
  type ServiceRequest,
} from "./s3-delivery.js";
import { DEFAULT_S3_OPTIONS } from "./s3-keys.js";

const ACCOUNT = "123456789012";
const BUCKET = "flow-bucket";

/** The bucket policy of Amazon VPC User Guide, "Amazon S3 bucket permissions for flow logs", for one account and folder. */
const documentedPolicy = (principal = LOG_DELIVERY_PRINCIPAL, account = ACCOUNT) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: principal },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${BUCKET}/flows/AWSLogs/${account}/*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" },
          ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${account}:*` },
        },
      },
      {
        Sid: "AWSLogDeliveryAclCheck",
        Effect: "Allow",
        Principal: { Service: principal },
        Action: "s3:GetBucketAcl",
        Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${account}:*` } },
      },
    ],
  });

/** An S3 stand-in that decides each call with the policy engine over the bucket's policy alone, as S3 does for a service principal. */
class PolicyBucket implements ServiceObjectWriter {
  policy: CompiledPolicy | undefined;
  readonly objects = new Map<string, Uint8Array>();
  exists = true;

  private allowed(request: ServiceRequest, action: string, resource: string, extra: Record<string, string> = {}) {
    if (!this.exists) return { ok: false as const, code: "NoSuchBucket" };
    if (this.policy === undefined) return { ok: false as const, code: "AccessDenied" };
    const decision = evaluate(
      {
        principal: { kind: "Service", arn: request.servicePrincipal },
        action,
        resource,
        context: { "aws:SourceAccount": request.context.sourceAccount, "aws:SourceArn": request.context.sourceArn, ...extra },
      },
      [{ policy: this.policy, id: "bucket-policy", use: "resource" }],
    );
    return decision.decision === "Allow" ? { ok: true as const } : { ok: false as const, code: "AccessDenied" };
  }

  async getBucketAclAsService(request: ServiceRequest) {
    return this.allowed(request, "s3:GetBucketAcl", `arn:aws:s3:::${request.bucket}`);
  }

  async putObjectAsService(request: ServiceRequest & { key: string; body: Uint8Array; acl: string }) {
    const outcome = this.allowed(request, "s3:PutObject", `arn:aws:s3:::${request.bucket}/${request.key}`, { "s3:x-amz-acl": request.acl });
    if (outcome.ok) this.objects.set(request.key, request.body);
    return outcome;
  }
}

const target = (options: Partial<typeof DEFAULT_S3_OPTIONS> = {}, account = ACCOUNT): S3FlowLogTarget => ({
  accountId: account,
  region: "us-east-1",
  flowLogId: "fl-0a1b2c3d4e5f60718",
  format: DEFAULT_FORMAT,
  destination: { bucket: BUCKET, prefix: "flows" },
  options: { ...DEFAULT_S3_OPTIONS, ...options },
});

const record = (i: number): FlowRecord => ({
  version: 2,
  "account-id": ACCOUNT,
  "interface-id": "eni-0123456789abcdef0",
  srcaddr: `203.0.113.${i}`,
  dstaddr: "10.0.1.5",
  srcport: 40000 + i,
  dstport: 443,
  protocol: 6,
  packets: i + 1,
  bytes: 100 * (i + 1),
  start: 1_765_160_000 + i,
  end: 1_765_160_030 + i,
  action: i % 3 === 0 ? "REJECT" : "ACCEPT",
  "log-status": "OK",
});

function harness() {
  const bucket = new PolicyBucket();
  const statuses: Array<{ status: string; message?: string }> = [];
  const delivery = new S3FileDelivery({
    writer: bucket,
    setDeliveryStatus: (_a, _r, _id, status, message) => statuses.push(message === undefined ? { status } : { status, message }),
  });
  return { bucket, statuses, delivery };
}

const T0 = Date.UTC(2026, 11, 8, 16, 16, 30); // inside the interval 16:15 - 16:20

test("records collect in the open file and are put at the end of the five-minute interval, under the documented bucket policy", async () => {
  const { bucket, statuses, delivery } = harness();
  bucket.policy = parsePolicyDocument(documentedPolicy(), "resource");
  delivery.append(target({ fileFormat: "parquet" }), [record(1), record(2)], T0);
  delivery.append(target({ fileFormat: "parquet" }), [record(3)], T0 + 60_000);
  assert.deepEqual(await delivery.closeDue(Date.UTC(2026, 11, 8, 16, 19, 59)), [], "not before the interval ends");
  const [outcome] = await delivery.closeDue(Date.UTC(2026, 11, 8, 16, 20, 0));
  assert.equal(outcome?.status, "SUCCESS");
  assert.equal(outcome?.records, 3);
  const [key] = [...bucket.objects.keys()];
  assert.match(
    key ?? "",
    /^flows\/AWSLogs\/123456789012\/vpcflowlogs\/us-east-1\/2026\/12\/08\/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20261208T1620Z_[0-9a-f]{8}\.log\.parquet$/,
  );
  const rows = await duckdbQuery(bucket.objects.get(key as string) as Uint8Array, "SELECT srcaddr, bytes FROM read_parquet($FILE) ORDER BY srcport");
  assert.deepEqual(
    rows,
    [1, 2, 3].map((i) => ({ srcaddr: `203.0.113.${i}`, bytes: BigInt(100 * (i + 1)) })),
  );
  assert.deepEqual(statuses, [{ status: "SUCCESS" }]);
  assert.deepEqual(await delivery.closeDue(T0 + FILE_INTERVAL_MS * 3), [], "a closed file is put once");
});

test("a bucket policy that does not name delivery.logs.amazonaws.com fails delivery with Access error; fixing it recovers", async () => {
  const { bucket, statuses, delivery } = harness();
  bucket.policy = parsePolicyDocument(documentedPolicy("vpc-flow-logs.amazonaws.com"), "resource");
  delivery.append(target(), [record(1)], T0);
  const [failed] = await delivery.flush(T0 + 1000);
  assert.deepEqual({ status: failed?.status, message: failed?.message, keys: failed?.keys }, { status: "FAILED", message: "Access error", keys: [] });
  assert.equal(bucket.objects.size, 0);
  bucket.policy = parsePolicyDocument(documentedPolicy(), "resource");
  delivery.append(target(), [record(2)], T0 + 2000);
  const [recovered] = await delivery.flush(T0 + 3000);
  assert.equal(recovered?.status, "SUCCESS");
  assert.deepEqual(statuses, [{ status: "FAILED", message: "Access error" }, { status: "SUCCESS" }]);
  // A flush names the file with the current minute, not the interval's end.
  assert.match([...bucket.objects.keys()][0] ?? "", /_20261208T1616Z_[0-9a-f]{8}\.log\.gz$/);
});

test("the policy's conditions hold: another account's flow log, or no policy at all, or no bucket, is refused", async () => {
  const { bucket, delivery } = harness();
  bucket.policy = parsePolicyDocument(documentedPolicy(), "resource");
  delivery.append(target({}, "210987654321"), [record(1)], T0);
  assert.equal((await delivery.flush(T0))[0]?.message, "Access error");
  bucket.policy = undefined;
  delivery.append(target(), [record(1)], T0);
  assert.equal((await delivery.flush(T0))[0]?.message, "Access error");
  bucket.exists = false;
  delivery.append(target(), [record(1)], T0);
  assert.equal((await delivery.flush(T0))[0]?.message, "Access error");
  assert.equal(bucket.objects.size, 0);
});

test("a deleted flow log's open file is dropped; no records, no file", async () => {
  const { bucket, delivery } = harness();
  bucket.policy = parsePolicyDocument(documentedPolicy(), "resource");
  delivery.append(target(), [record(1)], T0);
  delivery.forget(target().flowLogId);
  delivery.append(target(), [], T0);
  assert.deepEqual(await delivery.flush(T0 + FILE_INTERVAL_MS), []);
  assert.equal(bucket.objects.size, 0);
});
