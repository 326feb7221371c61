/** SigV4 verification against AWS's published test suite and against @smithy/signature-v4's signer. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  checkRequestTime,
  checkSignature,
  checkSignedHeaders,
  HOST_NOT_SIGNED_MESSAGE,
  parseSigV4,
  signingKey,
  splitTarget,
  stringToSign,
  verifySignature,
  SIGNATURE_MISMATCH_MESSAGE,
  type SigV4Auth,
  type SigV4Request,
} from "./sigv4.js";

const enc = new TextEncoder();
// The signer wants a hash constructor; @smithy/hash-node exports the generic one.
const Sha256 = Hash.bind(null, "sha256");

function signedAuth(request: SigV4Request): SigV4Auth {
  const parsed = parseSigV4(request);
  assert.equal(parsed.kind, "signed", JSON.stringify(parsed));
  return (parsed as { auth: SigV4Auth }).auth;
}

// AWS's SigV4 test suite, https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html
// (aws-sig-v4-test-suite: get-vanilla, post-x-www-form-urlencoded), the values also shipped in
// @aws-sdk/signature-v4's suite.fixture.js.
const SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

test("AWS test suite get-vanilla", () => {
  const request: SigV4Request = {
    method: "GET",
    path: "/",
    query: "",
    headers: {
      host: "example.amazonaws.com",
      "x-amz-date": "20150830T123600Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    body: new Uint8Array(),
  };
  const auth = signedAuth(request);
  assert.deepEqual(
    { accessKeyId: auth.accessKeyId, date: auth.date, region: auth.region, service: auth.service },
    { accessKeyId: "AKIDEXAMPLE", date: "20150830", region: "us-east-1", service: "service" },
  );
  assert.deepEqual(auth.signedHeaders, ["host", "x-amz-date"]);
  assert.equal(
    canonicalRequest(request, auth),
    "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.ok(verifySignature(request, SUITE_SECRET));
  assert.ok(!verifySignature(request, "wrong-secret"));
});

test("AWS test suite post-x-www-form-urlencoded", () => {
  const request: SigV4Request = {
    method: "POST",
    path: "/",
    query: "",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      host: "example.amazonaws.com",
      "x-amz-date": "20150830T123600Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    },
    body: enc.encode("Param1=value1"),
  };
  const auth = signedAuth(request);
  const canonical = canonicalRequest(request, auth);
  assert.equal(
    canonical,
    "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
  );
  assert.equal(
    stringToSign(auth, canonical),
    "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
  );
  assert.ok(verifySignature(request, SUITE_SECRET));
  // One byte of body changed: the signature no longer covers it.
  assert.ok(!verifySignature({ ...request, body: enc.encode("Param1=value2") }, SUITE_SECRET));
});

// The IAM User Guide's ListUsers example (aws-spec.md §6): the signing key and signature it publishes.
test("IAM ListUsers example: signing key and signature", () => {
  assert.equal(signingKey(SUITE_SECRET, "20150830", "us-east-1", "iam").toString("hex"), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  const request: SigV4Request = {
    method: "GET",
    path: "/",
    query: "Action=ListUsers&Version=2010-05-08",
    headers: {
      host: "iam.amazonaws.com",
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      "x-amz-date": "20150830T123600Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    },
    body: new Uint8Array(),
  };
  assert.ok(verifySignature(request, SUITE_SECRET));
});

/** Signs with the SDK's own signer, then turns its output into the request a server would receive. */
async function smithySigned(options: {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: Uint8Array;
  secret?: string;
  sessionToken?: string;
  date?: Date;
  service?: string;
  region?: string;
}): Promise<SigV4Request> {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: options.secret ?? "s3cr3t",
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
    region: options.region ?? "us-east-1",
    service: options.service ?? "logs",
    sha256: Sha256,
  });
  const body = options.body ?? new Uint8Array();
  const request = new HttpRequest({
    method: options.method ?? "POST",
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 4566,
    path: options.path ?? "/",
    query: options.query ?? {},
    headers: { host: "127.0.0.1:4566", "content-type": "application/x-amz-json-1.1", ...options.headers },
    body,
  });
  const signed = await signer.sign(request, { signingDate: options.date ?? new Date("2026-01-01T00:00:00Z") });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  // The wire query string, built as the SDK's querystring-builder does.
  const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = Object.entries(signed.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${escape(k)}=${escape(String(item))}`))
    .join("&");
  return { method: signed.method, path: signed.path, query, headers, body };
}

test("requests signed by @smithy/signature-v4 verify", async () => {
  const request = await smithySigned({ body: enc.encode('{"logGroupName":"MyVpc22-Log"}') });
  const auth = signedAuth(request);
  assert.equal(auth.service, "logs");
  assert.equal(auth.accessKeyId, "AKIAIOSFODNN7EXAMPLE");
  assert.ok(verifySignature(request, "s3cr3t"));
  assert.ok(!verifySignature(request, "s3cr3T"));
});

test("a 1 MB body is hashed once and verified; one flipped byte fails", async () => {
  const body = randomBytes(1024 * 1024);
  const request = await smithySigned({ body });
  assert.ok(verifySignature(request, "s3cr3t"));
  const tampered = Buffer.from(body);
  tampered[512 * 1024] = (tampered[512 * 1024] as number) ^ 1;
  assert.ok(!verifySignature({ ...request, body: tampered }, "s3cr3t"));
});

test("query strings with odd characters", async () => {
  const odd = ["a b", "ü", "/slash", "%25", "+plus", "~tilde", "*star", "(paren)", "!bang", "'quote'", "=eq&amp", "é", "😀", ""];
  for (let i = 0; i < 40; i++) {
    const query: Record<string, string | string[]> = {};
    for (let k = 0; k < 4; k++) {
      const key = `${odd[(i + k) % odd.length]}k${k}`;
      query[key] = k === 2 ? [odd[(i * 3 + k) % odd.length] as string, `v${i}`] : (odd[(i * 7 + k) % odd.length] as string);
    }
    const request = await smithySigned({ method: "GET", query });
    assert.ok(verifySignature(request, "s3cr3t"), `query ${request.query}`);
  }
});

test("paths with encoded and dot segments", async () => {
  for (const path of ["/", "/service/Logs_20140328/operation/PutLogEvents", "/a%20b/c%2Fd", "/x/./y/../z/", "//double"]) {
    const request = await smithySigned({ path });
    assert.ok(verifySignature(request, "s3cr3t"), path);
  }
  assert.equal(canonicalUri("/a%20b"), "/a%2520b");
  assert.equal(canonicalUri("/x/./y/../z/"), "/x/z/");
});

test("header values with runs of spaces, tabs and repeated headers", async () => {
  const request = await smithySigned({ headers: { "x-amz-target": "Logs_20140328.PutLogEvents", "x-custom": "  a   b \t c  " } });
  // The signer folded the value; a server that receives the raw spacing must fold the same way.
  request.headers = { ...request.headers, "x-custom": "  a   b \t c  " };
  assert.ok(verifySignature(request, "s3cr3t"));
  request.headers = { ...request.headers, "x-custom": "a b c" };
  assert.ok(verifySignature(request, "s3cr3t"));
  request.headers = { ...request.headers, "x-custom": "a bc" };
  assert.ok(!verifySignature(request, "s3cr3t"));
  // Repeated header lines are joined with `,` (no space), as headersDistinct delivers them.
  const twice = await smithySigned({ headers: { "x-multi": "one,two" } });
  twice.headers = { ...twice.headers, "x-multi": [" one ", "two"] };
  assert.ok(verifySignature(twice, "s3cr3t"));
});

test("x-amz-content-sha256: declared hash used, must match; UNSIGNED-PAYLOAD skips the body", async () => {
  const body = enc.encode("Action=ListUsers&Version=2010-05-08");
  const hash = createHash("sha256").update(body).digest("hex");
  const declared = await smithySigned({ body, headers: { "x-amz-content-sha256": hash } });
  assert.ok(verifySignature(declared, "s3cr3t"));
  const swapped = checkSignature({ ...declared, body: enc.encode("Action=DeleteUser") }, "s3cr3t");
  assert.equal(swapped.ok, false);

  const unsigned = await smithySigned({ body, headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
  assert.ok(verifySignature(unsigned, "s3cr3t"));
  assert.ok(verifySignature({ ...unsigned, body: enc.encode("anything") }, "s3cr3t"));
});

test("session tokens are read from the header", async () => {
  const request = await smithySigned({ sessionToken: "FQoGZXIvYXdzE" });
  const auth = signedAuth(request);
  assert.equal(auth.securityToken, "FQoGZXIvYXdzE");
  assert.ok(auth.signedHeaders.includes("x-amz-security-token"));
  assert.ok(verifySignature(request, "s3cr3t"));
});

test("presigned query-string auth", async () => {
  const signer = new SignatureV4({
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "s3cr3t" },
    region: "us-east-1",
    service: "sts",
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    new HttpRequest({
      method: "GET",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4566,
      path: "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
      headers: { host: "127.0.0.1:4566" },
    }),
    { signingDate: new Date("2026-01-01T00:00:00Z"), expiresIn: 900 },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  const request: SigV4Request = { method: "GET", path: "/", query, headers: { host: "127.0.0.1:4566" }, body: new Uint8Array() };
  const auth = signedAuth(request);
  assert.equal(auth.presigned, true);
  assert.equal(auth.expiresIn, 900);
  assert.equal(auth.service, "sts");
  assert.ok(verifySignature(request, "s3cr3t"));
  assert.ok(!verifySignature({ ...request, query: query.replace("GetCallerIdentity", "GetSessionToken") }, "s3cr3t"));
  assert.equal(checkRequestTime(auth, Date.UTC(2026, 0, 1, 0, 10)).ok, true);
  assert.equal(checkRequestTime(auth, Date.UTC(2026, 0, 1, 0, 16)).ok, false);
});

test("malformed and unsigned requests", () => {
  const base: SigV4Request = { method: "POST", path: "/", query: "", headers: { host: "h" }, body: new Uint8Array() };
  assert.deepEqual(parseSigV4(base), { kind: "unsigned" });
  const cases: Array<[string, RegExp]> = [
    ["AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/logs/aws4_request, SignedHeaders=host", /requires 'Signature' parameter/],
    ["AWS AKID:c2lnbmF0dXJl", /Unsupported AWS 'algorithm'/],
    ["AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/logs, SignedHeaders=host, Signature=ab", /aws4_request/],
    ["AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=ab", /valid date/],
  ];
  for (const [authorization, message] of cases) {
    const parsed = parseSigV4({ ...base, headers: { host: "h", "x-amz-date": "20260101T000000Z", authorization } });
    assert.equal(parsed.kind, "malformed", authorization);
    assert.match((parsed as { message: string }).message, message);
  }
  const noDate = parseSigV4({
    ...base,
    headers: { host: "h", authorization: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=ab" },
  });
  assert.equal(noDate.kind, "malformed");
  assert.match((noDate as { message: string }).message, /'X-Amz-Date' or a 'Date' header/);
  // A signature check on an unsigned request is simply false, never a throw.
  assert.equal(verifySignature(base, "x"), false);
});

test("credential scope date must be the request's date", async () => {
  const request = await smithySigned({});
  request.headers = { ...request.headers, authorization: String(request.headers.authorization).replace("/20260101/", "/20260102/") };
  const result = checkSignature(request, "s3cr3t");
  assert.equal(result.ok, false);
  assert.match((result as { message: string }).message, /^Date in Credential scope does not match YYYYMMDD/);
  const bad = checkSignature(
    {
      ...request,
      headers: {
        ...request.headers,
        authorization: String(request.headers.authorization)
          .replace("/20260102/", "/20260101/")
          .replace(/Signature=\w+/, "Signature=00"),
      },
    },
    "s3cr3t",
  );
  assert.deepEqual(bad, { ok: false, message: SIGNATURE_MISMATCH_MESSAGE });
});

test("request time: 15 minutes either side, AWS's messages", async () => {
  const auth = signedAuth(await smithySigned({ date: new Date("2026-01-01T00:00:00Z") }));
  assert.deepEqual(checkRequestTime(auth, Date.UTC(2026, 0, 1, 0, 15)), { ok: true });
  assert.deepEqual(checkRequestTime(auth, Date.UTC(2025, 11, 31, 23, 45)), { ok: true });
  assert.deepEqual(checkRequestTime(auth, Date.UTC(2026, 0, 1, 0, 20)), {
    ok: false,
    message: "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T002000Z - 15 min.)",
  });
  assert.deepEqual(checkRequestTime(auth, Date.UTC(2025, 11, 31, 23, 40)), {
    ok: false,
    message: "Signature not yet current: 20260101T000000Z is still later than 20251231T235500Z (20251231T234000Z + 15 min.)",
  });
});

test("splitTarget", () => {
  assert.deepEqual(splitTarget("/?Action=ListUsers"), { path: "/", query: "Action=ListUsers" });
  assert.deepEqual(splitTarget("/a/b"), { path: "/a/b", query: "" });
  assert.deepEqual(splitTarget("?x"), { path: "/", query: "x" });
});

test("canonical query sorts by encoded name, then value", () => {
  assert.equal(canonicalQuery("b=2&a=1&A=0&a=0"), "A=0&a=0&a=1&b=2");
  assert.equal(canonicalQuery("k=a%20b&x"), "k=a%20b&x=");
  assert.equal(canonicalQuery("k=a+b"), "k=a%2Bb");
  assert.equal(canonicalQuery("X-Amz-Signature=abc&a=1"), "a=1");
});

test("host must be signed, and so must every x-amz-* header present", async () => {
  const request = await smithySigned({ headers: { "x-amz-target": "Logs_20140328.DescribeLogGroups" } });
  const auth = signedAuth(request);
  assert.deepEqual(checkSignedHeaders(request, auth), { ok: true });
  const noHost = { ...auth, signedHeaders: auth.signedHeaders.filter((h) => h !== "host") };
  assert.deepEqual(checkSignature(request, "s3cr3t", noHost), { ok: false, message: HOST_NOT_SIGNED_MESSAGE });
  const noTarget = { ...auth, signedHeaders: auth.signedHeaders.filter((h) => h !== "x-amz-target" && h !== "x-amz-date") };
  assert.deepEqual(checkSignature(request, "s3cr3t", noTarget), {
    ok: false,
    message: "There were headers present in the request which were not signed: x-amz-date, x-amz-target",
  });
  // A header the client added after signing, even with the rest intact.
  const added = { ...request, headers: { ...request.headers, "x-amz-security-token": "stolen" } };
  assert.equal(checkSignature(added, "s3cr3t", auth).ok, false);
  // A Date header standing in for X-Amz-Date is part of what must be signed.
  const dated = { ...request, headers: { ...request.headers, date: "Thu, 01 Jan 2026 00:00:00 GMT" } };
  delete (dated.headers as Record<string, unknown>)["x-amz-date"];
  const datedAuth = { ...auth, signedHeaders: auth.signedHeaders.filter((h) => h !== "x-amz-date") };
  assert.deepEqual(checkSignedHeaders(dated, datedAuth), { ok: false, message: "There were headers present in the request which were not signed: date" });
});

test("presigned: X-Amz-Expires up to seven days, refused above", () => {
  const query = (expires: number) =>
    `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=00`;
  const parse = (expires: number) => parseSigV4({ method: "GET", path: "/", query: query(expires), headers: { host: "h" }, body: new Uint8Array() });
  assert.equal(parse(604800).kind, "signed");
  assert.deepEqual(parse(604801), {
    kind: "malformed",
    message: "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds",
  });
});
