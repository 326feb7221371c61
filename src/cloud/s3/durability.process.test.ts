/**
 * An acknowledged S3 object survives SIGKILL: writers put objects (single PUTs and a multipart upload) until the
 * server is killed mid-stream; after a restart on the same data dir every acknowledged object is there with its
 * ETag and bytes, an upload cut off mid-body left no object, and no file is left that no row names.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as S3 from "@aws-sdk/client-s3";

const main = new URL("../../cli/main.ts", import.meta.url).pathname;

function startServer(dataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", main, "up", "--port", "0", "--data-dir", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, endpoint: match[1] as string });
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

const client = (endpoint: string) =>
  new S3.S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
const bodyOf = (n: number) => Buffer.from(`object ${n} `.repeat(100 + (n % 50)));
const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

/** A PUT that announces 1 MiB and sends half, then waits: the server is killed with the body incomplete. */
function stalledPut(endpoint: string): Promise<void> {
  const url = new URL(`${endpoint}/durable/stalled`);
  return new Promise((resolve) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      method: "PUT",
      path: url.pathname,
      headers: {
        "content-length": String(1024 * 1024),
        authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00",
        "x-amz-date": "20260101T000000Z",
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      },
    });
    req.on("error", () => resolve());
    req.on("response", () => resolve());
    req.write(Buffer.alloc(512 * 1024, 7));
  });
}

test("every acknowledged S3 object survives SIGKILL, and a body cut off leaves nothing behind", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-s3-durability-"));
  const first = await startServer(dataDir);
  const s3 = client(first.endpoint);
  await s3.send(new S3.CreateBucketCommand({ Bucket: "durable" }));
  const { UploadId } = await s3.send(new S3.CreateMultipartUploadCommand({ Bucket: "durable", Key: "multi" }));
  const part = Buffer.alloc(5 * 1024 * 1024, 3);
  const p1 = await s3.send(new S3.UploadPartCommand({ Bucket: "durable", Key: "multi", UploadId, PartNumber: 1, Body: part }));
  const p2 = await s3.send(new S3.UploadPartCommand({ Bucket: "durable", Key: "multi", UploadId, PartNumber: 2, Body: "end" }));
  const done = await s3.send(
    new S3.CompleteMultipartUploadCommand({
      Bucket: "durable",
      Key: "multi",
      UploadId,
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: p1.ETag },
          { PartNumber: 2, ETag: p2.ETag },
        ],
      },
    }),
  );

  const acknowledged = new Set<number>();
  let killed = false;
  const writer = async (start: number) => {
    for (let n = start; n < start + 100_000 && !killed; n += 4) {
      try {
        const out = await s3.send(new S3.PutObjectCommand({ Bucket: "durable", Key: `obj/${n}`, Body: bodyOf(n) }));
        assert.equal(out.ETag, `"${md5(bodyOf(n))}"`);
        acknowledged.add(n);
      } catch {
        return; // killed mid-request: never acknowledged.
      }
    }
  };
  const writing = Promise.all([0, 1, 2, 3].map(writer));
  const stalled = stalledPut(first.endpoint);
  for (let i = 0; i < 1000 && acknowledged.size < 200; i++) await new Promise((r) => setTimeout(r, 10));
  killed = true;
  first.child.kill("SIGKILL");
  await Promise.all([writing, stalled]);
  await new Promise((resolve) => first.child.once("exit", resolve));
  assert.ok(acknowledged.size >= 50, `writers should have had objects acknowledged before the kill (${acknowledged.size})`);

  const second = await startServer(dataDir);
  try {
    const reader = client(second.endpoint);
    for (const n of acknowledged) {
      const got = await reader.send(new S3.GetObjectCommand({ Bucket: "durable", Key: `obj/${n}` }));
      const bytes = Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      assert.ok(bytes.equals(bodyOf(n)), `obj/${n} came back different`);
    }
    const multi = await reader.send(new S3.HeadObjectCommand({ Bucket: "durable", Key: "multi" }));
    assert.equal(multi.ETag, done.ETag);
    assert.equal(multi.ContentLength, part.length + 3);
    await assert.rejects(reader.send(new S3.HeadObjectCommand({ Bucket: "durable", Key: "stalled" })), { name: "NotFound" });
    let keys = 0;
    let token: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const out = await reader.send(new S3.ListObjectsV2Command({ Bucket: "durable", ContinuationToken: token }));
      keys += out.KeyCount ?? 0;
      if (!out.IsTruncated) break;
      token = out.NextContinuationToken;
    }
    // Objects in flight at the kill may or may not have committed; nothing acknowledged is missing.
    assert.ok(keys >= acknowledged.size + 1, `${keys} keys listed, ${acknowledged.size + 1} acknowledged`);
    // One file per object: the stalled body's file, and any a killed PUT had begun, were swept at start.
    assert.equal(readdirSync(join(dataDir, "s3")).length, keys);
  } finally {
    second.child.kill("SIGTERM");
    await new Promise((resolve) => second.child.once("exit", resolve));
  }
});
