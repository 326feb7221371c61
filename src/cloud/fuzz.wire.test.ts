import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { LocalCloud } from "./cloud.js";
import { createServices } from "./services.js";
import { Store } from "./store/store.js";
import { systemClock } from "./clock.js";

// Every operation every service offers, so the fuzzer reaches each one's validation.
const services = createServices({ store: new Store({ memory: true }), clock: systemClock });
const targets = services.flatMap((s) => Object.keys(s.operations).map((op) => ({ prefix: s.targetPrefix ?? "", op })));
const members = [
  "logGroupName",
  "logStreamName",
  "logEvents",
  "limit",
  "nextToken",
  "startTime",
  "endTime",
  "filterPattern",
  "logGroupIdentifier",
  "tags",
  "retentionInDays",
  "policyDocument",
  "destinationArn",
  "orderBy",
  "descending",
  "logStreamNames",
  "resourceArn",
  "name",
  "kmsKeyId",
];

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ maxLength: 40 }),
    fc.constantFrom("", "-", "*", "a".repeat(600), "x".repeat(300_000), "\u0000", "😀", "../..", "%s%n"),
    fc.integer(),
    fc.constantFrom(0, -1, 2 ** 53, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("timestamp", "message", "key", ...members), tie("value"), { maxKeys: 4 }),
  ),
})).value;

test("random JSON requests never get a 5xx and never crash the server", async () => {
  const bugs: unknown[] = [];
  const cloud = new LocalCloud({ memory: true, port: 0, onBug: (e) => bugs.push(e) });
  await cloud.start();
  const statuses = new Map<number, number>();
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.dictionary(fc.constantFrom(...members), jsonValue, { maxKeys: 6 }),
        fc.oneof(fc.constant("json"), fc.constant("garbage"), fc.constant("array")),
        async (target, input, shape) => {
          const body = shape === "json" ? JSON.stringify(input) : shape === "array" ? JSON.stringify([input]) : `{"${JSON.stringify(input).slice(3)}`;
          const response = await fetch(`${cloud.endpoint}/`, {
            method: "POST",
            headers: { "x-amz-target": `${target.prefix}.${target.op}`, "content-type": "application/x-amz-json-1.1" },
            body,
          });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          assert.ok(response.status < 500, `${target.op} answered ${response.status} to ${body.slice(0, 200)}`);
        },
      ),
      { numRuns: 600, seed: 20261127 },
    );
    assert.deepEqual(bugs, []);
    const health = await fetch(`${cloud.endpoint}/_flowwatch/health`);
    assert.equal(health.status, 200);
    assert.ok((statuses.get(200) ?? 0) > 0, "some requests should be valid enough to succeed");
  } finally {
    await cloud.stop();
  }
});

test("malformed headers, forms and signatures never get a 5xx", async () => {
  const bugs: unknown[] = [];
  const cloud = new LocalCloud({ memory: true, port: 0, onBug: (e) => bugs.push(e) });
  await cloud.start();
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          target: fc.oneof(
            fc.constant(undefined),
            fc.string({ maxLength: 30 }),
            fc.constantFrom("Logs_20140328.", ".", "Logs_20140328.__proto__", "Logs_20140328.constructor"),
          ),
          authorization: fc.oneof(
            fc.constant(undefined),
            fc.string({ maxLength: 60 }),
            fc.constantFrom(
              "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=00",
              "AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=, Signature=",
              "AWS4-HMAC-SHA256",
            ),
          ),
          form: fc.oneof(
            fc.constant(undefined),
            fc.string({ maxLength: 60 }),
            fc.constantFrom(
              "Action=&Version=",
              "Action=X&A.member.99999999=1",
              "Action=ListUsers&Version=2010-05-08&X.member.0=1",
              "Action=DescribeVpcs&Filter.1.Value.1=a&Filter.1=b",
            ),
          ),
          path: fc.constantFrom("/", "//", "/_flowwatch/", "/_flowwatch/health/../reset", "/service/x/operation/y", "/%zz", "/?Action=Foo"),
        }),
        async ({ target, authorization, form, path }) => {
          const headers: Record<string, string> = {};
          if (target !== undefined) headers["x-amz-target"] = target;
          if (authorization !== undefined) headers.authorization = authorization;
          if (form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
          let response: Response;
          try {
            response = await fetch(`${cloud.endpoint}${path}`, { method: "POST", headers, body: form ?? "{}" });
          } catch {
            return; // fetch itself refuses some header values; nothing reached the server.
          }
          await response.arrayBuffer();
          assert.ok(response.status < 500, `${path} ${JSON.stringify(headers)} answered ${response.status}`);
        },
      ),
      { numRuns: 400, seed: 7 },
    );
    assert.deepEqual(bugs, []);
  } finally {
    await cloud.stop();
  }
});
