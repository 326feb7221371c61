/**
 * Attacks on what a signature covers: a request signed over `x-amz-date` alone, an `x-amz-*` header
 * left out of the signature, and a presigned URL valid for more than AWS's seven days.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { before, describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateAccessKeyCommand, IAMClient } from "@aws-sdk/client-iam";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { useLocalCloud } from "../support/local-cloud.js";

const Sha256 = Hash.bind(null, "sha256");
interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A logs request signed by the SDK's own signer over every header except `unsigned`; then sent as it is, or tampered. */
async function signedLogsRequest(key: Key, endpoint: string, target: string, body: object, unsigned: string[]) {
  const url = new URL(endpoint);
  const request = new HttpRequest({
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `Logs_20140328.${target}` },
    body: JSON.stringify(body),
  });
  const signer = new SignatureV4({ service: "logs", region: "us-east-1", credentials: key, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(request, { unsignableHeaders: new Set(unsigned) });
  return { headers: { ...signed.headers } as Record<string, string>, body: signed.body as string };
}

async function send(endpoint: string, headers: Record<string, string>, body: string) {
  const { host: _host, ...rest } = headers;
  const response = await fetch(`${endpoint}/`, { method: "POST", headers: rest, body });
  return { status: response.status, json: (await response.json()) as Record<string, string> };
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** An STS GetCallerIdentity URL presigned by hand (the SDK refuses to presign past seven days). */
function presignedStsUrl(key: Key, endpoint: string, expires: number): string {
  const url = new URL(endpoint);
  const amzDate = new Date()
    .toISOString()
    .replace(/\.\d{3}/, "")
    .replace(/[-:]/g, "");
  const date = amzDate.slice(0, 8);
  const scope = `${date}/us-east-1/sts/aws4_request`;
  const params = new URLSearchParams({
    Action: "GetCallerIdentity",
    Version: "2011-06-15",
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": `${key.accessKeyId}/${scope}`,
    "X-Amz-Date": amzDate,
    "X-Amz-Expires": String(expires),
    "X-Amz-SignedHeaders": "host",
  });
  params.sort();
  const query = params.toString().replace(/\+/g, "%20");
  const canonical = ["GET", "/", query, `host:${url.host}\n`, "host", createHash("sha256").update("").digest("hex")].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date), "us-east-1"), "sts"), "aws4_request");
  return `${endpoint}/?${query}&X-Amz-Signature=${hmac(signingKey, toSign).toString("hex")}`;
}

for (const auth of ["strict", "relaxed"] as const) {
  describe(`signed headers, --auth ${auth}`, () => {
    const rootSecret = "signed-headers-root-secret";
    const env = useLocalCloud({ auth, rootSecret });
    let key: Key = { accessKeyId: "test", secretAccessKey: rootSecret };
    before(async () => {
      if (auth === "strict") return;
      // Relaxed mode checks the signatures of registered keys only: a root access key IAM issued is one.
      const created = await new IAMClient(env.clientConfig()).send(new CreateAccessKeyCommand({}));
      key = { accessKeyId: created.AccessKey?.AccessKeyId ?? "", secretAccessKey: created.AccessKey?.SecretAccessKey ?? "" };
    });

    test("a signature over x-amz-date alone cannot be moved to DeleteLogGroup: host must be signed", async () => {
      const logs = new CloudWatchLogsClient(env.clientConfig(key.accessKeyId, key.secretAccessKey));
      await logs.send(new CreateLogGroupCommand({ logGroupName: "victim" }));
      const unsigned = ["host", "content-type", "x-amz-target"];
      const { headers, body } = await signedLogsRequest(key, env.endpoint, "DescribeLogStreams", { logGroupName: "victim" }, unsigned);
      assert.match(headers.authorization ?? "", /SignedHeaders=x-amz-date,/);
      // Same body: the signature covers it; only the unsigned target changes.
      const { status, json } = await send(env.endpoint, { ...headers, "x-amz-target": "Logs_20140328.DeleteLogGroup" }, body);
      assert.equal(status, 400);
      assert.equal(json.__type, "InvalidSignatureException");
      assert.equal(json.message, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
      const left = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "victim" }));
      assert.deepEqual(
        left.logGroups?.map((g) => g.logGroupName),
        ["victim"],
      );
    });

    test("an x-amz-* header outside the signature is refused, naming it", async () => {
      const { headers, body } = await signedLogsRequest(key, env.endpoint, "DescribeLogGroups", {}, ["x-amz-target"]);
      assert.match(headers.authorization ?? "", /SignedHeaders=content-type;host;x-amz-date,/);
      const { status, json } = await send(env.endpoint, { ...headers, "x-amz-target": "Logs_20140328.DeleteLogGroup" }, body);
      assert.equal(status, 400);
      assert.equal(json.__type, "InvalidSignatureException");
      assert.equal(json.message, "There were headers present in the request which were not signed: x-amz-target");
    });

    test("the SDK's own requests still pass (every header it sends is signed)", async () => {
      const logs = new CloudWatchLogsClient(env.clientConfig(key.accessKeyId, key.secretAccessKey));
      const out = await logs.send(new DescribeLogGroupsCommand({}));
      assert.ok(Array.isArray(out.logGroups) && out.logGroups.length > 0);
    });

    test("a presigned URL may live seven days, not one second more", async () => {
      const week = await fetch(presignedStsUrl(key, env.endpoint, 604800));
      assert.equal(week.status, 200, await week.text());
      const more = await fetch(presignedStsUrl(key, env.endpoint, 604801));
      const text = await more.text();
      assert.equal(more.status, 400);
      assert.match(text, /<Code>IncompleteSignature<\/Code>/);
      assert.match(text, /X-Amz-Expires must be less than a week \(in seconds\); that is, the given X-Amz-Expires must be less than 604800 seconds/);
    });
  });
}
