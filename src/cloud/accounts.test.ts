/** Account rules, relaxed vs strict, and AWS's auth errors per protocol family. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { Authenticator, type AuthRequest, type AuthMode } from "./accounts.js";
import { ManualClock } from "./clock.js";
import { AwsError } from "./protocol/aws-error.js";

const Sha256 = Hash.bind(null, "sha256");
const T0 = Date.UTC(2026, 0, 1);

async function signed(
  accessKeyId: string,
  secretAccessKey: string,
  options: { service?: string; region?: string; date?: number; sessionToken?: string; body?: string } = {},
): Promise<AuthRequest> {
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) },
    region: options.region ?? "us-east-1",
    service: options.service ?? "logs",
    sha256: Sha256,
  });
  const body = new TextEncoder().encode(options.body ?? "{}");
  const request = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      path: "/",
      headers: { host: "127.0.0.1:4566", "x-amz-target": "Logs_20140328.DescribeLogGroups" },
      body,
    }),
    { signingDate: new Date(options.date ?? T0) },
  );
  return { method: "POST", url: "/", headers: request.headers, body };
}

const unsigned: AuthRequest = { method: "POST", url: "/", headers: { host: "127.0.0.1:4566" }, body: new Uint8Array() };

function make(mode: AuthMode, clock = new ManualClock(T0)) {
  return new Authenticator({ mode, defaultAccount: "123456789012", defaultRegion: "eu-west-1", clock });
}

function rejects(fn: () => unknown, code: string, status: number, message?: string | RegExp) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AwsError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    if (typeof message === "string") assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return;
  }
  assert.fail(`expected ${code}`);
}

test("relaxed: test, 12-digit keys and unknown keys are roots, with any secret", async () => {
  const auth = make("relaxed");
  const a = auth.authenticate(await signed("test", "anything", { region: "us-west-2" }), "logs");
  assert.deepEqual(a, {
    principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true },
    account: "000000000000",
    region: "us-west-2",
    service: "logs",
  });
  const b = auth.authenticate(await signed("111122223333", "x"), "logs");
  assert.equal(b.account, "111122223333");
  assert.equal(b.principal.arn, "arn:aws:iam::111122223333:root");
  const c = auth.authenticate(await signed("AKIAUNKNOWN", "x"), "logs");
  assert.equal(c.account, "123456789012");
  // 11 digits is not an account id: the default account.
  assert.equal(auth.authenticate(await signed("11112222333", "x"), "logs").account, "123456789012");
});

test("relaxed: an unsigned request is the default account's root in the default region", () => {
  const a = make("relaxed").authenticate(unsigned, "logs");
  assert.deepEqual(a, {
    principal: { accessKeyId: "", arn: "arn:aws:iam::123456789012:root", isRoot: true },
    account: "123456789012",
    region: "eu-west-1",
  });
});

test("relaxed: request time is not checked for unknown keys", async () => {
  const auth = make("relaxed");
  assert.equal(auth.authenticate(await signed("test", "x", { date: T0 - 86_400_000 }), "logs").account, "000000000000");
});

test("a registered key always has its signature checked, in relaxed mode too", async () => {
  const auth = make("relaxed");
  auth.registerKey("AKIAALICE", { secretAccessKey: "alice-secret", account: "222233334444", arn: "arn:aws:iam::222233334444:user/alice", isRoot: false });
  const ok = auth.authenticate(await signed("AKIAALICE", "alice-secret"), "logs");
  assert.deepEqual(ok.principal, { accessKeyId: "AKIAALICE", arn: "arn:aws:iam::222233334444:user/alice", isRoot: false });
  assert.equal(ok.account, "222233334444");
  const bad = await signed("AKIAALICE", "wrong");
  rejects(
    () => auth.authenticate(bad, "logs"),
    "InvalidSignatureException",
    400,
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );
  rejects(() => auth.authenticate(bad, "iam", "query"), "SignatureDoesNotMatch", 403);
  rejects(() => auth.authenticate(bad, "ec2"), "SignatureDoesNotMatch", 403);
  // A tampered body fails just as a wrong secret does.
  const tampered = await signed("AKIAALICE", "alice-secret", { body: '{"a":1}' });
  rejects(() => auth.authenticate({ ...tampered, body: new TextEncoder().encode('{"a":2}') }, "logs"), "InvalidSignatureException", 400);
  auth.removeKey("AKIAALICE");
  // Removed (deleted or made Inactive by IAM): refused, never taken for a root as an unknown key would be.
  rejects(() => auth.authenticate(bad, "logs"), "UnrecognizedClientException", 400);
});

test("temporary credentials: token required, expiry from the injected clock", async () => {
  const clock = new ManualClock(T0);
  const auth = make("relaxed", clock);
  auth.registerKey("ASIATEMP", {
    secretAccessKey: "temp-secret",
    account: "222233334444",
    arn: "arn:aws:sts::222233334444:assumed-role/my-flowlog-role/s1",
    isRoot: false,
    sessionToken: "token-1",
    expiresAt: T0 + 3_600_000,
  });
  const good = await signed("ASIATEMP", "temp-secret", { sessionToken: "token-1" });
  assert.equal(auth.authenticate(good, "logs").principal.arn, "arn:aws:sts::222233334444:assumed-role/my-flowlog-role/s1");
  const noToken = await signed("ASIATEMP", "temp-secret");
  rejects(() => auth.authenticate(noToken, "logs"), "UnrecognizedClientException", 400, "The security token included in the request is invalid.");
  const wrongToken = await signed("ASIATEMP", "temp-secret", { sessionToken: "token-2" });
  rejects(() => auth.authenticate(wrongToken, "sts"), "InvalidClientTokenId", 403);
  clock.advance(3_600_000);
  rejects(() => auth.authenticate(good, "logs"), "ExpiredTokenException", 400, "The security token included in the request is expired");
  rejects(() => auth.authenticate(good, "iam"), "ExpiredToken", 403, "The security token included in the request is expired");
  rejects(() => auth.authenticate(good, "ec2"), "RequestExpired", 400, "Request has expired.");
});

test("strict: unknown keys refused, in each protocol's words", async () => {
  const auth = make("strict");
  const request = await signed("test", "test");
  rejects(() => auth.authenticate(request, "logs"), "UnrecognizedClientException", 400, "The security token included in the request is invalid.");
  rejects(() => auth.authenticate(request, "iam"), "InvalidClientTokenId", 403, "The security token included in the request is invalid.");
  rejects(() => auth.authenticate(request, "sts"), "InvalidClientTokenId", 403);
  rejects(() => auth.authenticate(request, "ec2"), "AuthFailure", 401, "AWS was not able to validate the provided access credentials");
  // The protocol the pipeline names wins over the signing name's default.
  rejects(() => auth.authenticate(request, "monitoring", "query"), "InvalidClientTokenId", 403);
});

test("strict: unsigned requests refused", () => {
  const auth = make("strict");
  rejects(() => auth.authenticate(unsigned, "logs"), "MissingAuthenticationTokenException", 400, "Missing Authentication Token");
  rejects(() => auth.authenticate(unsigned, "sts"), "MissingAuthenticationToken", 403, "Request is missing Authentication Token");
  rejects(() => auth.authenticate(unsigned, "ec2"), "MissingParameter", 400, "The request must contain the parameter AWSAccessKeyId");
});

test("strict: registered keys work; dates more than 15 minutes off are refused", async () => {
  const clock = new ManualClock(T0);
  const auth = make("strict", clock);
  auth.registerKey("test", { secretAccessKey: "test", account: "000000000000", arn: "arn:aws:iam::000000000000:root", isRoot: true });
  assert.equal(auth.authenticate(await signed("test", "test"), "logs").account, "000000000000");
  const old = await signed("test", "test", { date: T0 - 16 * 60_000 });
  rejects(
    () => auth.authenticate(old, "logs"),
    "InvalidSignatureException",
    400,
    "Signature expired: 20251231T234400Z is now earlier than 20251231T234500Z (20260101T000000Z - 15 min.)",
  );
  rejects(() => auth.authenticate(old, "iam"), "SignatureDoesNotMatch", 403, /^Signature expired: /);
  rejects(() => auth.authenticate(old, "ec2"), "RequestExpired", 400, "Request has expired.");
  const future = await signed("test", "test", { date: T0 + 16 * 60_000 });
  rejects(() => auth.authenticate(future, "logs"), "InvalidSignatureException", 400, /^Signature not yet current: 20260101T001600Z is still later than/);
  // Within the window either side is fine.
  assert.ok(auth.authenticate(await signed("test", "test", { date: T0 + 14 * 60_000 }), "logs"));
  assert.ok(auth.authenticate(await signed("test", "test", { date: T0 - 14 * 60_000 }), "logs"));
  const wrongSecret = await signed("test", "nope");
  rejects(() => auth.authenticate(wrongSecret, "logs"), "InvalidSignatureException", 400);
});

test("malformed Authorization headers are IncompleteSignature in both modes", () => {
  const request: AuthRequest = {
    method: "POST",
    url: "/",
    headers: { host: "h", "x-amz-date": "20260101T000000Z", authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request" },
    body: new Uint8Array(),
  };
  for (const mode of ["relaxed", "strict"] as const) {
    rejects(() => make(mode).authenticate(request, "logs"), "IncompleteSignatureException", 400, /requires 'Signature' parameter/);
    rejects(() => make(mode).authenticate(request, "iam"), "IncompleteSignature", 400);
  }
});

test("a parsed URL works as well as the raw target", async () => {
  const auth = make("strict");
  auth.registerKey("test", { secretAccessKey: "test", account: "000000000000", arn: "arn:aws:iam::000000000000:root", isRoot: true });
  const request = await signed("test", "test");
  assert.equal(auth.authenticate({ ...request, url: new URL("http://localhost/") }, "logs").account, "000000000000");
});

test("the default account must be 12 digits", () => {
  assert.throws(() => new Authenticator({ mode: "relaxed", defaultAccount: "abc", defaultRegion: "us-east-1", clock: new ManualClock() }));
});

test("precheck: what the headers alone decide, before a large body is read", async () => {
  const clock = new ManualClock(T0);
  const strict = make("strict", clock);
  strict.registerKey("test", { secretAccessKey: "test", account: "000000000000", arn: "arn:aws:iam::000000000000:root", isRoot: true });
  const { body: _body, ...headersOnly } = await signed("test", "test");
  // A known key within the time window passes, whatever the signature: that needs the body.
  strict.precheck(headersOnly);
  const { body: _wrong, ...wrongSecret } = await signed("test", "not-the-secret");
  strict.precheck(wrongSecret);
  rejects(
    () => strict.precheck({ method: "POST", url: "/", headers: { host: "h", "x-amz-target": "Logs_20140328.PutLogEvents" } }),
    "MissingAuthenticationTokenException",
    400,
  );
  rejects(
    () => strict.precheck({ method: "POST", url: "/", headers: { host: "h", "content-type": "application/x-www-form-urlencoded" } }),
    "MissingAuthenticationToken",
    403,
  );
  const { body: _b1, ...unknown } = await signed("AKIAUNKNOWN", "x");
  rejects(() => strict.precheck(unknown), "UnrecognizedClientException", 400);
  const { body: _b2, ...stale } = await signed("test", "test", { date: T0 - 16 * 60_000 });
  rejects(() => strict.precheck(stale), "InvalidSignatureException", 400, /^Signature expired: /);
  const { body: _b3, ...iam } = await signed("AKIAUNKNOWN", "x", { service: "iam" });
  rejects(() => strict.precheck(iam), "InvalidClientTokenId", 403);
  // Relaxed: the unsigned caller is the root, so nothing the headers say refuses it.
  make("relaxed").precheck({ method: "POST", url: "/", headers: { host: "h" } });
  rejects(
    () => make("relaxed").precheck({ method: "POST", url: "/", headers: { host: "h", authorization: "AWS4-HMAC-SHA256 Credential=x" } }),
    "IncompleteSignatureException",
    400,
  );
});

test("a long-term key's last use: every request in memory, handed on for storage at most once a minute", async () => {
  const clock = new ManualClock(T0);
  const auth = make("relaxed", clock);
  const persisted: [string, number, string, string][] = [];
  auth.onKeyUsed((id, use) => persisted.push([id, use.when, use.service, use.region]));
  auth.registerKey("AKIAALICE", { secretAccessKey: "alice-secret", account: "222233334444", arn: "arn:aws:iam::222233334444:user/alice", isRoot: false });
  assert.equal(auth.lastUsed("AKIAALICE"), undefined);
  auth.authenticate(await signed("AKIAALICE", "alice-secret", { service: "logs", region: "eu-west-1" }), "logs");
  clock.advance(30_000);
  auth.authenticate(await signed("AKIAALICE", "alice-secret", { service: "ec2", region: "us-east-2", date: T0 + 30_000 }), "ec2");
  assert.deepEqual(auth.lastUsed("AKIAALICE"), { when: T0 + 30_000, service: "ec2", region: "us-east-2" });
  assert.deepEqual(persisted, [["AKIAALICE", T0, "logs", "eu-west-1"]]);
  clock.advance(30_000);
  auth.authenticate(await signed("AKIAALICE", "alice-secret", { service: "iam", date: T0 + 60_000 }), "iam", "query");
  assert.deepEqual(persisted.at(-1), ["AKIAALICE", T0 + 60_000, "iam", "us-east-1"]);
  assert.equal(persisted.length, 2);
  // Temporary credentials are not recorded (AWS reports last use for access keys).
  auth.registerKey("ASIASESSION", {
    secretAccessKey: "s",
    account: "222233334444",
    arn: "arn:aws:iam::222233334444:user/alice",
    isRoot: false,
    sessionToken: "tok",
    expiresAt: T0 + 3_600_000,
  });
  auth.authenticate(await signed("ASIASESSION", "s", { sessionToken: "tok", date: T0 + 60_000 }), "logs");
  assert.equal(auth.lastUsed("ASIASESSION"), undefined);
});
