/** The evaluation table: requests and policies as data rows with AWS's expected decision and the documentation behind it. */
import { readFileSync } from "node:fs";
import type { ContextValue, RequestPrincipal } from "../../src/policy/context.js";
import type { PolicyKind } from "../../src/policy/document.js";
import type { DecisionKind, PolicyUse } from "../../src/policy/evaluate.js";

export interface CaseDocument {
  doc: unknown;
  kind?: PolicyKind;
  use?: PolicyUse;
}

export interface EvalCase {
  name: string;
  policies: CaseDocument[];
  /** An ARN (or a service principal name) for principalFromArn, or a full principal. */
  principal: string | RequestPrincipal;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, ContextValue>;
  /** Defaults to 2025-06-01T12:00:00Z. */
  now?: string;
  expected: DecisionKind;
  /** The denial clause, where the case is about it. */
  reason?: string;
  source: string;
}

const vectors = new URL("../vectors/", import.meta.url);
const readVector = (name: string): unknown => JSON.parse(readFileSync(new URL(name, vectors), "utf8"));
export const SEED_POLICY = readVector("seed-policy.json");
export const SEED_TRUST = readVector("seed-trust.json");

export const ACCT = "123456789012";
export const OTHER = "210987654321";
const ALICE = `arn:aws:iam::${ACCT}:user/alice`;
const BOB = `arn:aws:iam::${ACCT}:user/bob`;
const ROLE = `arn:aws:iam::${ACCT}:role/my-flowlog-role`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/my-flowlog-role/s1`;
const FLOWLOGS = "vpc-flow-logs.amazonaws.com";
const LG = `arn:aws:logs:us-east-1:${ACCT}:log-group:MyVpc22-Log`;
const STREAM = `${LG}:log-stream:eni-0a1b2c3d`;
const FLOW_LOG_ARN = `arn:aws:ec2:us-east-1:${ACCT}:vpc-flow-log/fl-0123456789abcdef0`;

// Sources, abbreviated: EVAL = IAM UG policy evaluation logic; COND = condition operators; MULTI = multivalued
// context keys; VARS = policy variables; RES = Resource element; NOTX = NotAction/NotResource/NotPrincipal;
// SESS = session policies; XACCT = cross-account evaluation; TRUST = roles' trust policies; VPC = VPC UG flow-logs-cwl.
const IAM = "IAM UG";

type Stmt = Record<string, unknown>;
const doc = (...Statement: Stmt[]) => ({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource: unknown = "*", extra: Stmt = {}): Stmt => ({ Effect: "Allow", Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = "*", extra: Stmt = {}): Stmt => ({ Effect: "Deny", Action, Resource, ...extra });
const id = (...s: Stmt[]): CaseDocument => ({ doc: doc(...s) });
const cond = (Condition: Stmt): Stmt => ({ Condition });
const trustDoc = (Principal: unknown, extra: Stmt = {}): CaseDocument => ({
  doc: doc({ Effect: "Allow", Principal, Action: "sts:AssumeRole", ...extra }),
  kind: "trust",
});
const resourceDoc = (...s: Stmt[]): CaseDocument => ({ doc: doc(...s), kind: "resource" });

const put = { action: "logs:PutLogEvents", resource: STREAM };
const assume = { action: "sts:AssumeRole", resource: ROLE };

/** One condition on PutLogEvents by alice: `expected` with `context`. */
const c = (name: string, condition: Stmt, context: Record<string, ContextValue> | undefined, expected: DecisionKind, source: string): EvalCase => ({
  name,
  policies: [id(allow("logs:PutLogEvents", "*", cond(condition)))],
  principal: ALICE,
  ...put,
  ...(context !== undefined ? { context } : {}),
  expected,
  source,
});

export const EVAL_CASES: EvalCase[] = [
  // Deny, allow, implicit deny
  {
    name: "seed policy allows PutLogEvents on a stream",
    policies: [{ doc: SEED_POLICY }],
    principal: SESSION,
    ...put,
    expected: "Allow",
    source: "VPC: role permissions policy",
  },
  {
    name: "seed policy allows DescribeLogGroups on *",
    policies: [{ doc: SEED_POLICY }],
    principal: SESSION,
    action: "logs:DescribeLogGroups",
    resource: "*",
    expected: "Allow",
    source: "VPC",
  },
  {
    name: "seed policy does not allow DeleteLogGroup",
    policies: [{ doc: SEED_POLICY }],
    principal: ALICE,
    action: "logs:DeleteLogGroup",
    resource: LG,
    expected: "ImplicitDeny",
    reason: "because no identity-based policy allows the logs:DeleteLogGroup action",
    source: `${IAM} EVAL`,
  },
  { name: "no policy at all is an implicit deny", policies: [], principal: ALICE, ...put, expected: "ImplicitDeny", source: `${IAM} EVAL` },
  {
    name: "deny in the same policy wins over allow",
    policies: [id(allow("logs:*"), deny("logs:PutLogEvents"))],
    principal: ALICE,
    ...put,
    expected: "ExplicitDeny",
    reason: "with an explicit deny in an identity-based policy",
    source: `${IAM} EVAL`,
  },
  {
    name: "deny in another policy wins over allow",
    policies: [id(allow("*")), id(deny("logs:Put*", `${LG}:*`))],
    principal: ALICE,
    ...put,
    expected: "ExplicitDeny",
    source: `${IAM} EVAL`,
  },
  {
    name: "deny of another action leaves the allow",
    policies: [id(allow("logs:*"), deny("logs:DeleteLogGroup"))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} EVAL`,
  },
  // Actions
  { name: "actions are case-insensitive", policies: [id(allow("LOGS:putlogevents"))], principal: ALICE, ...put, expected: "Allow", source: `${IAM} Action` },
  { name: "logs:Put* matches PutLogEvents", policies: [id(allow("logs:Put*"))], principal: ALICE, ...put, expected: "Allow", source: `${IAM} Action` },
  {
    name: "logs:Describe* does not match PutLogEvents",
    policies: [id(allow("logs:Describe*"))],
    principal: ALICE,
    ...put,
    expected: "ImplicitDeny",
    source: `${IAM} Action`,
  },
  {
    name: "? matches one character in an action",
    policies: [id(allow("logs:PutLogEvent?"))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} Action`,
  },
  {
    name: "? does not match two characters",
    policies: [id(allow("logs:PutLogEve?"))],
    principal: ALICE,
    ...put,
    expected: "ImplicitDeny",
    source: `${IAM} Action`,
  },
  { name: "* allows every action", policies: [id(allow("*"))], principal: ALICE, ...put, expected: "Allow", source: `${IAM} Action` },
  {
    name: "NotAction allows what it does not list",
    policies: [id({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} NOTX`,
  },
  {
    name: "NotAction does not allow what it lists",
    policies: [id({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })],
    principal: ALICE,
    action: "iam:CreateUser",
    resource: `arn:aws:iam::${ACCT}:user/x`,
    expected: "ImplicitDeny",
    source: `${IAM} NOTX`,
  },
  {
    name: "Deny with NotAction denies everything else",
    policies: [id(allow("*"), { Effect: "Deny", NotAction: "logs:*", Resource: "*" })],
    principal: ALICE,
    action: "ec2:RunInstances",
    resource: "*",
    expected: "ExplicitDeny",
    source: `${IAM} NOTX`,
  },
  {
    name: "Deny with NotAction spares what it lists",
    policies: [id(allow("*"), { Effect: "Deny", NotAction: "logs:*", Resource: "*" })],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} NOTX`,
  },
  // Resources
  {
    name: "log-group ARN with :* covers its streams",
    policies: [id(allow("logs:PutLogEvents", `${LG}:*`))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: "aws-spec §7.3",
  },
  {
    name: "another log group's ARN does not",
    policies: [id(allow("logs:PutLogEvents", `arn:aws:logs:us-east-1:${ACCT}:log-group:Other:*`))],
    principal: ALICE,
    ...put,
    expected: "ImplicitDeny",
    source: `${IAM} RES`,
  },
  {
    name: "resources are case-sensitive",
    policies: [id(allow("logs:PutLogEvents", `arn:aws:logs:us-east-1:${ACCT}:log-group:myvpc22-log:*`))],
    principal: ALICE,
    ...put,
    expected: "ImplicitDeny",
    source: `${IAM} RES`,
  },
  {
    name: "? in a resource matches one character",
    policies: [id(allow("logs:PutLogEvents", `arn:aws:logs:us-east-1:${ACCT}:log-group:MyVpc2?-Log:*`))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} RES`,
  },
  {
    name: "* as a whole region segment",
    policies: [id(allow("logs:PutLogEvents", `arn:aws:logs:*:${ACCT}:log-group:*`))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} RES`,
  },
  {
    name: "* inside a segment",
    policies: [id(allow("logs:PutLogEvents", `arn:aws:logs:us-*-1:${ACCT}:log-group:MyVpc22-Log:*`))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} RES`,
  },
  {
    name: "* inside a segment does not cross its colons",
    policies: [id(allow("logs:PutLogEvents", `arn:aws:logs:us-east-1:1*2:log-group:MyVpc22-Log:*`))],
    principal: ALICE,
    ...put,
    resource: `arn:aws:logs:us-east-1:1:x:2:log-group:MyVpc22-Log:log-stream:s`,
    expected: "ImplicitDeny",
    source: `${IAM} RES (segments)`,
  },
  {
    name: "a final * expands past colons",
    policies: [id(allow("logs:PutLogEvents", "arn:aws:logs:*"))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} RES`,
  },
  {
    name: "NotResource allows what it does not list",
    policies: [id({ Effect: "Allow", Action: "logs:*", NotResource: `arn:aws:logs:*:*:log-group:Secret:*` })],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} NOTX`,
  },
  {
    name: "NotResource does not allow what it lists",
    policies: [id({ Effect: "Allow", Action: "logs:*", NotResource: `${LG}:*` })],
    principal: ALICE,
    ...put,
    expected: "ImplicitDeny",
    source: `${IAM} NOTX`,
  },
  // String operators
  c("StringEquals on aws:username", { StringEquals: { "aws:username": "alice" } }, undefined, "Allow", `${IAM} COND`),
  c("StringEquals fails for another name", { StringEquals: { "aws:username": "bob" } }, undefined, "ImplicitDeny", `${IAM} COND`),
  c("StringEquals is case-sensitive", { StringEquals: { "aws:username": "Alice" } }, undefined, "ImplicitDeny", `${IAM} COND`),
  c("condition key names are case-insensitive", { StringEquals: { "AWS:UserName": "alice" } }, undefined, "Allow", `${IAM} COND`),
  c("StringNotEquals is a NOR over its values (true)", { StringNotEquals: { "aws:username": ["bob", "carol"] } }, undefined, "Allow", `${IAM} COND`),
  c("StringNotEquals is a NOR over its values (false)", { StringNotEquals: { "aws:username": ["bob", "alice"] } }, undefined, "ImplicitDeny", `${IAM} COND`),
  c("StringEqualsIgnoreCase", { StringEqualsIgnoreCase: { "logs:tag": "NETWORK" } }, { "logs:tag": "network" }, "Allow", `${IAM} COND`),
  c("StringNotEqualsIgnoreCase", { StringNotEqualsIgnoreCase: { "logs:tag": "NETWORK" } }, { "logs:tag": "Network" }, "ImplicitDeny", `${IAM} COND`),
  c(
    "StringLike with *",
    { StringLike: { "aws:SourceArn": `arn:aws:ec2:*:${ACCT}:vpc-flow-log/*` } },
    { "aws:SourceArn": FLOW_LOG_ARN },
    "Allow",
    `${IAM} COND`,
  ),
  c(
    "StringNotLike",
    { StringNotLike: { "aws:SourceArn": "arn:aws:ec2:*:*:vpc-flow-log/*" } },
    { "aws:SourceArn": FLOW_LOG_ARN },
    "ImplicitDeny",
    `${IAM} COND`,
  ),
  c("a missing key fails StringEquals", { StringEquals: { "aws:SourceAccount": ACCT } }, undefined, "ImplicitDeny", `${IAM} COND (missing key)`),
  c("a missing key satisfies StringNotEquals", { StringNotEquals: { "aws:SourceAccount": OTHER } }, undefined, "Allow", `${IAM} COND (missing key)`),
  c("StringEqualsIfExists with the key missing", { StringEqualsIfExists: { "aws:SourceAccount": ACCT } }, undefined, "Allow", `${IAM} COND IfExists`),
  c(
    "StringEqualsIfExists with the key present and different",
    { StringEqualsIfExists: { "aws:SourceAccount": ACCT } },
    { "aws:SourceAccount": OTHER },
    "ImplicitDeny",
    `${IAM} COND IfExists`,
  ),
  // Numeric, Date, Bool, Binary, IP
  c("NumericLessThan", { NumericLessThan: { "s3:max-keys": "100" } }, { "s3:max-keys": 10 }, "Allow", `${IAM} COND`),
  c("NumericGreaterThanEquals fails", { NumericGreaterThanEquals: { "s3:max-keys": 100 } }, { "s3:max-keys": "10" }, "ImplicitDeny", `${IAM} COND`),
  c("NumericEquals with a non-number in the request", { NumericEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "ten" }, "ImplicitDeny", `${IAM} COND`),
  c("NumericNotEquals", { NumericNotEquals: { "s3:max-keys": ["10", "20"] } }, { "s3:max-keys": "30" }, "Allow", `${IAM} COND`),
  c("DateLessThan aws:CurrentTime", { DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } }, undefined, "Allow", `${IAM} COND`),
  c("DateGreaterThan aws:CurrentTime fails", { DateGreaterThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } }, undefined, "ImplicitDeny", `${IAM} COND`),
  c("DateGreaterThan against aws:EpochTime in epoch seconds", { DateGreaterThan: { "aws:EpochTime": "1700000000" } }, undefined, "Allow", `${IAM} COND`),
  c("Bool aws:SecureTransport true", { Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": true }, "Allow", `${IAM} COND`),
  c(
    "Bool aws:SecureTransport false in the request",
    { Bool: { "aws:SecureTransport": true } },
    { "aws:SecureTransport": false },
    "ImplicitDeny",
    `${IAM} COND`,
  ),
  c("BinaryEquals compares base64 values", { BinaryEquals: { "x:blob": "QmluYXJ5VmFsdWU=" } }, { "x:blob": "QmluYXJ5VmFsdWU=" }, "Allow", `${IAM} COND`),
  c("IpAddress inside the CIDR", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "203.0.113.7" }, "Allow", `${IAM} COND`),
  c(
    "IpAddress outside the CIDR",
    { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "10.0.0.1"] } },
    { "aws:SourceIp": "198.51.100.1" },
    "ImplicitDeny",
    `${IAM} COND`,
  ),
  c("IpAddress with an IPv6 range", { IpAddress: { "aws:SourceIp": "2001:db8::/32" } }, { "aws:SourceIp": "2001:db8:1::5" }, "Allow", `${IAM} COND`),
  c("NotIpAddress", { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "10.1.2.3" }, "ImplicitDeny", `${IAM} COND`),
  // ARN operators, Null
  c(
    "ArnLike aws:SourceArn",
    { ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCT}:vpc-flow-log/*` } },
    { "aws:SourceArn": FLOW_LOG_ARN },
    "Allow",
    "VPC confused deputy",
  ),
  c("ArnEquals exact", { ArnEquals: { "aws:SourceArn": FLOW_LOG_ARN } }, { "aws:SourceArn": FLOW_LOG_ARN }, "Allow", `${IAM} COND`),
  c("ArnNotEquals", { ArnNotEquals: { "aws:SourceArn": FLOW_LOG_ARN } }, { "aws:SourceArn": FLOW_LOG_ARN }, "ImplicitDeny", `${IAM} COND`),
  c(
    "ArnNotLike with another account",
    { ArnNotLike: { "aws:SourceArn": `arn:aws:ec2:*:${OTHER}:*` } },
    { "aws:SourceArn": FLOW_LOG_ARN },
    "Allow",
    `${IAM} COND`,
  ),
  c("Null true: the key is absent", { Null: { "aws:TokenIssueTime": "true" } }, undefined, "Allow", `${IAM} COND Null`),
  c("Null false: the key must be present", { Null: { "aws:TokenIssueTime": "false" } }, undefined, "ImplicitDeny", `${IAM} COND Null`),
  c(
    "two keys are AND-ed",
    { StringEquals: { "aws:username": "alice" }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    { "aws:SourceIp": "192.0.2.1" },
    "ImplicitDeny",
    `${IAM} COND`,
  ),
  c("values of one key are OR-ed", { StringEquals: { "aws:username": ["bob", "alice"] } }, undefined, "Allow", `${IAM} COND`),
  // Multivalued keys
  c(
    "ForAnyValue: one request value in the set",
    { "ForAnyValue:StringEquals": { "aws:TagKeys": ["env", "team"] } },
    { "aws:TagKeys": ["env", "cost"] },
    "Allow",
    `${IAM} MULTI`,
  ),
  c("ForAnyValue: empty set is false", { "ForAnyValue:StringEquals": { "aws:TagKeys": ["env"] } }, { "aws:TagKeys": [] }, "ImplicitDeny", `${IAM} MULTI`),
  c("ForAnyValue: missing key is false", { "ForAnyValue:StringEquals": { "aws:TagKeys": ["env"] } }, undefined, "ImplicitDeny", `${IAM} MULTI`),
  c(
    "ForAllValues: a value outside the set",
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["env", "team"] } },
    { "aws:TagKeys": ["env", "cost"] },
    "ImplicitDeny",
    `${IAM} MULTI`,
  ),
  c(
    "ForAllValues: every value inside the set",
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["env", "team"] } },
    { "aws:TagKeys": ["env"] },
    "Allow",
    `${IAM} MULTI`,
  ),
  c("ForAllValues: empty set is true", { "ForAllValues:StringEquals": { "aws:TagKeys": ["env"] } }, { "aws:TagKeys": [] }, "Allow", `${IAM} MULTI`),
  c("ForAllValues: missing key is true", { "ForAllValues:StringEquals": { "aws:TagKeys": ["env"] } }, undefined, "Allow", `${IAM} MULTI`),
  c(
    "ForAnyValue:StringNotEquals needs one value outside",
    { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["env"] } },
    { "aws:TagKeys": ["env"] },
    "ImplicitDeny",
    `${IAM} MULTI`,
  ),
  c("ForAllValues:StringLike", { "ForAllValues:StringLike": { "aws:TagKeys": ["team-*"] } }, { "aws:TagKeys": ["team-a", "team-b"] }, "Allow", `${IAM} MULTI`),
  // Request and principal keys
  c("aws:RequestTag/env", { StringEquals: { "aws:RequestTag/env": "prod" } }, { "aws:RequestTag/env": "prod" }, "Allow", `${IAM} global keys`),
  c("aws:PrincipalAccount", { StringEquals: { "aws:PrincipalAccount": ACCT } }, undefined, "Allow", `${IAM} global keys`),
  c("aws:PrincipalType of a user", { StringEquals: { "aws:PrincipalType": "User" } }, undefined, "Allow", `${IAM} global keys`),
  c("aws:PrincipalArn of a user", { ArnEquals: { "aws:PrincipalArn": ALICE } }, undefined, "Allow", `${IAM} global keys`),
  {
    name: "aws:PrincipalArn of a role session is the role's ARN",
    policies: [id(allow("logs:PutLogEvents", "*", cond({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCT}:role/my-*` } })))],
    principal: SESSION,
    ...put,
    expected: "Allow",
    source: `${IAM} global keys`,
  },
  {
    name: "aws:PrincipalTag from the caller's tags",
    policies: [id(allow("logs:PutLogEvents", "*", cond({ StringEquals: { "aws:PrincipalTag/team": "network" } })))],
    principal: { kind: "User", arn: ALICE, accountId: ACCT, username: "alice", tags: { team: "network" } },
    ...put,
    expected: "Allow",
    source: `${IAM} global keys`,
  },
  {
    name: "aws:userid",
    policies: [id(allow("logs:PutLogEvents", "*", cond({ StringLike: { "aws:userid": "AIDA*" } })))],
    principal: { kind: "User", arn: ALICE, accountId: ACCT, username: "alice", userId: "AIDAEXAMPLE" },
    ...put,
    expected: "Allow",
    source: `${IAM} global keys`,
  },
  // Policy variables
  {
    name: "${aws:username} in Resource",
    policies: [id(allow("iam:ChangePassword", `arn:aws:iam::${ACCT}:user/\${aws:username}`))],
    principal: ALICE,
    action: "iam:ChangePassword",
    resource: ALICE,
    expected: "Allow",
    source: `${IAM} VARS`,
  },
  {
    name: "${aws:username} does not reach another user",
    policies: [id(allow("iam:ChangePassword", `arn:aws:iam::${ACCT}:user/\${aws:username}`))],
    principal: ALICE,
    action: "iam:ChangePassword",
    resource: BOB,
    expected: "ImplicitDeny",
    source: `${IAM} VARS`,
  },
  {
    name: "variables are plain text in 2008-10-17",
    policies: [{ doc: { Version: "2008-10-17", Statement: [allow("iam:ChangePassword", `arn:aws:iam::${ACCT}:user/\${aws:username}`)] } }],
    principal: ALICE,
    action: "iam:ChangePassword",
    resource: ALICE,
    expected: "ImplicitDeny",
    source: `${IAM} VARS`,
  },
  {
    name: "${aws:PrincipalAccount} in Resource",
    policies: [id(allow("logs:PutLogEvents", "arn:aws:logs:*:${aws:PrincipalAccount}:log-group:*"))],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} VARS`,
  },
  c("${*} is a literal star", { StringLike: { "x:name": "a${*}b" } }, { "x:name": "a*b" }, "Allow", `${IAM} VARS special characters`),
  c("${*} does not act as a wildcard", { StringLike: { "x:name": "a${*}b" } }, { "x:name": "axb" }, "ImplicitDeny", `${IAM} VARS special characters`),
  c("${?} and ${$} are literal", { StringEquals: { "x:name": "${?}${$}" } }, { "x:name": "?$" }, "Allow", `${IAM} VARS special characters`),
  c(
    "a variable with a default value",
    { StringEquals: { "x:team": "${aws:PrincipalTag/team, 'none'}" } },
    { "x:team": "none" },
    "Allow",
    `${IAM} VARS default`,
  ),
  c(
    "a variable with no value and no default does not match",
    { StringEquals: { "x:team": "${aws:PrincipalTag/team}" } },
    { "x:team": "" },
    "ImplicitDeny",
    `${IAM} VARS`,
  ),
  // Session policies
  {
    name: "session policy narrows the role's permissions (allowed)",
    policies: [id(allow("logs:*")), { doc: doc(allow("logs:PutLogEvents")), use: "session" }],
    principal: SESSION,
    ...put,
    expected: "Allow",
    source: `${IAM} SESS`,
  },
  {
    name: "session policy narrows the role's permissions (refused)",
    policies: [id(allow("logs:*")), { doc: doc(allow("logs:PutLogEvents")), use: "session" }],
    principal: SESSION,
    action: "logs:CreateLogGroup",
    resource: LG,
    expected: "ImplicitDeny",
    reason: "because no session policy allows the logs:CreateLogGroup action",
    source: `${IAM} SESS`,
  },
  {
    name: "session policy cannot grant what the role lacks",
    policies: [id(allow("logs:Describe*")), { doc: doc(allow("*")), use: "session" }],
    principal: SESSION,
    ...put,
    expected: "ImplicitDeny",
    reason: "because no identity-based policy allows the logs:PutLogEvents action",
    source: `${IAM} SESS`,
  },
  {
    name: "explicit deny in a session policy",
    policies: [id(allow("logs:*")), { doc: doc(allow("*"), deny("logs:PutLogEvents")), use: "session" }],
    principal: SESSION,
    ...put,
    expected: "ExplicitDeny",
    reason: "with an explicit deny in a session policy",
    source: `${IAM} SESS`,
  },
  {
    name: "a resource policy naming the session is not narrowed by the session policy",
    policies: [resourceDoc(allow("logs:PutLogEvents", "*", { Principal: { AWS: SESSION } })), { doc: doc(allow("logs:Describe*")), use: "session" }],
    principal: SESSION,
    ...put,
    expected: "Allow",
    source: `${IAM} SESS`,
  },
  // Resource-based policies
  {
    name: "same account: a resource policy naming the user suffices",
    policies: [resourceDoc(allow("logs:PutLogEvents", "*", { Principal: { AWS: ALICE } }))],
    principal: ALICE,
    ...put,
    resourceAccount: ACCT,
    expected: "Allow",
    source: `${IAM} EVAL`,
  },
  {
    name: "same account: a resource policy naming only the account needs an identity allow",
    policies: [resourceDoc(allow("logs:PutLogEvents", "*", { Principal: { AWS: ACCT } }))],
    principal: ALICE,
    ...put,
    resourceAccount: ACCT,
    expected: "ImplicitDeny",
    source: `${IAM} EVAL (account principal delegates)`,
  },
  {
    name: "cross account: identity allow alone is not enough",
    policies: [id(allow("logs:*"))],
    principal: `arn:aws:iam::${OTHER}:user/carol`,
    ...put,
    resourceAccount: ACCT,
    expected: "ImplicitDeny",
    reason: "because no resource-based policy allows the logs:PutLogEvents action",
    source: `${IAM} XACCT`,
  },
  {
    name: "cross account: both sides allow",
    policies: [id(allow("logs:*")), resourceDoc(allow("logs:PutLogEvents", "*", { Principal: { AWS: OTHER } }))],
    principal: `arn:aws:iam::${OTHER}:user/carol`,
    ...put,
    resourceAccount: ACCT,
    expected: "Allow",
    source: `${IAM} XACCT`,
  },
  {
    name: "explicit deny in a resource policy",
    policies: [id(allow("logs:*")), resourceDoc(deny("logs:PutLogEvents", "*", { Principal: "*" }))],
    principal: ALICE,
    ...put,
    expected: "ExplicitDeny",
    reason: "with an explicit deny in a resource-based policy",
    source: `${IAM} EVAL`,
  },
  {
    name: "Principal * lets an anonymous caller in",
    policies: [resourceDoc(allow("s3:GetObject", "arn:aws:s3:::pub/*", { Principal: "*" }))],
    principal: { kind: "Anonymous", arn: "anonymous" },
    action: "s3:GetObject",
    resource: "arn:aws:s3:::pub/a.txt",
    expected: "Allow",
    source: `${IAM} Principal`,
  },
  {
    name: "NotPrincipal with Deny spares the listed user",
    policies: [id(allow("logs:*")), resourceDoc({ Effect: "Deny", NotPrincipal: { AWS: ALICE }, Action: "logs:*", Resource: "*" })],
    principal: ALICE,
    ...put,
    expected: "Allow",
    source: `${IAM} NOTX`,
  },
  {
    name: "NotPrincipal with Deny denies everyone else",
    policies: [id(allow("logs:*")), resourceDoc({ Effect: "Deny", NotPrincipal: { AWS: ALICE }, Action: "logs:*", Resource: "*" })],
    principal: BOB,
    ...put,
    expected: "ExplicitDeny",
    source: `${IAM} NOTX`,
  },
  { name: "the account root needs no identity policy", policies: [], principal: ACCT, ...put, expected: "Allow", source: `${IAM} EVAL (root)` },
  {
    name: "the account root is still bound by a resource policy deny",
    policies: [resourceDoc(deny("logs:*", "*", { Principal: "*" }))],
    principal: ACCT,
    ...put,
    expected: "ExplicitDeny",
    source: `${IAM} EVAL`,
  },
  // Trust policies (AssumeRole)
  {
    name: "seed trust policy lets vpc-flow-logs assume the role",
    policies: [{ doc: SEED_TRUST, kind: "trust" }],
    principal: FLOWLOGS,
    ...assume,
    expected: "Allow",
    source: "VPC trust policy",
  },
  {
    name: "a trust policy naming ec2.amazonaws.com refuses vpc-flow-logs",
    policies: [trustDoc({ Service: "ec2.amazonaws.com" })],
    principal: FLOWLOGS,
    ...assume,
    expected: "ImplicitDeny",
    reason: "because no resource-based policy allows the sts:AssumeRole action",
    source: "VPC 'Access error'",
  },
  {
    name: "trust with SourceAccount and SourceArn that match",
    policies: [
      trustDoc(
        { Service: FLOWLOGS },
        cond({ StringEquals: { "aws:SourceAccount": ACCT }, ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCT}:vpc-flow-log/*` } }),
      ),
    ],
    principal: FLOWLOGS,
    ...assume,
    context: { "aws:SourceAccount": ACCT, "aws:SourceArn": FLOW_LOG_ARN },
    expected: "Allow",
    source: "VPC confused deputy",
  },
  {
    name: "trust with SourceAccount naming another account refuses",
    policies: [trustDoc({ Service: FLOWLOGS }, cond({ StringEquals: { "aws:SourceAccount": OTHER } }))],
    principal: FLOWLOGS,
    ...assume,
    context: { "aws:SourceAccount": ACCT, "aws:SourceArn": FLOW_LOG_ARN },
    expected: "ImplicitDeny",
    source: "VPC confused deputy",
  },
  {
    name: "trust with SourceArn of another flow log refuses",
    policies: [trustDoc({ Service: FLOWLOGS }, cond({ ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCT}:vpc-flow-log/fl-other` } }))],
    principal: FLOWLOGS,
    ...assume,
    context: { "aws:SourceAccount": ACCT, "aws:SourceArn": FLOW_LOG_ARN },
    expected: "ImplicitDeny",
    source: "VPC confused deputy",
  },
  {
    name: "trust conditions fail when the service sends no context",
    policies: [trustDoc({ Service: FLOWLOGS }, cond({ StringEquals: { "aws:SourceAccount": ACCT } }))],
    principal: FLOWLOGS,
    ...assume,
    expected: "ImplicitDeny",
    source: `${IAM} COND (missing key)`,
  },
  {
    name: "trust naming the user suffices in the same account",
    policies: [trustDoc({ AWS: ALICE })],
    principal: ALICE,
    ...assume,
    expected: "Allow",
    source: `${IAM} TRUST`,
  },
  {
    name: "trust naming the account needs the user's identity allow (none)",
    policies: [trustDoc({ AWS: `arn:aws:iam::${ACCT}:root` })],
    principal: ALICE,
    ...assume,
    expected: "ImplicitDeny",
    reason: "because no identity-based policy allows the sts:AssumeRole action",
    source: `${IAM} TRUST`,
  },
  {
    name: "trust naming the account plus the user's identity allow",
    policies: [trustDoc({ AWS: ACCT }), id(allow("sts:AssumeRole", ROLE))],
    principal: ALICE,
    ...assume,
    expected: "Allow",
    source: `${IAM} TRUST`,
  },
  {
    name: "identity allow alone cannot assume a role whose trust does not name the caller",
    policies: [trustDoc({ Service: FLOWLOGS }), id(allow("sts:AssumeRole", ROLE))],
    principal: ALICE,
    ...assume,
    expected: "ImplicitDeny",
    reason: "because no resource-based policy allows the sts:AssumeRole action",
    source: `${IAM} TRUST`,
  },
  {
    name: "cross-account trust plus identity allow",
    policies: [trustDoc({ AWS: OTHER }), id(allow("sts:AssumeRole", ROLE))],
    principal: `arn:aws:iam::${OTHER}:user/carol`,
    ...assume,
    resourceAccount: ACCT,
    expected: "Allow",
    source: `${IAM} XACCT`,
  },
  {
    name: "cross-account trust without identity allow",
    policies: [trustDoc({ AWS: `arn:aws:iam::${OTHER}:user/carol` })],
    principal: `arn:aws:iam::${OTHER}:user/carol`,
    ...assume,
    resourceAccount: ACCT,
    expected: "ImplicitDeny",
    source: `${IAM} XACCT`,
  },
  {
    name: "cross-account trust naming the account admits its root (no identity policy needed)",
    policies: [trustDoc({ AWS: OTHER })],
    principal: `arn:aws:iam::${OTHER}:root`,
    ...assume,
    resourceAccount: ACCT,
    expected: "Allow",
    source: `${IAM} XACCT (root)`,
  },
  {
    name: "cross account: the root still needs the resource policy",
    policies: [],
    principal: `arn:aws:iam::${OTHER}:root`,
    ...put,
    resourceAccount: ACCT,
    expected: "ImplicitDeny",
    reason: "because no resource-based policy allows the logs:PutLogEvents action",
    source: `${IAM} XACCT (root)`,
  },
  {
    name: "sts:ExternalId that matches",
    policies: [trustDoc({ AWS: ALICE }, cond({ StringEquals: { "sts:ExternalId": "Unique1234" } }))],
    principal: ALICE,
    ...assume,
    context: { "sts:ExternalId": "Unique1234" },
    expected: "Allow",
    source: `${IAM} TRUST ExternalId`,
  },
  {
    name: "sts:ExternalId missing",
    policies: [trustDoc({ AWS: ALICE }, cond({ StringEquals: { "sts:ExternalId": "Unique1234" } }))],
    principal: ALICE,
    ...assume,
    expected: "ImplicitDeny",
    source: `${IAM} TRUST ExternalId`,
  },
  {
    name: "sts:ExternalId wrong",
    policies: [trustDoc({ AWS: ALICE }, cond({ StringEquals: { "sts:ExternalId": "Unique1234" } }))],
    principal: ALICE,
    ...assume,
    context: { "sts:ExternalId": "guess" },
    expected: "ImplicitDeny",
    source: `${IAM} TRUST ExternalId`,
  },
  {
    name: "trust naming a role lets its sessions assume (role chaining)",
    policies: [trustDoc({ AWS: `arn:aws:iam::${ACCT}:role/my-flowlog-role` })],
    principal: SESSION,
    action: "sts:AssumeRole",
    resource: `arn:aws:iam::${ACCT}:role/next`,
    expected: "Allow",
    source: `${IAM} TRUST`,
  },
  {
    name: "the account root assumes a role whose trust names its account",
    policies: [trustDoc({ AWS: ACCT })],
    principal: ACCT,
    ...assume,
    expected: "Allow",
    source: `${IAM} TRUST`,
  },
  {
    name: "a Deny in the trust policy",
    policies: [
      {
        doc: doc(
          { Effect: "Allow", Principal: { AWS: ACCT }, Action: "sts:AssumeRole" },
          { Effect: "Deny", Principal: { AWS: BOB }, Action: "sts:AssumeRole" },
        ),
        kind: "trust",
      },
      id(allow("sts:*")),
    ],
    principal: BOB,
    ...assume,
    expected: "ExplicitDeny",
    reason: "with an explicit deny in a resource-based policy",
    source: `${IAM} EVAL`,
  },
];
