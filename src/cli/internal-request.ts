/**
 * A SigV4-signed request to the local cloud's own routes (`/_flowwatch/...`, service name `flowwatch`):
 * strict mode refuses them unsigned, and IAM authorizes them as `flowwatch:*` actions of the signer.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";

export interface InternalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface InternalRequest {
  method: "GET" | "POST" | "DELETE";
  /** JSON, sent as `application/json`. */
  body?: unknown;
  /** Explicit keys; otherwise the SDK's chain, else the local cloud's well-known `test` key. */
  credentials?: InternalCredentials;
  region?: string;
  signal?: AbortSignal;
}

/** The signing name of the local cloud's own routes. */
export const INTERNAL_SERVICE = "flowwatch";

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data): Buffer =>
  typeof data === "string"
    ? Buffer.from(data, "utf8")
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 and HMAC-SHA256 as the signer's checksum interface wants them, from node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** The SDK's credential chain (environment, profile, ...); the local cloud's `test` key when it finds none. */
async function chainCredentials(region: string): Promise<InternalCredentials> {
  const client = new STSClient({ region });
  try {
    const found = await client.config.credentials();
    return { accessKeyId: found.accessKeyId, secretAccessKey: found.secretAccessKey, ...(found.sessionToken ? { sessionToken: found.sessionToken } : {}) };
  } catch {
    return { accessKeyId: "test", secretAccessKey: "test" };
  } finally {
    client.destroy();
  }
}

/** `fetch` of `endpoint + path`, signed for the `flowwatch` service. */
export async function internalRequest(endpoint: string, path: string, request: InternalRequest): Promise<Response> {
  const url = new URL(path, endpoint);
  const region = request.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const credentials = request.credentials ?? (await chainCredentials(region));
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const signer = new SignatureV4({ service: INTERNAL_SERVICE, region, credentials, sha256: Sha256, uriEscapePath: true });
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers: { host: url.host, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body }),
  });
  // fetch sets Host itself, from the same URL.
  const { host: _host, ...headers } = signed.headers;
  return fetch(url, { method: request.method, headers, ...(body === undefined ? {} : { body }), ...(request.signal ? { signal: request.signal } : {}) });
}
