/** Property tests: any text either parses or throws MalformedPolicyDocumentError, and evaluate never throws on what parses. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MalformedPolicyDocumentError, evaluate, parsePolicyDocument, principalFromArn } from "./index.js";
import type { PolicyKind } from "./index.js";

const KINDS: PolicyKind[] = ["identity", "resource", "trust"];

/** Policy-shaped JSON: the right field names with values that are sometimes right, sometimes anything. */
const scalar = fc.oneof(
  fc.constantFrom(
    "*",
    "logs:*",
    "sts:AssumeRole",
    "arn:aws:logs:*:*:log-group:*",
    "Allow",
    "Deny",
    "123456789012",
    "${aws:username}",
    "${*}",
    "10.0.0.0/8",
    "2020-01-01T00:00:00Z",
    "true",
  ),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));
const principal = fc.oneof(
  fc.constant("*"),
  fc.record({ AWS: value }, { requiredKeys: [] }),
  fc.record({ Service: fc.oneof(fc.constantFrom("vpc-flow-logs.amazonaws.com", "x"), value) }),
  value,
);
const operator = fc.constantFrom(
  "StringEquals",
  "StringNotLike",
  "ForAnyValue:StringLike",
  "ForAllValues:StringEquals",
  "NumericLessThan",
  "DateGreaterThan",
  "Bool",
  "IpAddress",
  "ArnLike",
  "Null",
  "StringEqualsIfExists",
  "Bogus",
  "NullIfExists",
  "__proto__",
);
const key = fc.constantFrom("aws:username", "aws:SourceIp", "aws:TagKeys", "aws:CurrentTime", "nokey", "__proto__", "constructor");
const condition = fc.oneof(fc.dictionary(operator, fc.oneof(fc.dictionary(key, value, { maxKeys: 2 }), value), { maxKeys: 2 }), value);
const statement = fc.oneof(
  fc.record(
    {
      Sid: fc.oneof(fc.constantFrom("", "S1", "bad sid"), value),
      Effect: fc.oneof(fc.constantFrom("Allow", "Deny"), value),
      Action: value,
      NotAction: value,
      Resource: value,
      NotResource: value,
      Principal: principal,
      NotPrincipal: principal,
      Condition: condition,
      Foo: value,
    },
    { requiredKeys: [] },
  ),
  value,
);
const documentArb = fc.oneof(
  fc
    .record(
      {
        Version: fc.oneof(fc.constantFrom("2012-10-17", "2008-10-17", "2012-10-18"), value),
        Id: value,
        Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })),
        Extra: value,
      },
      { requiredKeys: [] },
    )
    .map((d) => JSON.stringify(d)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
);

const request = {
  principal: principalFromArn("arn:aws:iam::123456789012:user/alice"),
  action: "logs:PutLogEvents",
  resource: "arn:aws:logs:us-east-1:123456789012:log-group:G:log-stream:S",
  now: new Date("2025-01-01T00:00:00Z"),
  context: { "aws:SourceIp": "10.1.2.3", "aws:TagKeys": ["a", "b"] },
};

describe("parsePolicyDocument on random input", () => {
  it("parses or throws MalformedPolicyDocumentError, and what parses evaluates", () => {
    fc.assert(
      fc.property(documentArb, fc.constantFrom(...KINDS), (text, kind) => {
        let policy;
        try {
          policy = parsePolicyDocument(text, kind);
        } catch (e) {
          assert.ok(e instanceof MalformedPolicyDocumentError, `${String(e)} for ${text}`);
          assert.ok(e.message.length > 0);
          return;
        }
        const d = evaluate(request, [{ policy, id: "p" }]);
        assert.ok(["Allow", "ExplicitDeny", "ImplicitDeny"].includes(d.decision));
      }),
      { numRuns: 1500 },
    );
  });

  it("never throws anything but MalformedPolicyDocumentError on mangled valid documents", () => {
    const valid = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["logs:*"], Resource: "arn:aws:logs:*:*:log-group:*", Condition: { StringEquals: { "aws:username": "a" } } }],
    });
    fc.assert(
      fc.property(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 3 }), (at, len, insert) => {
        const text = valid.slice(0, at) + insert + valid.slice(at + (len % 4));
        try {
          parsePolicyDocument(text, "identity");
        } catch (e) {
          assert.ok(e instanceof MalformedPolicyDocumentError, `${String(e)} for ${text}`);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
