/**
 * Random S3 requests on the wire (methods, bucket and key names, subresources, S3's headers, XML and byte bodies,
 * aws-chunked framing): never a 500, never a flowwatch bug, and the server still answers afterwards. The one 5xx
 * S3 itself answers is 501 NotImplemented, for subresources this server does not serve.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import fc from "fast-check";
import { LocalCloud } from "../cloud.js";

interface Reply {
  status: number;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path, headers: { host: `s3.localhost:${port}`, ...headers, "content-length": String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    // The server may answer and close before reading a refused body: that is an answer, not a failure.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" || error.code === "EPIPE" ? resolve({ status: 0, body: "" }) : reject(error),
    );
    req.end(body);
  });
}

const bucket = fc.constantFrom("fuzz", "fuzz", "nope", "Bad_Name", "a", "x".repeat(70), "192.168.0.1", "fu..zz", "%2e%2e");
const key = fc.oneof(
  fc.constantFrom("k", "dir/k", "a%20b", "%ff", "..%2f..", "%F0%9F%98%80", "k".repeat(1100), ""),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const query = fc.constantFrom(
  "",
  "?tagging",
  "?policy",
  "?acl",
  "?location",
  "?uploads",
  "?delete",
  "?list-type=2",
  "?list-type=2&max-keys=-1",
  "?list-type=2&continuation-token=zz",
  "?list-type=2&delimiter=/&prefix=d",
  "?list-type=2&encoding-type=bogus",
  "?max-keys=abc",
  "?uploadId=nope",
  "?uploadId=nope&partNumber=0",
  "?partNumber=99999&uploadId=x",
  "?versioning",
  "?versionId=3",
  "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a/b/c/s3/aws4_request",
  "?response-expires=notadate",
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
  fc.constantFrom(
    "",
    "*",
    "bytes=0-",
    "bytes=-0",
    "bytes=5-2",
    "bytes=99999999999999999999-",
    '"abc"',
    "1Bx/9A==",
    "not base64",
    "UNSIGNED-PAYLOAD",
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "aws-chunked",
    "fuzz/k",
    "/nope/x",
    "REPLACE",
    "true",
    "-1",
    "Tue, 08 Dec 2026 00:00:00 GMT",
  ),
);
const headerName = fc.constantFrom(
  "range",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "content-md5",
  "x-amz-acl",
  "x-amz-copy-source",
  "x-amz-content-sha256",
  "content-encoding",
  "x-amz-decoded-content-length",
  "x-amz-meta-a",
  "x-amz-metadata-directive",
  "content-type",
  "x-amz-tagging",
  "expires",
  "x-amz-grant-read",
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc
    .constantFrom(
      "<Delete><Object><Key>k</Key></Object></Delete>",
      "<Delete><Quiet>maybe</Quiet></Delete>",
      "<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint></CreateBucketConfiguration>",
      "<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>",
      "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>",
      '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
      "<a><b></a>",
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::fuzz/*"}]}',
      "5\r\nhello\r\n0\r\n\r\n",
      "ffffffffffffffff\r\n",
      "",
    )
    .map((s) => Buffer.from(s)),
);

test("random S3 requests never get a 500 and never reach a flowwatch bug", async () => {
  const bugs: unknown[] = [];
  const cloud = new LocalCloud({ memory: true, port: 0, onBug: (e) => bugs.push(e) });
  await cloud.start();
  const port = Number(new URL(cloud.endpoint).port);
  const statuses = new Map<number, number>();
  try {
    assert.equal((await send(port, "PUT", "/fuzz", {}, Buffer.alloc(0))).status, 200);
    assert.equal((await send(port, "PUT", "/fuzz/k", {}, Buffer.from("object"))).status, 200);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"),
        bucket,
        fc.option(key, { nil: undefined }),
        query,
        fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
        body,
        async (method, b, k, q, headers, payload) => {
          const path = `/${b}${k === undefined ? "" : `/${k}`}${q}`;
          const reply = await send(port, method, path, headers, method === "GET" || method === "HEAD" ? Buffer.alloc(0) : payload);
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          const allowed = reply.status < 500 || (reply.status === 501 && (method === "HEAD" || reply.body.includes("<Code>NotImplemented</Code>")));
          assert.ok(allowed, `${method} ${path} ${JSON.stringify(headers)} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
        },
      ),
      { numRuns: 800, seed: 20261208 },
    );
    assert.deepEqual(bugs, []);
    assert.equal((await fetch(`${cloud.endpoint}/_flowwatch/health`)).status, 200);
    assert.ok((statuses.get(200) ?? 0) + (statuses.get(204) ?? 0) > 0, "some requests should succeed");
  } finally {
    await cloud.stop();
  }
});
