/**
 * The IAM policy grammar case table: documents with AWS's accept/refuse answer and exact message, each row
 * citing its source. Run by grammar.test.ts (parsePolicyDocument) and grammar-sdk.wire.test.ts (the wire).
 */

/** `identity` rows go through CreatePolicy (managed) and PutUserPolicy (inline); `trust` rows through CreateRole. */
export interface GrammarCase {
  name: string;
  kind: "identity" | "trust";
  document: unknown;
  /** The MalformedPolicyDocument message for CreatePolicy (or CreateRole); undefined when AWS accepts. */
  message: string | undefined;
  /** Where PutUserPolicy answers otherwise than CreatePolicy: its message, or null when it accepts. */
  inline?: string | null;
  source: string;
}

const MOTO = "moto tests/test_iam/test_iam_policies.py (getmoto/moto, cases written against AWS)";
const VERSION_ISSUES =
  "Meteor-CollectionFS#630, wercker/step-s3sync#25 (managed policies need 2012-10-17); Bayer-Group/cloudformation-template-generator#90 (inline defaults to 2008-10-17)";
const GRAMMAR = "IAM UG, Grammar of the IAM JSON policy language (condition_value: string, number or Boolean)";
const ROLES = "IAM UG, IAM JSON policy elements: Principal / Resource (trust policies name a Principal, no Resource); flowwatch README recorded messages";
const RECORDED = "LocalStack iam_test_iam.snapshot.json, test_create_role_with_malformed_assume_role_policy_document (recorded on AWS)";
const CHOSEN = "chosen: docs/aws-compatibility.md, IAM policy grammar";

const SYNTAX = "Syntax errors in policy.";
const LEGACY = "The policy failed legacy parsing";
const VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
const MANAGED_VERSION = "Policy document must be version 2012-10-17 or greater.";
const NEED_ACTIONS = "Policy statement must contain actions.";
const NEED_RESOURCES = "Policy statement must contain resources.";

const BUCKET = "arn:aws:s3:::example_bucket";
const doc = (statement: unknown, extra: Record<string, unknown> = {}) => ({ Version: "2012-10-17", Statement: statement, ...extra });
const allow = (fields: Record<string, unknown>) => doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET, ...fields });
const cond = (condition: unknown) => allow({ Condition: condition });
const trust = (fields: Record<string, unknown>) => doc([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", ...fields }]);

export const GRAMMAR_CASES: GrammarCase[] = [
  // Document and Version
  { name: "not JSON", kind: "identity", document: "This is not a json document", message: SYNTAX, source: MOTO },
  {
    name: "no Version: managed refused, inline accepted (2008-10-17)",
    kind: "identity",
    document: { Statement: { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET } },
    message: MANAGED_VERSION,
    inline: null,
    source: `${MOTO}; ${VERSION_ISSUES}`,
  },
  {
    name: "Version 2008-10-17",
    kind: "identity",
    document: { Version: "2008-10-17", Statement: { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET } },
    message: MANAGED_VERSION,
    inline: null,
    source: `${MOTO}; ${VERSION_ISSUES}`,
  },
  {
    name: "an unknown Version",
    kind: "identity",
    document: { Version: "2013-10-17", Statement: { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET } },
    message: SYNTAX,
    source: MOTO,
  },
  {
    name: "version checked before legacy parsing",
    kind: "identity",
    document: { Statement: { Effect: "denY", Action: "s3:ListBucket", Resource: BUCKET } },
    message: MANAGED_VERSION,
    inline: LEGACY,
    source: MOTO,
  },
  { name: "no Statement", kind: "identity", document: { Version: "2012-10-17" }, message: SYNTAX, source: MOTO },
  { name: "an empty Statement array", kind: "identity", document: doc([]), message: SYNTAX, source: MOTO },
  { name: "a statement that is a string", kind: "identity", document: doc(["afd"]), message: SYNTAX, source: MOTO },
  {
    name: "an unknown top-level field",
    kind: "identity",
    document: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET }, { "Extra field": "value" }),
    message: SYNTAX,
    source: MOTO,
  },
  {
    name: "Id as an array",
    kind: "identity",
    document: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET }, { Id: ["x"] }),
    message: SYNTAX,
    source: MOTO,
  },
  {
    name: "Id as a string",
    kind: "identity",
    document: doc({ Effect: "Allow", NotAction: "s3:ListBucket", Resource: BUCKET }, { Id: "sdfsdfsdf" }),
    message: undefined,
    source: MOTO,
  },
  // Statement shapes, Sid, Effect
  { name: "Statement as one object", kind: "identity", document: allow({}), message: undefined, source: MOTO },
  {
    name: "Statement as an array",
    kind: "identity",
    document: doc([{ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET }]),
    message: undefined,
    source: MOTO,
  },
  { name: "an unknown statement field", kind: "identity", document: allow({ "Extra field": "value" }), message: SYNTAX, source: MOTO },
  { name: "Sid as an object", kind: "identity", document: allow({ Sid: {} }), message: SYNTAX, source: MOTO },
  {
    name: "duplicate Sids",
    kind: "identity",
    document: doc([
      { Sid: "sdf", Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET },
      { Sid: "sdf", Effect: "Allow" },
    ]),
    message: "Statement IDs (SID) in a single policy must be unique.",
    source: MOTO,
  },
  {
    name: "empty Sids may repeat",
    kind: "identity",
    document: doc([
      { Sid: "", Effect: "Allow", Action: "rds:*", Resource: ["arn:aws:rds:region:*:*"] },
      { Sid: "", Effect: "Allow", Action: ["rds:Describe*"], Resource: ["*"] },
    ]),
    message: undefined,
    source: MOTO,
  },
  { name: "Effect that is no effect", kind: "identity", document: allow({ Effect: "invalid" }), message: SYNTAX, source: MOTO },
  { name: "Effect in the wrong case", kind: "identity", document: allow({ Effect: "denY" }), message: LEGACY, source: MOTO },
  { name: "no Effect", kind: "identity", document: doc({ Action: "s3:ListBucket", Resource: BUCKET }), message: SYNTAX, source: MOTO },
  // Action / NotAction
  { name: "an action without vendor", kind: "identity", document: allow({ Action: "invalid" }), message: VENDOR, source: MOTO },
  { name: "an empty NotAction", kind: "identity", document: doc({ Effect: "Allow", NotAction: "", Resource: BUCKET }), message: VENDOR, source: MOTO },
  { name: "a vendor with a space", kind: "identity", document: allow({ Action: "a a:ListBucket" }), message: "Vendor a a is not valid", source: MOTO },
  {
    name: "two colons",
    kind: "identity",
    document: allow({ Action: "s3:List:Bucket" }),
    message: "Actions/Condition can contain only one colon.",
    source: MOTO,
  },
  {
    name: "two colons in a later statement",
    kind: "identity",
    document: doc([
      { Effect: "Allow", Action: "s3s:ListBucket", Resource: BUCKET },
      { Effect: "Allow", Action: "s:3s:ListBucket", Resource: BUCKET },
    ]),
    message: "Actions/Condition can contain only one colon.",
    source: MOTO,
  },
  { name: "no Action", kind: "identity", document: doc({ Effect: "Allow", Resource: BUCKET }), message: NEED_ACTIONS, source: MOTO },
  { name: "an empty Action array", kind: "identity", document: allow({ Action: [] }), message: NEED_ACTIONS, source: MOTO },
  { name: "actions are missed before resources", kind: "identity", document: doc({ Effect: "Allow" }), message: NEED_ACTIONS, source: MOTO },
  {
    name: "a statement without actions before a good one",
    kind: "identity",
    document: doc([{ Effect: "Deny" }, { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET }]),
    message: NEED_ACTIONS,
    source: MOTO,
  },
  {
    name: "Action and NotAction together",
    kind: "identity",
    document: allow({ NotAction: "s3:ListBucket", Action: "iam:dsf" }),
    message: SYNTAX,
    source: MOTO,
  },
  { name: "Action as an object", kind: "identity", document: allow({ Action: {} }), message: SYNTAX, source: MOTO },
  { name: "Action holding an array", kind: "identity", document: allow({ Effect: "Deny", Action: [[]] }), message: SYNTAX, source: MOTO },
  { name: "spaces after the vendor are accepted", kind: "identity", document: allow({ Action: "iam: asdf safdsf af " }), message: undefined, source: MOTO },
  {
    name: "any vendor name of letters, digits, - and .",
    kind: "identity",
    document: allow({ Action: ["s3-s:ListBucket", "s3.s:ListBucket", "fsx:ListBucket"] }),
    message: undefined,
    source: MOTO,
  },
  { name: "Action *", kind: "identity", document: allow({ Action: "*" }), message: undefined, source: MOTO },
  {
    name: "a vendor check comes before missing resources",
    kind: "identity",
    document: doc({ Effect: "Allow", Action: "invalid" }),
    message: VENDOR,
    source: MOTO,
  },
  // Resource / NotResource
  { name: "no Resource", kind: "identity", document: doc({ Effect: "Allow", Action: "s3:ListBucket" }), message: NEED_RESOURCES, source: MOTO },
  { name: "an empty Resource array", kind: "identity", document: allow({ Resource: [] }), message: NEED_RESOURCES, source: MOTO },
  { name: "Resource and NotResource together", kind: "identity", document: allow({ NotResource: "*" }), message: SYNTAX, source: MOTO },
  { name: "Resource as an object", kind: "identity", document: allow({ Resource: { a: BUCKET } }), message: SYNTAX, source: MOTO },
  {
    name: "Resource that is not an ARN",
    kind: "identity",
    document: allow({ Resource: "invalid resource" }),
    message: 'Resource invalid resource must be in ARN format or "*".',
    source: MOTO,
  },
  { name: "an empty Resource", kind: "identity", document: allow({ Resource: "" }), message: 'Resource  must be in ARN format or "*".', source: MOTO },
  {
    name: "an unknown partition",
    kind: "identity",
    document: doc({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:b:cadfsdf" }),
    message: 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".',
    source: MOTO,
  },
  {
    name: "an unknown partition, all segments",
    kind: "identity",
    document: doc({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:b:c:d:e:f:g:h" }),
    message: 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".',
    source: MOTO,
  },
  {
    name: "arn: left out",
    kind: "identity",
    document: allow({ Resource: "aws:s3:::example_bucket" }),
    message: 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".',
    source: MOTO,
  },
  {
    name: "the first bad partition of a list",
    kind: "identity",
    document: allow({ Resource: ["arn:error:s3:::example_bucket", "arn:error:s3::example_bucket"] }),
    message: 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".',
    source: MOTO,
  },
  {
    name: "no service",
    kind: "identity",
    document: allow({ Resource: "arn:aws" }),
    message: "Resource vendor must be fully qualified and cannot contain regexes.",
    source: MOTO,
  },
  {
    name: "a wildcard service",
    kind: "identity",
    document: allow({ Resource: "arn:aws:s*:::example_bucket" }),
    message: "Resource vendor must be fully qualified and cannot contain regexes.",
    source: CHOSEN,
  },
  {
    name: "an IAM resource that is no IAM resource type",
    kind: "identity",
    document: allow({ Resource: "arn:aws:iam:::example_bucket" }),
    message:
      'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
    source: MOTO,
  },
  {
    name: "an IAM resource with a region",
    kind: "identity",
    document: allow({ Resource: "arn:aws:iam:us-east-1::example_bucket" }),
    message: "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.",
    source: MOTO,
  },
  {
    name: "an S3 resource with a region",
    kind: "identity",
    document: allow({ Resource: "arn:aws:s3:us-east-1::example_bucket" }),
    message: "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.",
    source: MOTO,
  },
  {
    name: "an S3 access point has a region",
    kind: "identity",
    document: allow({
      Action: ["s3:*"],
      Resource: ["arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point", "arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*"],
    }),
    message: undefined,
    source: MOTO,
  },
  { name: "an ARN short of segments", kind: "identity", document: allow({ Resource: "arn:aws:s3::example_bucket" }), message: LEGACY, source: MOTO },
  {
    name: "legacy parsing before missing actions",
    kind: "identity",
    document: doc({ Effect: "Allow", Resource: "arn:aws:s3::example_bucket" }),
    message: LEGACY,
    source: MOTO,
  },
  {
    name: "an empty service",
    kind: "identity",
    document: doc({ Effect: "Allow", NotAction: "s3:ListBucket", Resource: "arn:aws::::example_bucket" }),
    message: LEGACY,
    source: MOTO,
  },
  {
    name: "a short NotResource",
    kind: "identity",
    document: doc({ Effect: "Allow", Action: "s3:ListBucket", NotResource: "arn:aws:s3::example_bucket" }),
    message: LEGACY,
    source: MOTO,
  },
  { name: "arn:aws::x", kind: "identity", document: allow({ Resource: "arn:aws::fdsasf" }), message: LEGACY, source: MOTO },
  { name: "arn:aws:x is accepted", kind: "identity", document: allow({ Resource: "arn:aws:fdsasf" }), message: undefined, source: MOTO },
  {
    name: "unknown services and regions elsewhere are accepted",
    kind: "identity",
    document: allow({
      Resource: ["arn:aws:s33:::example_bucket", "arn:aws:invalid-service:us-east-1::example_bucket", "arn:aws:ec2:us-east-1::example_bucket"],
    }),
    message: undefined,
    source: MOTO,
  },
  { name: "an ARN and *", kind: "identity", document: allow({ Resource: [BUCKET, "*"] }), message: undefined, source: MOTO },
  {
    name: "NotAction with NotResource",
    kind: "identity",
    document: doc({ Effect: "Allow", NotAction: "s3:ListBucket", NotResource: "*" }),
    message: undefined,
    source: MOTO,
  },
  {
    name: "NotResource list",
    kind: "identity",
    document: doc({ Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"] }),
    message: undefined,
    source: MOTO,
  },
  {
    name: "policy variables in an IAM resource",
    kind: "identity",
    document: doc([{ Effect: "Allow", Action: ["iam:ChangePassword", "iam:GetUser"], Resource: "arn:aws:iam::*:user/${aws:username}" }]),
    message: undefined,
    source: MOTO,
  },
  // Principal
  {
    name: "a Principal in an identity policy",
    kind: "identity",
    document: allow({ Principal: "*" }),
    message: "Policy document should not specify a principal.",
    source: "IAM UG, Principal element (not in identity-based policies); flowwatch README",
  },
  // Condition
  { name: "Condition as an array", kind: "identity", document: cond([]), message: SYNTAX, source: MOTO },
  { name: "Condition as a string", kind: "identity", document: cond("a"), message: SYNTAX, source: MOTO },
  { name: "a condition block that is a string", kind: "identity", document: cond({ a: "b" }), message: SYNTAX, source: MOTO },
  { name: "a condition value that is an object", kind: "identity", document: cond({ DateGreaterThan: { a: {} } }), message: SYNTAX, source: MOTO },
  { name: "an unknown operator with a key", kind: "identity", document: cond({ x: { a: "1" } }), message: SYNTAX, source: MOTO },
  { name: "an unknown operator with an empty block", kind: "identity", document: cond({ x: {}, y: {} }), message: undefined, source: MOTO },
  {
    name: "a doubled colon after the qualifier",
    kind: "identity",
    document: cond({ "ForAnyValue::StringEqualsIfExists": { a: "asf" } }),
    message: SYNTAX,
    source: MOTO,
  },
  { name: "an empty Condition", kind: "identity", document: cond({}), message: undefined, source: MOTO },
  { name: "qualifier and IfExists", kind: "identity", document: cond({ "ForAnyValue:StringEqualsIfExists": { a: "asf" } }), message: undefined, source: MOTO },
  { name: "an empty value list", kind: "identity", document: cond({ DateGreaterThan: { a: [] } }), message: undefined, source: MOTO },
  {
    name: "numbers and booleans as values",
    kind: "identity",
    document: cond({ NumericLessThanEquals: { "s3:max-keys": 10 }, Bool: { "aws:SecureTransport": false } }),
    message: undefined,
    source: GRAMMAR,
  },
  { name: "a date that is no date", kind: "identity", document: cond({ DateGreaterThan: { a: "sdfdsf" } }), message: LEGACY, source: MOTO },
  { name: "month 13", kind: "identity", document: cond({ DateLessThanEquals: { a: "234-13" } }), message: LEGACY, source: MOTO },
  { name: "a one-digit zone", kind: "identity", document: cond({ DateLessThanEquals: { a: "2016-12-13t2:00:00.593194+1" } }), message: LEGACY, source: MOTO },
  {
    name: "ten digits of fraction",
    kind: "identity",
    document: cond({ DateLessThanEquals: { a: "2016-12-13t2:00:00.1999999999+10:59" } }),
    message: LEGACY,
    source: MOTO,
  },
  { name: "epoch seconds past 2^63-1", kind: "identity", document: cond({ DateLessThan: { a: "9223372036854775808" } }), message: LEGACY, source: MOTO },
  {
    name: "a bad date before a bad partition",
    kind: "identity",
    document: allow({ Resource: "arn:error:s3:::example_bucket", Condition: { DateGreaterThan: { a: "sdfdsf" } } }),
    message: LEGACY,
    source: MOTO,
  },
  {
    name: "ISO dates AWS reads",
    kind: "identity",
    document: cond({
      DateGreaterThan: { "aws:CurrentTime": "2017-07-01T00:00:00Z" },
      DateLessThanEquals: { a: ["2016-12-13T21:20:37.593194+00:00", "2016-12-13t2:00:00.593194+23", "01T", "-292275054"] },
    }),
    message: undefined,
    source: MOTO,
  },
  { name: "a condition key without vendor", kind: "identity", document: cond({ StringEqualsIfExists: { a: "asf" } }), message: undefined, source: MOTO },
  { name: "a numeric condition on text", kind: "identity", document: cond({ NumericLessThan: { "s3:max-keys": "ten" } }), message: SYNTAX, source: CHOSEN },
  {
    name: "a NotPrincipal in an identity policy",
    kind: "identity",
    document: allow({ NotPrincipal: { AWS: "123456789012" } }),
    message: "Policy document should not specify a principal.",
    source: "IAM UG, NotPrincipal element (resource-based policies only); flowwatch README",
  },
  { name: "operator names are case-sensitive", kind: "identity", document: cond({ stringequals: { "aws:username": "a" } }), message: SYNTAX, source: CHOSEN },
  { name: "Null has no IfExists", kind: "identity", document: cond({ NullIfExists: { "aws:username": "true" } }), message: SYNTAX, source: CHOSEN },
  { name: "a CIDR past /32", kind: "identity", document: cond({ IpAddress: { "aws:SourceIp": "10.0.0.0/33" } }), message: SYNTAX, source: CHOSEN },
  {
    name: "every operator family with qualifiers and IfExists",
    kind: "identity",
    document: cond({
      "ForAllValues:StringLikeIfExists": { "aws:TagKeys": ["a*"] },
      IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] },
      ArnLikeIfExists: { "aws:SourceArn": "arn:aws:ec2:*:*:vpc-flow-log/*" },
      Null: { "aws:TokenIssueTime": "true" },
      BinaryEquals: { "s3:x": "QmluYXJ5" },
      StringNotEqualsIgnoreCase: { "aws:username": "A" },
    }),
    message: undefined,
    source: "IAM UG, IAM JSON policy elements: Condition operators",
  },
  // Trust policies (CreateRole)
  {
    name: "trust: not JSON",
    kind: "trust",
    document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}',
    message: "This policy contains invalid Json",
    source: RECORDED,
  },
  { name: "trust: a service principal", kind: "trust", document: trust({}), message: undefined, source: ROLES },
  {
    name: "trust: Version 2008-10-17 is accepted",
    kind: "trust",
    document: { Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    message: undefined,
    source: `${ROLES}; ${VERSION_ISSUES}`,
  },
  { name: "trust: a Resource", kind: "trust", document: trust({ Resource: "*" }), message: "Has prohibited field Resource", source: ROLES },
  {
    name: "trust: no Principal",
    kind: "trust",
    document: doc([{ Effect: "Allow", Action: "sts:AssumeRole" }]),
    message: "Missing required field Principal",
    source: ROLES,
  },
  {
    name: "trust: a non-STS action",
    kind: "trust",
    document: trust({ Action: "s3:GetObject" }),
    message: "AssumeRole policy may only specify STS AssumeRole actions.",
    source: ROLES,
  },
  {
    name: "trust: an invalid service principal",
    kind: "trust",
    document: trust({ Principal: { Service: "amazonaws.com" } }),
    message: 'Invalid principal in policy: "SERVICE":"amazonaws.com"',
    source: ROLES,
  },
  { name: "trust: Principal *", kind: "trust", document: trust({ Principal: "*" }), message: undefined, source: "IAM UG, Principal element: anonymous (*)" },
  {
    name: "trust: an account id and a root ARN",
    kind: "trust",
    document: trust({ Principal: { AWS: ["123456789012", "arn:aws:iam::123456789012:root"] } }),
    message: undefined,
    source: "IAM UG, Principal element: AWS account principals",
  },
  {
    name: "trust: a web identity provider",
    kind: "trust",
    document: trust({ Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }),
    message: undefined,
    source: "IAM UG, Principal element: web identity session principals",
  },
  {
    name: "trust: a wildcard inside an AWS principal ARN",
    kind: "trust",
    document: trust({ Principal: { AWS: "arn:aws:iam::123456789012:user/*" } }),
    message: 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"',
    source: "IAM UG, Principal element (wildcards only as *); flowwatch README",
  },
  {
    name: "trust: a NotPrincipal",
    kind: "trust",
    document: doc([{ Effect: "Deny", NotPrincipal: { AWS: "123456789012" }, Action: "sts:AssumeRole" }]),
    message: "Has prohibited field NotPrincipal",
    source: `${ROLES}; ${CHOSEN}`,
  },
  {
    name: "trust: Effect in the wrong case",
    kind: "trust",
    document: trust({ Effect: "allow" }),
    message: LEGACY,
    source: `${MOTO} (identity policies; the same legacy parser assumed for trust: ${CHOSEN})`,
  },
];
