/** Document validation: IAM's MalformedPolicyDocument messages for each kind of document, and what is accepted. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SEED_POLICY, SEED_TRUST } from "../../test/policy/evaluation-cases.js";
import { MalformedPolicyDocumentError, parsePolicyDocument } from "./index.js";
import type { PolicyKind } from "./index.js";

interface ValidationCase {
  name: string;
  kind: PolicyKind;
  text: string;
  message: string;
}

const s = (doc: unknown) => JSON.stringify(doc);
const stmt = (st: Record<string, unknown>) => s({ Version: "2012-10-17", Statement: [st] });
const A = { Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" };
const T = { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" };

const REJECTED: ValidationCase[] = [
  { name: "not JSON (identity)", kind: "identity", text: "{", message: "Syntax errors in policy." },
  {
    name: "not JSON (trust), as recorded on AWS",
    kind: "trust",
    text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}',
    message: "This policy contains invalid Json",
  },
  { name: "a JSON array", kind: "identity", text: "[]", message: "Syntax errors in policy." },
  { name: "unknown top-level field", kind: "identity", text: s({ Version: "2012-10-17", Foo: 1, Statement: [A] }), message: "Syntax errors in policy." },
  { name: "unknown statement field (identity)", kind: "identity", text: stmt({ ...A, Foo: "x" }), message: "Syntax errors in policy." },
  { name: "unknown statement field (trust)", kind: "trust", text: stmt({ ...T, Foo: "x" }), message: "Unknown field Foo" },
  {
    name: "bad Version (moto's cases checked on AWS: a syntax error)",
    kind: "identity",
    text: s({ Version: "2012-10-18", Statement: [A] }),
    message: "Syntax errors in policy.",
  },
  { name: "no Statement", kind: "identity", text: s({ Version: "2012-10-17" }), message: "Syntax errors in policy." },
  { name: "no Statement (trust)", kind: "trust", text: s({ Version: "2012-10-17" }), message: "Missing required field Statement" },
  { name: "Effect other than Allow/Deny", kind: "identity", text: stmt({ ...A, Effect: "permit" }), message: "Syntax errors in policy." },
  { name: "Effect in the wrong case (legacy parser)", kind: "identity", text: stmt({ ...A, Effect: "allow" }), message: "The policy failed legacy parsing" },
  { name: "no Effect (trust)", kind: "trust", text: stmt({ Principal: "*", Action: "sts:AssumeRole" }), message: "Missing required field Effect" },
  { name: "Action and NotAction together", kind: "identity", text: stmt({ ...A, NotAction: "iam:*" }), message: "Syntax errors in policy." },
  { name: "Action of the wrong type", kind: "identity", text: stmt({ ...A, Action: { a: 1 } }), message: "Syntax errors in policy." },
  {
    name: "Principal in an identity policy",
    kind: "identity",
    text: stmt({ ...A, Principal: "*" }),
    message: "Policy document should not specify a principal.",
  },
  { name: "no Action", kind: "identity", text: stmt({ Effect: "Allow", Resource: "*" }), message: "Policy statement must contain actions." },
  { name: "no Resource", kind: "identity", text: stmt({ Effect: "Allow", Action: "logs:*" }), message: "Policy statement must contain resources." },
  {
    name: "Resource in a trust policy (the tutorial's classic mistake)",
    kind: "trust",
    text: stmt({ ...T, Resource: "*" }),
    message: "Has prohibited field Resource",
  },
  { name: "the seed permissions policy given as a trust policy", kind: "trust", text: s(SEED_POLICY), message: "Has prohibited field Resource" },
  {
    name: "no Principal in a trust policy",
    kind: "trust",
    text: stmt({ Effect: "Allow", Action: "sts:AssumeRole" }),
    message: "Missing required field Principal",
  },
  { name: "no Action in a trust policy", kind: "trust", text: stmt({ Effect: "Allow", Principal: "*" }), message: "Missing required field Action" },
  { name: "no Principal in a resource policy", kind: "resource", text: stmt(A), message: "Missing required field Principal" },
  {
    name: "a non-STS action in a trust policy",
    kind: "trust",
    text: stmt({ ...T, Action: ["sts:AssumeRole", "logs:PutLogEvents"] }),
    message: "AssumeRole policy may only specify STS AssumeRole actions.",
  },
  {
    name: "an invalid service principal",
    kind: "trust",
    text: stmt({ ...T, Principal: { Service: "x" } }),
    message: 'Invalid principal in policy: "SERVICE":"x"',
  },
  {
    name: "amazonaws.com alone is no service",
    kind: "trust",
    text: stmt({ ...T, Principal: { Service: "amazonaws.com" } }),
    message: 'Invalid principal in policy: "SERVICE":"amazonaws.com"',
  },
  {
    name: "an AWS principal that is no ARN",
    kind: "trust",
    text: stmt({ ...T, Principal: { AWS: "alice" } }),
    message: 'Invalid principal in policy: "AWS":"alice"',
  },
  {
    name: "a wildcard inside an AWS principal",
    kind: "trust",
    text: stmt({ ...T, Principal: { AWS: "arn:aws:iam::123456789012:user/*" } }),
    message: 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"',
  },
  { name: "an unknown principal type", kind: "trust", text: stmt({ ...T, Principal: { Robot: "x" } }), message: "Syntax errors in policy." },
  {
    name: "action without vendor",
    kind: "identity",
    text: stmt({ ...A, Action: "PutLogEvents" }),
    message: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
  },
  { name: "action with two colons", kind: "identity", text: stmt({ ...A, Action: "logs:Put:Log" }), message: "Actions/Condition can contain only one colon." },
  { name: "action vendor with a bad character", kind: "identity", text: stmt({ ...A, Action: "lo gs:Put" }), message: "Vendor lo gs is not valid" },
  { name: "resource not an ARN", kind: "identity", text: stmt({ ...A, Resource: "my-bucket" }), message: 'Resource my-bucket must be in ARN format or "*".' },
  {
    name: "IAM resource with a region",
    kind: "identity",
    text: stmt({ ...A, Resource: "arn:aws:iam:us-east-1:123456789012:role/x" }),
    message: "IAM resource arn:aws:iam:us-east-1:123456789012:role/x cannot contain region information.",
  },
  {
    name: "duplicate Sids",
    kind: "identity",
    text: s({
      Version: "2012-10-17",
      Statement: [
        { ...A, Sid: "One" },
        { ...A, Sid: "One" },
      ],
    }),
    message: "Statement IDs (SID) in a single policy must be unique.",
  },
  {
    name: "Sid with punctuation",
    kind: "identity",
    text: stmt({ ...A, Sid: "my sid" }),
    message: "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
  },
  {
    name: "unknown condition operator",
    kind: "identity",
    text: stmt({ ...A, Condition: { StringEqualz: { "aws:username": "a" } } }),
    message: "Syntax errors in policy.",
  },
  {
    name: "NullIfExists",
    kind: "identity",
    text: stmt({ ...A, Condition: { NullIfExists: { "aws:username": "true" } } }),
    message: "Syntax errors in policy.",
  },
  {
    name: "unreadable date",
    kind: "identity",
    text: stmt({ ...A, Condition: { DateLessThan: { "aws:CurrentTime": "tomorrow" } } }),
    message: "The policy failed legacy parsing",
  },
  {
    name: "non-number in a numeric condition",
    kind: "identity",
    text: stmt({ ...A, Condition: { NumericLessThan: { "s3:max-keys": "ten" } } }),
    message: "Syntax errors in policy.",
  },
  {
    name: "bad CIDR",
    kind: "identity",
    text: stmt({ ...A, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/33" } } }),
    message: "Syntax errors in policy.",
  },
  {
    name: "condition value that is an object",
    kind: "identity",
    text: stmt({ ...A, Condition: { StringEquals: { "aws:username": { a: 1 } } } }),
    message: "Syntax errors in policy.",
  },
];

describe("parsePolicyDocument refuses as IAM does", () => {
  for (const c of REJECTED) {
    it(`${c.kind}: ${c.name}`, () => {
      assert.throws(
        () => parsePolicyDocument(c.text, c.kind),
        (e: unknown) => {
          assert.ok(e instanceof MalformedPolicyDocumentError, String(e));
          assert.equal(e.code, "MalformedPolicyDocument");
          assert.equal(e.status, 400);
          assert.equal(e.message, c.message);
          return true;
        },
      );
    });
  }

  it("refuses a principal that IAM's lookup does not know", () => {
    const text = stmt({ ...T, Principal: { AWS: "arn:aws:iam::123456789012:role/gone" } });
    assert.throws(() => parsePolicyDocument(text, "trust", { principalExists: () => false }), {
      message: 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/gone"',
    });
    assert.doesNotThrow(() => parsePolicyDocument(text, "trust", { principalExists: () => true }));
  });
});

describe("parsePolicyDocument accepts", () => {
  it("the tutorial's seed policy and seed trust policy", () => {
    const p = parsePolicyDocument(s(SEED_POLICY), "identity");
    assert.equal(p.version, "2012-10-17");
    assert.equal(p.statements.length, 1);
    const t = parsePolicyDocument(s(SEED_TRUST), "trust");
    assert.equal(t.statements[0]?.sid, "");
    assert.ok(t.statements[0]?.principal?.services.has("vpc-flow-logs.amazonaws.com"));
  });
  it("Statement as a single object, and no Version (2008-10-17)", () => {
    const p = parsePolicyDocument(s({ Statement: A }), "identity");
    assert.equal(p.version, "2008-10-17");
    assert.equal(p.statements.length, 1);
  });
  it("every principal form", () => {
    const principals = [
      "*",
      { AWS: "*" },
      { AWS: "123456789012" },
      { AWS: "arn:aws:iam::123456789012:root" },
      { AWS: ["arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:role/path/r"] },
      { AWS: "arn:aws:sts::123456789012:assumed-role/r/session" },
      { Service: ["vpc-flow-logs.amazonaws.com", "ec2.amazonaws.com"] },
      { Federated: "cognito-identity.amazonaws.com" },
      { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
    ];
    for (const Principal of principals) assert.doesNotThrow(() => parsePolicyDocument(stmt({ ...T, Principal }), "trust"), s(Principal));
  });
  it("NotPrincipal, NotAction and NotResource in a resource policy", () => {
    const p = parsePolicyDocument(
      stmt({ Effect: "Deny", NotPrincipal: { AWS: "123456789012" }, NotAction: "s3:Get*", NotResource: "arn:aws:s3:::b/*" }),
      "resource",
    );
    const st = p.statements[0];
    assert.ok(st?.notPrincipal && st.notAction && st.notResource);
  });
  it("condition values as numbers and booleans, and every operator with its qualifiers", () => {
    const text = stmt({
      ...A,
      Condition: {
        Bool: { "aws:SecureTransport": false },
        NumericLessThanEquals: { "s3:max-keys": 10 },
        "ForAllValues:StringLikeIfExists": { "aws:TagKeys": ["a*"] },
        DateGreaterThanEquals: { "aws:EpochTime": 1700000000 },
        ArnLikeIfExists: { "aws:SourceArn": "arn:aws:ec2:*:*:vpc-flow-log/*" },
      },
    });
    assert.equal(parsePolicyDocument(text, "identity").statements[0]?.conditions.length, 5);
  });
  it("records each statement's position (1-based line and column)", () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "logs:*", "Resource": "*"}\n  ]\n}';
    const st = parsePolicyDocument(text, "identity").statements[0];
    assert.deepEqual(st?.start, { line: 4, column: 5 });
    assert.deepEqual(st?.end, { line: 4, column: 60 });
  });
  it("keeps the last of duplicate keys, as JSON.parse does", () => {
    const p = parsePolicyDocument('{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"a:b","Resource":"*"}}', "identity");
    assert.equal(p.statements[0]?.effect, "Allow");
  });
});
