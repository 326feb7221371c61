/**
 * S3 through the AWS SDK for JavaScript v3, path-style and virtual-hosted (`BUCKET.s3.localhost:PORT`): buckets,
 * objects (ranges, conditions, copy, batch delete), ListObjectsV2 paging with a delimiter, multipart uploads with
 * their limits, tagging, policies, ACLs, presigned URLs, and S3's errors as the SDK reads them.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Agent, request } from "node:http";
import type { LookupFunction } from "node:net";
import { describe, test } from "node:test";
import * as S3 from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const MiB = 1024 * 1024;

/** `*.localhost` resolves to loopback in browsers and systemd-resolved, not in glibc's files: the test says so itself. */
const loopback: LookupFunction = (_host, options, callback) => {
  if (typeof options === "object" && options.all)
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};

const pathStyle = () => new S3.S3Client({ ...env.clientConfig(), forcePathStyle: true });
const virtualHosted = () => {
  const port = new URL(env.endpoint).port;
  return new S3.S3Client({
    ...env.clientConfig(),
    endpoint: `http://s3.localhost:${port}`,
    forcePathStyle: false,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup: loopback }) }),
  });
};

/** The SDK's error for the call: its name (when given) and HTTP status. */
async function rejectsWith(call: Promise<unknown>, name: string | undefined, status: number): Promise<void> {
  await assert.rejects(call, (error: S3.S3ServiceException) => {
    if (name !== undefined) assert.equal(error.name, name);
    assert.equal(error.$metadata.httpStatusCode, status);
    return true;
  });
}

const text = async (body: unknown) => Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());

describe("S3 with the SDK v3", () => {
  test("buckets: create, head, list, location, duplicate names, bad names, delete only when empty", async () => {
    const s3 = pathStyle();
    await s3.send(new S3.CreateBucketCommand({ Bucket: "sdk-buckets" }));
    const head = await s3.send(new S3.HeadBucketCommand({ Bucket: "sdk-buckets" }));
    assert.equal(head.BucketRegion, "us-east-1");
    const listed = await s3.send(new S3.ListBucketsCommand({}));
    assert.ok(listed.Buckets?.some((b) => b.Name === "sdk-buckets" && b.CreationDate instanceof Date));
    assert.match(listed.Owner?.ID ?? "", /^[0-9a-f]{64}$/);
    const location = await s3.send(new S3.GetBucketLocationCommand({ Bucket: "sdk-buckets" }));
    assert.equal(location.LocationConstraint, undefined);
    // us-east-1's legacy rule: the owner's second CreateBucket succeeds; another account's is BucketAlreadyExists.
    await s3.send(new S3.CreateBucketCommand({ Bucket: "sdk-buckets" }));
    const other = new S3.S3Client({ ...env.clientConfig("111122223333", "x"), forcePathStyle: true });
    await rejectsWith(other.send(new S3.CreateBucketCommand({ Bucket: "sdk-buckets" })), "BucketAlreadyExists", 409);
    await assert.rejects(s3.send(new S3.CreateBucketCommand({ Bucket: "Bad_Name" })), { name: "InvalidBucketName" });
    await assert.rejects(s3.send(new S3.CreateBucketCommand({ Bucket: "ab" })), { name: "InvalidBucketName" });
    await s3.send(new S3.PutObjectCommand({ Bucket: "sdk-buckets", Key: "k", Body: "x" }));
    await rejectsWith(s3.send(new S3.DeleteBucketCommand({ Bucket: "sdk-buckets" })), "BucketNotEmpty", 409);
    await s3.send(new S3.DeleteObjectCommand({ Bucket: "sdk-buckets", Key: "k" }));
    await s3.send(new S3.DeleteBucketCommand({ Bucket: "sdk-buckets" }));
    await rejectsWith(s3.send(new S3.HeadBucketCommand({ Bucket: "sdk-buckets" })), "NotFound", 404);
    await assert.rejects(s3.send(new S3.GetBucketLocationCommand({ Bucket: "sdk-buckets" })), (error: S3.S3ServiceException & { BucketName?: string }) => {
      assert.equal(error.name, "NoSuchBucket");
      assert.equal(error.message, "The specified bucket does not exist");
      assert.equal(error.BucketName, "sdk-buckets");
      return true;
    });
  });

  test("a bucket in another Region: LocationConstraint must name the Region the request is signed for", async () => {
    const west = new S3.S3Client({ ...env.clientConfig(), region: "eu-west-2", forcePathStyle: true });
    await west.send(new S3.CreateBucketCommand({ Bucket: "sdk-west", CreateBucketConfiguration: { LocationConstraint: "eu-west-2" } }));
    assert.equal((await west.send(new S3.GetBucketLocationCommand({ Bucket: "sdk-west" }))).LocationConstraint, "eu-west-2");
    // The SDK fills in the client's Region when no constraint is given; a different one is refused.
    await assert.rejects(west.send(new S3.CreateBucketCommand({ Bucket: "sdk-west-2", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })), {
      name: "IllegalLocationConstraintException",
    });
    await assert.rejects(west.send(new S3.CreateBucketCommand({ Bucket: "sdk-west", CreateBucketConfiguration: { LocationConstraint: "eu-west-2" } })), {
      name: "BucketAlreadyOwnedByYou",
    });
  });

  for (const [style, client] of [
    ["path-style", pathStyle],
    ["virtual-hosted", virtualHosted],
  ] as const) {
    test(`objects, ${style}: put, get, range, conditions, head, metadata, copy, delete`, async () => {
      const s3 = client();
      const Bucket = `sdk-objects-${style}`;
      await s3.send(new S3.CreateBucketCommand({ Bucket }));
      const body = Buffer.from("0123456789abcdefghij");
      const put = await s3.send(
        new S3.PutObjectCommand({ Bucket, Key: "a/b c+d.txt", Body: body, ContentType: "text/plain", Metadata: { owner: "flowwatch" } }),
      );
      assert.equal(put.ETag, `"${createHash("md5").update(body).digest("hex")}"`);
      const got = await s3.send(new S3.GetObjectCommand({ Bucket, Key: "a/b c+d.txt" }));
      assert.deepEqual(await text(got.Body), body);
      assert.equal(got.ContentType, "text/plain");
      assert.deepEqual(got.Metadata, { owner: "flowwatch" });
      const part = await s3.send(new S3.GetObjectCommand({ Bucket, Key: "a/b c+d.txt", Range: "bytes=5-9" }));
      assert.equal(part.$metadata.httpStatusCode, 206);
      assert.equal(part.ContentRange, "bytes 5-9/20");
      assert.equal((await text(part.Body)).toString(), "56789");
      const suffix = await s3.send(new S3.GetObjectCommand({ Bucket, Key: "a/b c+d.txt", Range: "bytes=-3" }));
      assert.equal((await text(suffix.Body)).toString(), "hij");
      await rejectsWith(s3.send(new S3.GetObjectCommand({ Bucket, Key: "a/b c+d.txt", Range: "bytes=20-" })), "InvalidRange", 416);
      await rejectsWith(s3.send(new S3.GetObjectCommand({ Bucket, Key: "a/b c+d.txt", IfMatch: '"nope"' })), undefined, 412);
      await rejectsWith(s3.send(new S3.GetObjectCommand({ Bucket, Key: "a/b c+d.txt", IfNoneMatch: put.ETag })), undefined, 304);
      await rejectsWith(s3.send(new S3.PutObjectCommand({ Bucket, Key: "a/b c+d.txt", Body: "x", IfNoneMatch: "*" })), "PreconditionFailed", 412);
      const head = await s3.send(new S3.HeadObjectCommand({ Bucket, Key: "a/b c+d.txt" }));
      assert.equal(head.ContentLength, 20);
      assert.equal(head.ETag, put.ETag);
      await rejectsWith(s3.send(new S3.HeadObjectCommand({ Bucket, Key: "missing" })), "NotFound", 404);
      await assert.rejects(s3.send(new S3.GetObjectCommand({ Bucket, Key: "missing" })), (error: S3.S3ServiceException & { Key?: string }) => {
        assert.equal(error.name, "NoSuchKey");
        assert.equal(error.Key, "missing");
        return true;
      });
      const copy = await s3.send(new S3.CopyObjectCommand({ Bucket, Key: "copy", CopySource: `${Bucket}/${encodeURIComponent("a/b c+d.txt")}` }));
      assert.equal(copy.CopyObjectResult?.ETag, put.ETag);
      assert.deepEqual((await s3.send(new S3.HeadObjectCommand({ Bucket, Key: "copy" }))).Metadata, { owner: "flowwatch" });
      await assert.rejects(s3.send(new S3.CopyObjectCommand({ Bucket, Key: "copy", CopySource: `${Bucket}/copy` })), { name: "InvalidRequest" });
      const deleted = await s3.send(new S3.DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: "copy" }, { Key: "a/b c+d.txt" }, { Key: "never" }] } }));
      assert.deepEqual(deleted.Deleted?.map((d) => d.Key).sort(), ["a/b c+d.txt", "copy", "never"]);
      assert.equal((await s3.send(new S3.ListObjectsV2Command({ Bucket }))).KeyCount, 0);
    });
  }

  test("Content-MD5 that does not match the body is BadDigest, and nothing is stored", async () => {
    const s3 = pathStyle();
    await s3.send(new S3.CreateBucketCommand({ Bucket: "sdk-md5" }));
    const wrong = createHash("md5").update("other").digest("base64");
    await assert.rejects(s3.send(new S3.PutObjectCommand({ Bucket: "sdk-md5", Key: "k", Body: "body", ContentMD5: wrong })), { name: "BadDigest" });
    await assert.rejects(s3.send(new S3.HeadObjectCommand({ Bucket: "sdk-md5", Key: "k" })), { name: "NotFound" });
  });

  test("ListObjectsV2: prefix, delimiter, common prefixes, max-keys, continuation and start-after", async () => {
    const s3 = pathStyle();
    const Bucket = "sdk-list";
    await s3.send(new S3.CreateBucketCommand({ Bucket }));
    const keys = ["a.txt", "b/1", "b/2", "b/3", "c/x/1", "c/y", "d", "é"];
    for (const Key of keys) await s3.send(new S3.PutObjectCommand({ Bucket, Key, Body: Key }));
    const all = await s3.send(new S3.ListObjectsV2Command({ Bucket }));
    assert.deepEqual(
      all.Contents?.map((o) => o.Key),
      keys,
    );
    const rolled = await s3.send(new S3.ListObjectsV2Command({ Bucket, Delimiter: "/" }));
    assert.deepEqual(
      rolled.Contents?.map((o) => o.Key),
      ["a.txt", "d", "é"],
    );
    assert.deepEqual(
      rolled.CommonPrefixes?.map((p) => p.Prefix),
      ["b/", "c/"],
    );
    assert.equal(rolled.KeyCount, 5);
    const under = await s3.send(new S3.ListObjectsV2Command({ Bucket, Prefix: "c/", Delimiter: "/" }));
    assert.deepEqual(
      under.Contents?.map((o) => o.Key),
      ["c/y"],
    );
    assert.deepEqual(
      under.CommonPrefixes?.map((p) => p.Prefix),
      ["c/x/"],
    );
    // Paging two at a time, a common prefix counting as one: the pages join into the unpaged answer.
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const out = await s3.send(new S3.ListObjectsV2Command({ Bucket, Delimiter: "/", MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(out.Contents ?? []).map((o) => o.Key as string), ...(out.CommonPrefixes ?? []).map((p) => p.Prefix as string));
      if (!out.IsTruncated) break;
      token = out.NextContinuationToken;
    }
    assert.deepEqual(seen.sort(), ["a.txt", "b/", "c/", "d", "é"].sort());
    const after = await s3.send(new S3.ListObjectsV2Command({ Bucket, StartAfter: "c/y" }));
    assert.deepEqual(
      after.Contents?.map((o) => o.Key),
      ["d", "é"],
    );
    await assert.rejects(s3.send(new S3.ListObjectsV2Command({ Bucket, ContinuationToken: "garbage" })), { name: "InvalidArgument" });
    const v1 = await s3.send(new S3.ListObjectsCommand({ Bucket, Prefix: "b/", MaxKeys: 2 }));
    assert.deepEqual(
      v1.Contents?.map((o) => o.Key),
      ["b/1", "b/2"],
    );
    assert.equal(v1.IsTruncated, true);
  });

  test("multipart: parts, ListParts, ListMultipartUploads, EntityTooSmall, ETag -N, abort", async () => {
    const s3 = pathStyle();
    const Bucket = "sdk-multipart";
    await s3.send(new S3.CreateBucketCommand({ Bucket }));
    const { UploadId } = await s3.send(new S3.CreateMultipartUploadCommand({ Bucket, Key: "big", ContentType: "application/x-test" }));
    const first = Buffer.alloc(5 * MiB, 1);
    const second = Buffer.from("tail");
    const p1 = await s3.send(new S3.UploadPartCommand({ Bucket, Key: "big", UploadId, PartNumber: 1, Body: first }));
    const p2 = await s3.send(new S3.UploadPartCommand({ Bucket, Key: "big", UploadId, PartNumber: 2, Body: second }));
    const parts = await s3.send(new S3.ListPartsCommand({ Bucket, Key: "big", UploadId }));
    assert.deepEqual(
      parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]),
      [
        [1, first.length, p1.ETag],
        [2, 4, p2.ETag],
      ],
    );
    const uploads = await s3.send(new S3.ListMultipartUploadsCommand({ Bucket }));
    assert.deepEqual(
      uploads.Uploads?.map((u) => u.UploadId),
      [UploadId],
    );
    await assert.rejects(
      s3.send(
        new S3.CompleteMultipartUploadCommand({
          Bucket,
          Key: "big",
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: p2.ETag },
              { PartNumber: 1, ETag: p1.ETag },
            ],
          },
        }),
      ),
      { name: "InvalidPartOrder" },
    );
    await assert.rejects(
      s3.send(new S3.CompleteMultipartUploadCommand({ Bucket, Key: "big", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0"' }] } })),
      { name: "InvalidPart" },
    );
    const done = await s3.send(
      new S3.CompleteMultipartUploadCommand({
        Bucket,
        Key: "big",
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const md5s = Buffer.concat([createHash("md5").update(first).digest(), createHash("md5").update(second).digest()]);
    assert.equal(done.ETag, `"${createHash("md5").update(md5s).digest("hex")}-2"`);
    const got = await s3.send(new S3.GetObjectCommand({ Bucket, Key: "big" }));
    assert.equal(got.ContentType, "application/x-test");
    assert.ok((await text(got.Body)).equals(Buffer.concat([first, second])));
    await assert.rejects(s3.send(new S3.ListPartsCommand({ Bucket, Key: "big", UploadId })), { name: "NoSuchUpload" });

    const small = await s3.send(new S3.CreateMultipartUploadCommand({ Bucket, Key: "small" }));
    const a = await s3.send(new S3.UploadPartCommand({ Bucket, Key: "small", UploadId: small.UploadId, PartNumber: 1, Body: "tiny" }));
    const b = await s3.send(new S3.UploadPartCommand({ Bucket, Key: "small", UploadId: small.UploadId, PartNumber: 2, Body: "tiny" }));
    await assert.rejects(
      s3.send(
        new S3.CompleteMultipartUploadCommand({
          Bucket,
          Key: "small",
          UploadId: small.UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: a.ETag },
              { PartNumber: 2, ETag: b.ETag },
            ],
          },
        }),
      ),
      { name: "EntityTooSmall" },
    );
    await assert.rejects(s3.send(new S3.UploadPartCommand({ Bucket, Key: "small", UploadId: small.UploadId, PartNumber: 10_001, Body: "x" })), {
      name: "InvalidArgument",
    });
    await s3.send(new S3.AbortMultipartUploadCommand({ Bucket, Key: "small", UploadId: small.UploadId }));
    await assert.rejects(s3.send(new S3.AbortMultipartUploadCommand({ Bucket, Key: "small", UploadId: small.UploadId })), { name: "NoSuchUpload" });
  });

  test("tagging, policy and ACL: stored, read back, refused in S3's words", async () => {
    const s3 = pathStyle();
    const Bucket = "sdk-config";
    await s3.send(new S3.CreateBucketCommand({ Bucket }));
    await assert.rejects(s3.send(new S3.GetBucketTaggingCommand({ Bucket })), { name: "NoSuchTagSet" });
    await s3.send(new S3.PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: "team", Value: "net" }] } }));
    assert.deepEqual((await s3.send(new S3.GetBucketTaggingCommand({ Bucket }))).TagSet, [{ Key: "team", Value: "net" }]);
    await assert.rejects(s3.send(new S3.PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: "aws:x", Value: "v" }] } })), { name: "InvalidTag" });
    await s3.send(new S3.DeleteBucketTaggingCommand({ Bucket }));
    await assert.rejects(s3.send(new S3.GetBucketTaggingCommand({ Bucket })), { name: "NoSuchTagSet" });

    await assert.rejects(s3.send(new S3.GetBucketPolicyCommand({ Bucket })), { name: "NoSuchBucketPolicy" });
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Delivery",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${Bucket}/AWSLogs/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
      ],
    });
    await s3.send(new S3.PutBucketPolicyCommand({ Bucket, Policy: policy }));
    assert.equal((await s3.send(new S3.GetBucketPolicyCommand({ Bucket }))).Policy, policy);
    await assert.rejects(s3.send(new S3.PutBucketPolicyCommand({ Bucket, Policy: "{not json" })), { name: "MalformedPolicy" });
    const elsewhere = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::another-bucket/*" }],
    });
    await assert.rejects(
      s3.send(new S3.PutBucketPolicyCommand({ Bucket, Policy: elsewhere })),
      (error: Error) => error.name === "MalformedPolicy" && error.message === "Policy has invalid resource",
    );
    await s3.send(new S3.DeleteBucketPolicyCommand({ Bucket }));

    const acl = await s3.send(new S3.GetBucketAclCommand({ Bucket }));
    assert.deepEqual(
      acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.ID, g.Permission]),
      [["CanonicalUser", acl.Owner?.ID, "FULL_CONTROL"]],
    );
    await s3.send(new S3.PutBucketAclCommand({ Bucket, ACL: "private" }));
    await assert.rejects(s3.send(new S3.PutBucketAclCommand({ Bucket, ACL: "public-read" })), { name: "AccessControlListNotSupported" });
    await s3.send(new S3.PutObjectCommand({ Bucket, Key: "owned", Body: "x", ACL: "bucket-owner-full-control" }));
    await assert.rejects(s3.send(new S3.PutObjectCommand({ Bucket, Key: "public", Body: "x", ACL: "public-read" })), { name: "AccessControlListNotSupported" });
  });

  test("a presigned GET signed with an IAM user's key is served; its signature on another key is SignatureDoesNotMatch", async () => {
    const s3 = pathStyle();
    await s3.send(new S3.CreateBucketCommand({ Bucket: "sdk-presign" }));
    await s3.send(new S3.PutObjectCommand({ Bucket: "sdk-presign", Key: "shared.txt", Body: "presigned body" }));
    // An IAM user's key, so the signature is really checked (relaxed mode takes unknown keys unchecked).
    const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand } = await import("@aws-sdk/client-iam");
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "presigner" }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "presigner",
        PolicyName: "read",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "presigner" }))).AccessKey;
    const signer = new SignatureV4({
      service: "s3",
      region: "us-east-1",
      sha256: Hash.bind(null, "sha256"),
      uriEscapePath: false,
      credentials: { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" },
    });
    const url = new URL(`${env.endpoint}/sdk-presign/shared.txt`);
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
        query: {},
      },
      { expiresIn: 300 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const ok = await fetch(`${env.endpoint}${url.pathname}?${query}`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), "presigned body");
    const tampered = await fetch(`${env.endpoint}/sdk-presign/other.txt?${query}`);
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  test("the Host guard: an S3 name of another port is refused (421), ExpectedBucketOwner of another account is AccessDenied", async () => {
    const port = Number(new URL(env.endpoint).port);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: "127.0.0.1", port, path: "/", headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on("error", reject)
          .end();
      });
    assert.equal(await status(`s3.localhost:${port}`), 200);
    assert.equal(await status(`b.s3.localhost:${port + 1}`), 421);
    assert.equal(await status(`b.s3.localhost.evil.example:${port}`), 421);
    const s3 = pathStyle();
    await s3.send(new S3.CreateBucketCommand({ Bucket: "sdk-owner" }));
    await s3.send(new S3.HeadBucketCommand({ Bucket: "sdk-owner", ExpectedBucketOwner: "000000000000" }));
    await rejectsWith(s3.send(new S3.ListObjectsV2Command({ Bucket: "sdk-owner", ExpectedBucketOwner: "111122223333" })), "AccessDenied", 403);
  });
});
