/**
 * AWS Signature Version 4 on the server side: reading the Authorization header (or a presigned query),
 * rebuilding the canonical request from the raw request, and checking the signature and the request time.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { echo } from "./echo.js";

export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** AWS accepts a request signed up to 15 minutes before or after its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** A SigV4 signing key is valid seven days, so no presigned request may live longer (S3 API Reference). */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;

/** A request as it arrived, before anything decoded it: what a signature covers. */
export interface SigV4Request {
  method: string;
  /** The path as received, still percent-encoded, without the query. */
  path: string;
  /** The raw query string, without the `?`. */
  query: string;
  /**
   * Header names in lower case, as Node gives them. Pass `IncomingMessage.headersDistinct` when a
   * header may repeat: repeated values are joined with `,` as SigV4 requires, not Node's `, `.
   */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array;
}

/** What the Authorization header (or the presigned query) says. */
export interface SigV4Auth {
  accessKeyId: string;
  /** The credential scope's date, `YYYYMMDD`. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** `X-Amz-Date` (or `Date`) in ISO 8601 basic form, `20260101T000000Z`: what was signed. */
  amzDate: string;
  /** amzDate as epoch milliseconds. */
  requestTime: number;
  /** `X-Amz-Security-Token`, for temporary credentials. */
  securityToken?: string;
  /** True when the signature came in the query string (`X-Amz-Signature`). */
  presigned: boolean;
  /** Presigned requests: `X-Amz-Expires`, in seconds. */
  expiresIn?: number;
}

export type SigV4Parse =
  | { kind: "unsigned" }
  | { kind: "signed"; auth: SigV4Auth }
  /** The request tried to sign and got it wrong: AWS's IncompleteSignature, with this message. */
  | { kind: "malformed"; message: string };

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

function header(request: Pick<SigV4Request, "headers">, name: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(",");
}

/** The request's date, as SigV4 reads it: `X-Amz-Date`, else a `Date` header. */
function requestDate(request: SigV4Request, fromQuery: string | undefined): string | undefined {
  const amz = fromQuery ?? header(request, "x-amz-date");
  if (amz !== undefined) return amz.trim();
  const date = header(request, "date");
  if (date === undefined) return undefined;
  if (AMZ_DATE.test(date.trim())) return date.trim();
  // An RFC 1123 Date header is accepted by AWS; SigV4 still signs its ISO 8601 basic form.
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : formatAmzDate(ms);
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}/, "")
    .replace(/[-:]/g, "");
}

export function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 20260231 over into March; a date that does not round-trip is not a date.
  return formatAmzDate(ms) === value ? ms : undefined;
}

/** Reads the Authorization header, or failing that a presigned query string. Never throws. */
export function parseSigV4(request: SigV4Request): SigV4Parse {
  const authorization = header(request, "authorization");
  if (authorization !== undefined) return parseAuthorizationHeader(request, authorization);
  if (/(?:^|&)X-Amz-Algorithm=/.test(request.query)) return parsePresigned(request);
  return { kind: "unsigned" };
}

function parseAuthorizationHeader(request: SigV4Request, authorization: string): SigV4Parse {
  const trimmed = authorization.trim();
  const space = trimmed.indexOf(" ");
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    return { kind: "malformed", message: `Unsupported AWS 'algorithm': '${echo(algorithm)}'` };
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const problems: string[] = [];
  for (const name of ["Credential", "Signature", "SignedHeaders"]) {
    if (!fields.get(name)) problems.push(`Authorization header requires '${name}' parameter.`);
  }
  const amzDate = requestDate(request, undefined);
  if (amzDate === undefined) {
    problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (problems.length > 0) return { kind: "malformed", message: `${problems.join(" ")} Authorization=${echo(trimmed)}` };
  return build(
    fields.get("Credential") as string,
    fields.get("SignedHeaders") as string,
    fields.get("Signature") as string,
    amzDate as string,
    header(request, "x-amz-security-token"),
    false,
    undefined,
  );
}

function parsePresigned(request: SigV4Request): SigV4Parse {
  const params = new Map<string, string>();
  for (const [key, value] of rawQueryPairs(request.query)) params.set(decodeComponent(key), decodeComponent(value));
  const algorithm = params.get("X-Amz-Algorithm");
  if (algorithm !== SIGV4_ALGORITHM) {
    return { kind: "malformed", message: `Unsupported AWS 'algorithm': '${echo(algorithm ?? "")}'` };
  }
  const problems: string[] = [];
  for (const name of ["X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]) {
    if (!params.get(name)) problems.push(`AWS query-string parameters must include '${name}'.`);
  }
  if (problems.length > 0) return { kind: "malformed", message: `${problems.join(" ")} Re-examine the query-string parameters.` };
  const expires = params.get("X-Amz-Expires");
  const expiresIn = expires === undefined ? undefined : Number(expires);
  if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && expiresIn >= 0)) {
    return { kind: "malformed", message: "X-Amz-Expires must be non-negative" };
  }
  if (expiresIn !== undefined && expiresIn > MAX_PRESIGNED_EXPIRES_SECONDS) {
    // S3's words (AuthorizationQueryParametersError); the other services share the signing-key limit.
    return {
      kind: "malformed",
      message: `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_EXPIRES_SECONDS} seconds`,
    };
  }
  return build(
    params.get("X-Amz-Credential") as string,
    params.get("X-Amz-SignedHeaders") as string,
    params.get("X-Amz-Signature") as string,
    params.get("X-Amz-Date") as string,
    params.get("X-Amz-Security-Token") ?? header(request, "x-amz-security-token"),
    true,
    expiresIn,
  );
}

function build(
  credential: string,
  signedHeaders: string,
  signature: string,
  amzDate: string,
  securityToken: string | undefined,
  presigned: boolean,
  expiresIn: number | undefined,
): SigV4Parse {
  // The access key may itself contain `/` in no AWS key format, so the last four parts are the scope.
  const parts = credential.split("/");
  if (parts.length < 5 || parts[parts.length - 1] !== "aws4_request") {
    return {
      kind: "malformed",
      message: `Credential should be scoped with a valid terminator: 'aws4_request', not '${echo(parts[parts.length - 1] ?? "")}'.`,
    };
  }
  const [service, region, date] = [parts[parts.length - 2], parts[parts.length - 3], parts[parts.length - 4]] as [string, string, string];
  const accessKeyId = parts.slice(0, parts.length - 4).join("/");
  if (!accessKeyId) return { kind: "malformed", message: "Credential should have an access key id." };
  if (!/^\d{8}$/.test(date)) {
    return { kind: "malformed", message: `Credential should be scoped to a valid date, not '${echo(date)}'.` };
  }
  const requestTime = parseAmzDate(amzDate);
  if (requestTime === undefined) {
    return { kind: "malformed", message: `Invalid date format '${echo(amzDate)}': expected YYYYMMDD'T'HHMMSS'Z'.` };
  }
  const auth: SigV4Auth = {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: signedHeaders.split(";").map((h) => h.trim().toLowerCase()),
    signature,
    amzDate,
    requestTime,
    presigned,
  };
  if (securityToken !== undefined) auth.securityToken = securityToken;
  if (expiresIn !== undefined) auth.expiresIn = expiresIn;
  return { kind: "signed", auth };
}

/** `a=1&b` -> [["a","1"],["b",""]], still percent-encoded. */
function rawQueryPairs(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (query === "") return pairs;
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    pairs.push(eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * Percent-decoding only: a literal `+` stays a `+` (and so is signed as `%2B`), because SigV4 clients
 * encode a space as `%20`. A malformed escape is kept as it came, so the signature simply fails to match.
 */
function decodeComponent(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** RFC 3986 encoding with SigV4's unreserved set `A-Za-z0-9-_.~`. */
export function uriEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be UTF-8 encoded; AWS would see U+FFFD after the client encoded it.
    encoded = encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Non-S3 services: the path normalized (`.`, `..`, empty segments) and encoded a second time. */
export function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return uriEncode(`/${segments.join("/")}${trailing}`).replace(/%2F/g, "/");
}

/** Pairs decoded then re-encoded, sorted by encoded name then value; `X-Amz-Signature` left out. */
export function canonicalQuery(query: string): string {
  const encoded: Array<[string, string]> = [];
  for (const [key, value] of rawQueryPairs(query)) {
    const name = uriEncode(decodeComponent(key));
    if (name === "X-Amz-Signature") continue;
    encoded.push([name, uriEncode(decodeComponent(value))]);
  }
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return encoded.map(([k, v]) => `${k}=${v}`).join("&");
}

/** Trimmed, with runs of whitespace folded to one space; repeated headers joined with `,`. */
function canonicalHeaderValue(value: string | readonly string[] | undefined): string {
  if (value === undefined) return "";
  const fold = (v: string) => v.replace(/[ \t\r\n\v\f]+/g, " ").trim();
  return typeof value === "string" ? fold(value) : value.map(fold).join(",");
}

/**
 * The payload hash: `X-Amz-Content-SHA256` when the client sent one (as botocore does), so
 * `UNSIGNED-PAYLOAD` skips hashing the body; otherwise SHA-256 of the raw body, computed once.
 */
export function payloadHash(request: SigV4Request): string {
  const declared = header(request, "x-amz-content-sha256");
  if (declared !== undefined) return declared.trim();
  return createHash("sha256").update(request.body).digest("hex");
}

export function canonicalRequest(request: SigV4Request, auth: SigV4Auth, hash = payloadHash(request)): string {
  const headerLines = auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`);
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    headerLines.join(""),
    auth.signedHeaders.join(";"),
    hash,
  ].join("\n");
}

export function credentialScope(auth: Pick<SigV4Auth, "date" | "region" | "service">): string {
  return `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
}

export function stringToSign(auth: SigV4Auth, canonical: string): string {
  const hashed = createHash("sha256").update(canonical, "utf8").digest("hex");
  return `${SIGV4_ALGORITHM}\n${auth.amzDate}\n${credentialScope(auth)}\n${hashed}`;
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac("sha256", `AWS4${secretAccessKey}`).update(date, "utf8").digest();
  const kRegion = createHmac("sha256", kDate).update(region, "utf8").digest();
  const kService = createHmac("sha256", kRegion).update(service, "utf8").digest();
  return createHmac("sha256", kService).update("aws4_request", "utf8").digest();
}

/** The signature the request should carry, were it signed with this secret. */
export function expectedSignature(request: SigV4Request, auth: SigV4Auth, secretAccessKey: string): string {
  const key = signingKey(secretAccessKey, auth.date, auth.region, auth.service);
  return createHmac("sha256", key)
    .update(stringToSign(auth, canonicalRequest(request, auth)), "utf8")
    .digest("hex");
}

export type SignatureCheck = { ok: true } | { ok: false; message: string };

/** AWS's words when `host` is not among the signed headers (JSON and Query services alike). */
export const HOST_NOT_SIGNED_MESSAGE = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

/**
 * What the signature must cover before it is worth checking: `host` (else a signature is replayable
 * against another endpoint, and with nothing else signed, against another operation), every
 * `x-amz-*` header the request carries (S3's rule, applied to every service here, since
 * `X-Amz-Target` picks the operation), and the `Date` header when it stands in for `X-Amz-Date`.
 */
export function checkSignedHeaders(request: Pick<SigV4Request, "headers">, auth: SigV4Auth): SignatureCheck {
  const signed = new Set(auth.signedHeaders);
  if (!signed.has("host") && !signed.has(":authority")) return { ok: false, message: HOST_NOT_SIGNED_MESSAGE };
  const unsigned = Object.keys(request.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith("x-amz-") && request.headers[name] !== undefined && !signed.has(name));
  if (!auth.presigned && header(request, "x-amz-date") === undefined && !signed.has("date")) unsigned.push("date");
  if (unsigned.length > 0) {
    // S3 answers AccessDenied with a <HeadersNotSigned> element; the other protocols have no such field, so the names go in the message.
    return { ok: false, message: `There were headers present in the request which were not signed: ${unsigned.sort().join(", ")}` };
  }
  return { ok: true };
}

/** AWS's words for a signature that does not match (JSON, Query and EC2 services alike). */
export const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/**
 * Checks the signature over the raw body; the message is AWS's for the failure found.
 * `auth` is the parse of the same request, when the caller has it already.
 */
export function checkSignature(request: SigV4Request, secretAccessKey: string, auth?: SigV4Auth): SignatureCheck {
  if (auth === undefined) {
    const parsed = parseSigV4(request);
    if (parsed.kind !== "signed") return { ok: false, message: SIGNATURE_MISMATCH_MESSAGE };
    auth = parsed.auth;
  }
  if (auth.date !== auth.amzDate.slice(0, 8)) {
    // IAM User Guide, "Troubleshoot signed requests": the credential scope's date must be the request's.
    return {
      ok: false,
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${auth.amzDate.slice(0, 8)}', from '${auth.amzDate}'.`,
    };
  }
  const coverage = checkSignedHeaders(request, auth);
  if (!coverage.ok) return coverage;
  const declared = header(request, "x-amz-content-sha256")?.trim();
  if (declared !== undefined && HEX_SHA256.test(declared)) {
    // A declared hash only stands in for the body when it is the body's hash.
    if (createHash("sha256").update(request.body).digest("hex") !== declared) {
      return { ok: false, message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
    }
  }
  const expected = Buffer.from(expectedSignature(request, auth, secretAccessKey), "utf8");
  const given = Buffer.from(auth.signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, message: SIGNATURE_MISMATCH_MESSAGE };
  }
  return { ok: true };
}

/** True when the request is signed, well formed, and its signature matches this secret. */
export function verifySignature(request: SigV4Request, secretAccessKey: string, auth?: SigV4Auth): boolean {
  return checkSignature(request, secretAccessKey, auth).ok;
}

/**
 * The request-time check: more than 15 minutes either side of `now` fails with AWS's message, e.g.
 * `Signature expired: 20140325T143453Z is now earlier than 20140325T143751Z (20140325T145251Z - 15 min.)`
 * (aws/aws-sdk-js#254) or `Signature not yet current: ... is still later than ... (... + 15 min.)`
 * (aws/aws-sdk-js#2565). Presigned requests also expire `X-Amz-Expires` seconds after their date.
 */
export function checkRequestTime(auth: SigV4Auth, now: number, maxSkewMs = MAX_CLOCK_SKEW_MS): SignatureCheck {
  const minutes = Math.round(maxSkewMs / 60_000);
  if (auth.requestTime < now - maxSkewMs) {
    return {
      ok: false,
      message: `Signature expired: ${auth.amzDate} is now earlier than ${formatAmzDate(now - maxSkewMs)} (${formatAmzDate(now)} - ${minutes} min.)`,
    };
  }
  if (auth.requestTime > now + maxSkewMs) {
    return {
      ok: false,
      message: `Signature not yet current: ${auth.amzDate} is still later than ${formatAmzDate(now + maxSkewMs)} (${formatAmzDate(now)} + ${minutes} min.)`,
    };
  }
  if (auth.presigned && auth.expiresIn !== undefined && now > auth.requestTime + auth.expiresIn * 1000) {
    return {
      ok: false,
      message: `Signature expired: ${auth.amzDate} is now earlier than ${formatAmzDate(now - auth.expiresIn * 1000)} (${formatAmzDate(now)} - ${auth.expiresIn} sec.)`,
    };
  }
  return { ok: true };
}

/** Splits a request target (`/path?query`) into the two parts a signature covers. */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf("?");
  return q < 0 ? { path: target || "/", query: "" } : { path: target.slice(0, q) || "/", query: target.slice(q + 1) };
}
