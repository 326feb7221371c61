/**
 * The aws-chunked decoder and S3's seed signature against the example of AWS's "Transferring Payload in Multiple
 * Chunks" page (PUT /examplebucket/chunkObject.txt, 64 KiB + 1 KiB of 'a', 20130524), then tampering: a changed
 * byte, a reordered chain, a bad frame.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { Readable } from "node:stream";
import { test } from "node:test";
import { parseSigV4, signingKey, stringToSign } from "../protocol/sigv4.js";
import { s3CanonicalRequest } from "./authenticate.js";
import { AwsChunkedDecoder } from "./aws-chunked.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
const CHUNKS = [
  { size: 65536, signature: "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648" },
  { size: 1024, signature: "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497" },
  { size: 0, signature: "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9" },
];
const signer = { key: signingKey(SECRET, "20130524", "us-east-1", "s3"), amzDate: "20130524T000000Z", scope: "20130524/us-east-1/s3/aws4_request", seed: SEED };

const body = (chunks = CHUNKS, fill = "a") =>
  Buffer.concat(
    chunks.map((c) =>
      Buffer.concat([Buffer.from(`${c.size.toString(16)};chunk-signature=${c.signature}\r\n`), Buffer.alloc(c.size, fill), Buffer.from("\r\n")]),
    ),
  );

async function decode(bytes: Buffer, piece = 1000): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) parts.push(bytes.subarray(i, i + piece));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(parts).pipe(new AwsChunkedDecoder(signer, false))) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

test("the seed signature of AWS's example is S3's canonical request signed", () => {
  const headers = {
    host: "s3.amazonaws.com",
    "x-amz-date": "20130524T000000Z",
    "x-amz-storage-class": "REDUCED_REDUNDANCY",
    authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`,
    "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "content-encoding": "aws-chunked",
    "x-amz-decoded-content-length": "66560",
    "content-length": "66824",
  };
  const request = { method: "PUT", path: "/examplebucket/chunkObject.txt", query: "", headers };
  const parsed = parseSigV4({ ...request, body: new Uint8Array() });
  assert.equal(parsed.kind, "signed");
  if (parsed.kind !== "signed") return;
  const canonical = s3CanonicalRequest(request, parsed.auth, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  assert.equal(createHmac("sha256", signer.key).update(stringToSign(parsed.auth, canonical)).digest("hex"), SEED);
  assert.equal(body().length, 66824);
});

test("the example's chunks decode to their 66,560 bytes, whatever the read sizes", async () => {
  for (const piece of [1, 7, 1000, 70_000]) {
    const out = await decode(body(), piece);
    assert.equal(out.length, 66560);
    assert.ok(out.equals(Buffer.alloc(66560, "a")));
  }
});

test("a changed byte, chunks out of order, or a broken frame is refused", async () => {
  await assert.rejects(decode(body(CHUNKS, "b")), { code: "SignatureDoesNotMatch" });
  const reordered = [CHUNKS[1], CHUNKS[0], CHUNKS[2]] as typeof CHUNKS;
  await assert.rejects(decode(body(reordered)), { code: "SignatureDoesNotMatch" });
  await assert.rejects(decode(body(CHUNKS.slice(0, 2))), { code: "IncompleteBody" });
  await assert.rejects(decode(Buffer.from("zz;chunk-signature=00\r\n")), { code: "InvalidChunkSizeError" });
  const long = Buffer.concat([body().subarray(0, 90), Buffer.from("extra")]);
  await assert.rejects(decode(long));
});

test("unsigned aws-chunked with a trailer: data and trailer read, no signatures asked", async () => {
  const decoder = new AwsChunkedDecoder(undefined, true);
  const out: Buffer[] = [];
  for await (const chunk of Readable.from([Buffer.from("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n")]).pipe(decoder)) out.push(chunk as Buffer);
  assert.equal(Buffer.concat(out).toString(), "hello");
  assert.equal(decoder.trailers.get("x-amz-checksum-crc32"), "NhCmhg==");
});
