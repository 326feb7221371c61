/**
 * S3's payload signing on the wire, with an IAM user's key so every signature is checked: requests signed by the
 * SDK's own signer (@smithy/signature-v4) with a declared SHA-256, UNSIGNED-PAYLOAD, and the seed of a
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD body whose chunks are signed in the chain; a body that does not match its
 * declared hash, a tampered chunk and a missing x-amz-content-sha256 are refused in S3's words.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, test } from "node:test";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { signingKey } from "../../src/cloud/protocol/sigv4.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const EMPTY = sha256("");

interface Key {
  id: string;
  secret: string;
}

async function signedFetch(
  key: Key,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
): Promise<{ status: number; text: string; signature: string; date: string }> {
  const url = new URL(`${env.endpoint}${path}`);
  const signer = new SignatureV4({
    service: "s3",
    region: "us-east-1",
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: false,
    applyChecksum: false,
    credentials: { accessKeyId: key.id, secretAccessKey: key.secret },
  });
  const signed = await signer.sign({
    method,
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, ...headers },
    query: {},
    ...(body === undefined ? {} : { body }),
  });
  const signedHeaders = signed.headers as Record<string, string>;
  const response = await fetch(url, { method, headers: signedHeaders, ...(body === undefined ? {} : { body }) });
  const signature = /Signature=([0-9a-f]{64})/.exec(signedHeaders.authorization ?? "")?.[1] ?? "";
  return { status: response.status, text: await response.text(), signature, date: signedHeaders["x-amz-date"] ?? "" };
}

/** The aws-chunked body for `chunks`, each signed in the chain that starts at `seed` (S3 API Reference, sigv4-streaming). */
function chunkedBody(key: Key, date: string, seed: string, chunks: Buffer[]): Buffer {
  const scope = `${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const signing = signingKey(key.secret, date.slice(0, 8), "us-east-1", "s3");
  let previous = seed;
  const parts: Buffer[] = [];
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    const signature = createHmac("sha256", signing)
      .update(`AWS4-HMAC-SHA256-PAYLOAD\n${date}\n${scope}\n${previous}\n${EMPTY}\n${sha256(chunk)}`)
      .digest("hex");
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), chunk, Buffer.from("\r\n"));
    previous = signature;
  }
  return Buffer.concat(parts);
}

describe("S3 payload signing", () => {
  const key: Key = { id: "", secret: "" };

  test("an IAM user allowed s3:*", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "signer" }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "signer",
        PolicyName: "s3",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
      }),
    );
    const created = (await iam.send(new CreateAccessKeyCommand({ UserName: "signer" }))).AccessKey;
    key.id = created?.AccessKeyId ?? "";
    key.secret = created?.SecretAccessKey ?? "";
    const bucket = await signedFetch(key, "PUT", "/sig-bucket", { "x-amz-content-sha256": EMPTY }, undefined);
    assert.equal(bucket.status, 200, bucket.text);
  });

  test("a declared SHA-256: the matching body is stored, another body is XAmzContentSHA256Mismatch", async () => {
    const body = Buffer.from("declared body");
    const ok = await signedFetch(key, "PUT", "/sig-bucket/declared", { "x-amz-content-sha256": sha256(body) }, body);
    assert.equal(ok.status, 200, ok.text);
    const other = Buffer.from("another body!");
    const bad = await signedFetch(key, "PUT", "/sig-bucket/declared2", { "x-amz-content-sha256": sha256(body), "content-length": String(other.length) }, other);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<Code>XAmzContentSHA256Mismatch<\/Code>/);
    const missing = await signedFetch(key, "GET", "/sig-bucket/declared", {}, undefined);
    assert.equal(missing.status, 400);
    assert.match(missing.text, /<Code>InvalidRequest<\/Code><Message>Missing required header for this request: x-amz-content-sha256<\/Message>/);
  });

  test("UNSIGNED-PAYLOAD: the body is taken as sent, the headers still signed and checked", async () => {
    const ok = await signedFetch(key, "PUT", "/sig-bucket/unsigned", { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, Buffer.from("anything"));
    assert.equal(ok.status, 200, ok.text);
    const get = await signedFetch(key, "GET", "/sig-bucket/unsigned", { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, undefined);
    assert.equal(get.text, "anything");
  });

  test("STREAMING-AWS4-HMAC-SHA256-PAYLOAD: chained chunk signatures checked; a tampered chunk is refused and nothing stored", async () => {
    const chunks = [Buffer.alloc(8192, "x"), Buffer.from("tail")];
    const decoded = chunks.reduce((n, c) => n + c.length, 0);
    const headers = (length: number) => ({
      "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      "content-encoding": "aws-chunked",
      "x-amz-decoded-content-length": String(decoded),
      "content-length": String(length),
    });
    // The seed signature covers the headers, so the body's length is known first: the signatures are all 64 hex digits.
    const length = chunkedBody({ id: "", secret: "x" }, "20260101T000000Z", "0".repeat(64), chunks).length;
    const url = new URL(`${env.endpoint}/sig-bucket/streamed`);
    const signer = new SignatureV4({
      service: "s3",
      region: "us-east-1",
      sha256: Hash.bind(null, "sha256"),
      uriEscapePath: false,
      applyChecksum: false,
      credentials: { accessKeyId: key.id, secretAccessKey: key.secret },
    });
    const send = async (tamper: boolean, path: string) => {
      const signed = await signer.sign({
        method: "PUT",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path,
        headers: { host: url.host, ...headers(length) },
        query: {},
      });
      const h = signed.headers as Record<string, string>;
      const seed = /Signature=([0-9a-f]{64})/.exec(h.authorization ?? "")?.[1] ?? "";
      const body = chunkedBody(key, h["x-amz-date"] ?? "", seed, chunks);
      // A byte of the first chunk's data (its header is 87 bytes) flipped: that chunk's signature no longer matches.
      if (tamper) body.writeUInt8(body.readUInt8(200) ^ 1, 200);
      const response = await fetch(`${env.endpoint}${path}`, { method: "PUT", headers: h, body });
      return { status: response.status, text: await response.text() };
    };
    const ok = await send(false, "/sig-bucket/streamed");
    assert.equal(ok.status, 200, ok.text);
    const got = await signedFetch(key, "GET", "/sig-bucket/streamed", { "x-amz-content-sha256": EMPTY }, undefined);
    assert.equal(got.text, Buffer.concat(chunks).toString());
    const bad = await send(true, "/sig-bucket/tampered");
    assert.equal(bad.status, 403);
    assert.match(bad.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    const head = await signedFetch(key, "HEAD", "/sig-bucket/tampered", { "x-amz-content-sha256": EMPTY }, undefined);
    assert.equal(head.status, 404);
  });
});
