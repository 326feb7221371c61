/**
 * Who sent an S3 request, from its headers alone (the body is streamed afterwards): SigV4 in the
 * Authorization header or a presigned query, S3's canonical request (the path as sent, neither
 * normalized nor encoded twice), and how the payload is to be checked while it streams.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Authenticator, rootArn, TEST_ACCESS_KEY, TEST_ACCOUNT } from "../accounts.js";
import { AwsError } from "../protocol/aws-error.js";
import {
  canonicalQuery,
  checkSignedHeaders,
  credentialScope,
  parseSigV4,
  type SigV4Auth,
  type SigV4Request,
  signingKey,
  stringToSign,
  UNSIGNED_PAYLOAD,
} from "../protocol/sigv4.js";
import type { Principal } from "../service.js";
import { s3Error, signatureDoesNotMatch } from "./errors.js";

/** How the body is checked as it streams. */
export type Payload =
  | { kind: "unsigned" }
  | { kind: "sha256"; hash: string }
  /** `aws-chunked`: `signer` present when each chunk's signature is checked (a key whose secret is known). */
  | { kind: "chunked"; trailer: boolean; signer?: ChunkSigner };

export interface ChunkSigner {
  key: Buffer;
  amzDate: string;
  scope: string;
  /** The request's own signature: the first chunk's is chained to it. */
  seed: string;
}

export interface S3Caller {
  principal: Principal;
  /** True for an unsigned request in strict mode: only a bucket policy granting `*` lets it through. */
  anonymous: boolean;
  account: string;
  region: string;
  payload: Payload;
}

export interface S3AuthRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  query: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

const STREAMING = new Set(["STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const ACCOUNT_ID = /^\d{12}$/;

const header = (request: S3AuthRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === "string" ? value : value?.join(",");
};

/** The accounts module words errors for the JSON services; S3 has its own codes for the same failures. */
function inS3Words(error: AwsError): AwsError {
  switch (error.code) {
    case "UnrecognizedClientException":
      return s3Error("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403);
    case "ExpiredTokenException":
      return s3Error("ExpiredToken", "The provided token has expired.", 400);
    case "InvalidSignatureException":
      return s3Error("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403, {
        ServerTime: new Date().toISOString(),
      });
    case "IncompleteSignatureException":
      return s3Error("AuthorizationHeaderMalformed", error.message, 400);
    case "MissingAuthenticationTokenException":
      return s3Error("AccessDenied", "Access Denied", 403);
    default:
      return error;
  }
}

function canonicalHeaderValue(value: string | readonly string[] | undefined): string {
  if (value === undefined) return "";
  const fold = (v: string) => v.replace(/[ \t\r\n\v\f]+/g, " ").trim();
  return typeof value === "string" ? fold(value) : value.map(fold).join(",");
}

/** S3's canonical request: unlike the other services, the URI is the path exactly as the client encoded it. */
export function s3CanonicalRequest(request: S3AuthRequest, auth: SigV4Auth, hash: string): string {
  const lines = auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`);
  return [request.method.toUpperCase(), request.path || "/", canonicalQuery(request.query), lines.join(""), auth.signedHeaders.join(";"), hash].join("\n");
}

export interface S3AuthOptions {
  authenticator: Authenticator;
  strict: boolean;
  defaultAccount: string;
  defaultRegion: string;
}

/** Authenticates an S3 request on its headers; throws S3's error for what fails. */
export function authenticateS3(request: S3AuthRequest, options: S3AuthOptions): S3Caller {
  const sig: SigV4Request = { ...request, body: new Uint8Array() };
  const parsed = parseSigV4(sig);
  if (parsed.kind === "unsigned") {
    const payload = payloadOf(request);
    if (options.strict)
      return { principal: { accessKeyId: "", arn: "*", isRoot: false }, anonymous: true, account: "", region: options.defaultRegion, payload };
    const account = options.defaultAccount;
    return {
      principal: { accessKeyId: "", arn: rootArn(account, options.defaultRegion), isRoot: true },
      anonymous: false,
      account,
      region: options.defaultRegion,
      payload,
    };
  }
  if (parsed.kind === "malformed") {
    throw s3Error(header(request, "authorization") === undefined ? "AuthorizationQueryParametersError" : "AuthorizationHeaderMalformed", parsed.message, 400);
  }
  try {
    options.authenticator.precheck({
      method: request.method,
      url: `${request.path}${request.query === "" ? "" : `?${request.query}`}`,
      headers: request.headers,
    });
  } catch (error) {
    throw error instanceof AwsError ? inS3Words(error) : error;
  }
  const auth = parsed.auth;
  const known = options.authenticator.knownKey(auth.accessKeyId);
  const declared = header(request, "x-amz-content-sha256")?.trim();
  if (!auth.presigned && declared === undefined) throw s3Error("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400);
  if (declared !== undefined && declared !== UNSIGNED_PAYLOAD && !STREAMING.has(declared) && !HEX_SHA256.test(declared)) {
    throw s3Error("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.", 400, {
      ArgumentName: "x-amz-content-sha256",
      ArgumentValue: declared,
    });
  }
  if (known === undefined) {
    // Relaxed mode: an unknown key is a root whose signature nobody can check (accounts.ts's rule).
    const account = auth.accessKeyId === TEST_ACCESS_KEY ? TEST_ACCOUNT : ACCOUNT_ID.test(auth.accessKeyId) ? auth.accessKeyId : options.defaultAccount;
    return {
      principal: { accessKeyId: auth.accessKeyId, arn: rootArn(account, auth.region), isRoot: true },
      anonymous: false,
      account,
      region: auth.region,
      payload: payloadOf(request),
    };
  }
  if (auth.date !== auth.amzDate.slice(0, 8))
    throw s3Error("AuthorizationHeaderMalformed", `The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.`, 400);
  const coverage = checkSignedHeaders(request, auth);
  if (!coverage.ok) throw s3Error("AccessDenied", coverage.message, 403);
  const hash = auth.presigned ? (declared ?? UNSIGNED_PAYLOAD) : (declared as string);
  const key = signingKey(known.secretAccessKey, auth.date, auth.region, auth.service);
  const expected = createHmac("sha256", key)
    .update(stringToSign(auth, s3CanonicalRequest(request, auth, hash)), "utf8")
    .digest("hex");
  if (!sameHex(expected, auth.signature)) throw signatureDoesNotMatch();
  const payload = payloadOf(request);
  if (payload.kind === "chunked" && declared?.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")) {
    payload.signer = { key, amzDate: auth.amzDate, scope: credentialScope(auth), seed: auth.signature };
  }
  return {
    principal: { accessKeyId: auth.accessKeyId, arn: known.isRoot ? rootArn(known.account, auth.region) : known.arn, isRoot: known.isRoot },
    anonymous: false,
    account: known.account,
    region: auth.region,
    payload,
  };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The payload check the declared hash asks for; an unsigned request's body is taken as it comes. */
function payloadOf(request: S3AuthRequest): Payload {
  const declared = header(request, "x-amz-content-sha256")?.trim();
  if (declared !== undefined && STREAMING.has(declared)) return { kind: "chunked", trailer: declared.endsWith("TRAILER") };
  if (declared !== undefined && HEX_SHA256.test(declared)) return { kind: "sha256", hash: declared };
  // The SDKs send aws-chunked bodies without a streaming hash when they are unsigned (over plain HTTP).
  if ((header(request, "content-encoding") ?? "").split(",").some((e) => e.trim() === "aws-chunked"))
    return { kind: "chunked", trailer: header(request, "x-amz-trailer") !== undefined };
  return { kind: "unsigned" };
}
