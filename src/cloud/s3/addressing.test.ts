/** Which Host names are S3's and what they name; the Host guard then checks the plain `localhost:PORT` they map to. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { s3Address, s3Host, signedForS3 } from "./addressing.js";

test("S3 host names: BUCKET.s3.localhost, BUCKET.s3.REGION.localhost, s3.localhost; nothing else", () => {
  assert.deepEqual(s3Host("logs.example.s3.localhost:4566"), { bucket: "logs.example", servedHost: "localhost:4566" });
  assert.deepEqual(s3Host("b.s3.eu-west-1.localhost:4566"), { bucket: "b", servedHost: "localhost:4566" });
  assert.deepEqual(s3Host("s3.localhost:4566"), { servedHost: "localhost:4566" });
  assert.deepEqual(s3Host("B.S3.LOCALHOST"), { bucket: "b", servedHost: "localhost" });
  for (const host of [
    "localhost:4566",
    "127.0.0.1:4566",
    "b.s3.localhost.evil.com",
    "b.s3.evil.com",
    "evil.com",
    "s3.localhost.",
    "b.s4.localhost",
    undefined,
  ]) {
    assert.equal(s3Host(host), undefined, String(host));
  }
});

test("bucket and key, virtual-hosted and path-style, keys percent-decoded", () => {
  assert.deepEqual(s3Address("b.s3.localhost:1", "/dir/a%20b"), { bucket: "b", key: "dir/a b", servedHost: "localhost:1", virtualHosted: true });
  assert.deepEqual(s3Address("b.s3.localhost:1", "/"), { bucket: "b", servedHost: "localhost:1", virtualHosted: true });
  assert.deepEqual(s3Address("127.0.0.1:1", "/b/k/"), { bucket: "b", key: "k/", servedHost: "127.0.0.1:1", virtualHosted: false });
  assert.deepEqual(s3Address("127.0.0.1:1", "/b"), { bucket: "b", servedHost: "127.0.0.1:1", virtualHosted: false });
  assert.deepEqual(s3Address("127.0.0.1:1", "/"), { servedHost: "127.0.0.1:1", virtualHosted: false });
  assert.equal(s3Address("127.0.0.1:1", "/b/%ff").key, "%ff");
});

test("a signature scoped to s3, in the header or a presigned query", () => {
  assert.ok(signedForS3("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0", ""));
  assert.ok(signedForS3(undefined, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"));
  assert.ok(!signedForS3("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0", ""));
  assert.ok(!signedForS3(undefined, "Action=ListUsers&note=/s3/aws4_request"));
});
