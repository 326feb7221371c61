/**
 * S3 through the AWS CLI v2 (`aws s3 mb/cp/ls/rb`, `aws s3api put-bucket-policy`, `get-object --range`) and boto3
 * (path-style, upload_fileobj's multipart): a 1 KB and a 20 MB file round-trip byte for byte,
 * the 20 MB one as a multipart upload, and errors arrive as S3's codes.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { awsCli, boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const dir = mkdtempSync(join(tmpdir(), "flowwatch-s3-cli-"));

describe("S3 with the AWS CLI v2 and boto3", () => {
  test("aws s3 mb, cp (1 KB and 20 MB, the latter multipart), ls, cp back, rb", async () => {
    const small = randomBytes(1024);
    const large = randomBytes(20 * 1024 * 1024);
    writeFileSync(join(dir, "small.bin"), small);
    writeFileSync(join(dir, "large.bin"), large);
    assert.equal((await awsCli(env.endpoint, ["s3", "mb", "s3://cli-bucket"])).status, 0);
    for (const name of ["small.bin", "large.bin"]) {
      const up = await awsCli(env.endpoint, ["s3", "cp", join(dir, name), `s3://cli-bucket/data/${name}`, "--no-progress"]);
      assert.equal(up.status, 0, up.stderr);
    }
    const listed = await awsCli(env.endpoint, ["s3", "ls", "s3://cli-bucket/data/"]);
    assert.match(listed.stdout, /\s1024 small\.bin/);
    assert.match(listed.stdout, /\s20971520 large\.bin/);
    const head = await awsCli(env.endpoint, ["s3api", "head-object", "--bucket", "cli-bucket", "--key", "data/large.bin"]);
    // The CLI's default 8 MiB parts: three of them, and the multipart ETag says so.
    assert.match(head.json.ETag, /^"[0-9a-f]{32}-3"$/);
    for (const name of ["small.bin", "large.bin"]) {
      const down = await awsCli(env.endpoint, ["s3", "cp", `s3://cli-bucket/data/${name}`, join(dir, `${name}.back`), "--no-progress"]);
      assert.equal(down.status, 0, down.stderr);
      assert.ok(readFileSync(join(dir, `${name}.back`)).equals(name === "small.bin" ? small : large), `${name} came back different`);
    }
    const ranged = await awsCli(env.endpoint, [
      "s3api",
      "get-object",
      "--bucket",
      "cli-bucket",
      "--key",
      "data/small.bin",
      "--range",
      "bytes=100-199",
      join(dir, "range.bin"),
    ]);
    assert.equal(ranged.json.ContentRange, "bytes 100-199/1024");
    assert.ok(readFileSync(join(dir, "range.bin")).equals(small.subarray(100, 200)));
    const notEmpty = await awsCli(env.endpoint, ["s3", "rb", "s3://cli-bucket"]);
    assert.notEqual(notEmpty.status, 0);
    assert.match(notEmpty.stderr, /BucketNotEmpty/);
    assert.equal((await awsCli(env.endpoint, ["s3", "rb", "s3://cli-bucket", "--force"])).status, 0);
    assert.doesNotMatch((await awsCli(env.endpoint, ["s3", "ls"])).stdout, /cli-bucket/);
  });

  test("aws s3api put-bucket-policy / get-bucket-policy, and a malformed one refused", async () => {
    await awsCli(env.endpoint, ["s3", "mb", "s3://cli-policy"]);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AWSLogDeliveryAclCheck",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: "arn:aws:s3:::cli-policy",
        },
      ],
    });
    const put = await awsCli(env.endpoint, ["s3api", "put-bucket-policy", "--bucket", "cli-policy", "--policy", policy]);
    assert.equal(put.status, 0, put.stderr);
    const got = await awsCli(env.endpoint, ["s3api", "get-bucket-policy", "--bucket", "cli-policy"]);
    assert.equal(got.json.Policy, policy);
    const bad = await awsCli(env.endpoint, ["s3api", "put-bucket-policy", "--bucket", "cli-policy", "--policy", '{"Statement":[]}']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /MalformedPolicy/);
    const missing = await awsCli(env.endpoint, ["s3api", "get-object", "--bucket", "cli-policy", "--key", "nope", join(dir, "nope")]);
    assert.match(missing.stderr, /NoSuchKey/);
  });

  test("boto3, path-style: upload_fileobj multipart, list_objects_v2 paginator, errors", async () => {
    const result = await boto3(
      env.endpoint,
      `
import boto3, botocore.config, io, json, os, hashlib
from boto3.s3.transfer import TransferConfig
out = {}
path = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", config=botocore.config.Config(s3={"addressing_style": "path"}))
path.create_bucket(Bucket="boto-bucket")
data = os.urandom(12 * 1024 * 1024)
path.upload_fileobj(io.BytesIO(data), "boto-bucket", "multi.bin", Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
head = path.head_object(Bucket="boto-bucket", Key="multi.bin")
out["etag_parts"] = head["ETag"].strip('"').split("-")[1]
out["same"] = path.get_object(Bucket="boto-bucket", Key="multi.bin")["Body"].read() == data
for i in range(7):
    path.put_object(Bucket="boto-bucket", Key="p/%d" % i, Body=b"x" * i)
pages = path.get_paginator("list_objects_v2").paginate(Bucket="boto-bucket", Prefix="p/", PaginationConfig={"PageSize": 3})
out["paged"] = [[o["Key"] for o in page.get("Contents", [])] for page in pages]
out["deleted"] = len(path.delete_objects(Bucket="boto-bucket", Delete={"Objects": [{"Key": "p/%d" % i} for i in range(7)]})["Deleted"])
errors = []
for call in [lambda: path.get_object(Bucket="boto-bucket", Key="missing"), lambda: path.head_bucket(Bucket="no-such-bucket-x"), lambda: path.delete_bucket(Bucket="boto-bucket")]:
    try:
        call()
        errors.append(None)
    except path.exceptions.ClientError as e:
        errors.append([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]])
out["errors"] = errors
print(json.dumps(out))
`,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.json.etag_parts, "3");
    assert.equal(result.json.same, true);
    assert.deepEqual(result.json.paged, [["p/0", "p/1", "p/2"], ["p/3", "p/4", "p/5"], ["p/6"]]);
    assert.equal(result.json.deleted, 7);
    assert.deepEqual(result.json.errors, [
      ["NoSuchKey", 404],
      ["404", 404],
      ["BucketNotEmpty", 409],
    ]);
  });
});
