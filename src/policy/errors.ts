/** MalformedPolicyDocumentError: the only error the policy engine throws, with IAM's code and message. */

/** Thrown by parsePolicyDocument; IAM, STS and other services turn it into their MalformedPolicyDocument reply. */
export class MalformedPolicyDocumentError extends Error {
  override readonly name = "MalformedPolicyDocumentError";
  readonly code = "MalformedPolicyDocument";
  /** IAM answers MalformedPolicyDocument with HTTP 400 (aws-spec §7.4). */
  readonly status = 400;
  constructor(message: string) {
    super(message);
  }
}

/** The messages IAM gives, in one place. Sources are in README.md; `(chosen)` marks wording AWS does not publish. */
export const messages = {
  /** CreatePolicy / PutRolePolicy on text that is not JSON or not IAM's grammar. */
  syntax: "Syntax errors in policy.",
  /** CreateRole / UpdateAssumeRolePolicy on text that is not JSON (recorded on real AWS). */
  invalidJson: "This policy contains invalid Json",
  legacyParsing: "The policy failed legacy parsing",
  /** CreatePolicy / CreatePolicyVersion without Version 2012-10-17. */
  managedVersion: "Policy document must be version 2012-10-17 or greater.",
  resourceVendor: "Resource vendor must be fully qualified and cannot contain regexes.",
  partition: (partition: string, arn: string) => `Partition "${partition}" is not valid for resource "${arn}".`,
  s3Region: (resource: string) => `Resource ${resource} can not contain region information.`,
  iamPath: (values: string) => `IAM resource path must either be "*" or start with ${values}.`,
  noPrincipal: "Policy document should not specify a principal.",
  needActions: "Policy statement must contain actions.",
  needResources: "Policy statement must contain resources.",
  uniqueSids: "Statement IDs (SID) in a single policy must be unique.",
  sidAlphanumeric: "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
  vendor: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
  oneColon: "Actions/Condition can contain only one colon.",
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  iamRegion: (resource: string) => `IAM resource ${resource} cannot contain region information.`,
  prohibited: (field: string) => `Has prohibited field ${field}`,
  missing: (field: string) => `Missing required field ${field}`,
  /** (chosen) trust policies are checked by the same grammar as "Has prohibited field"; see README. */
  unknownField: (field: string) => `Unknown field ${field}`,
  assumeRoleOnly: "AssumeRole policy may only specify STS AssumeRole actions.",
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;
