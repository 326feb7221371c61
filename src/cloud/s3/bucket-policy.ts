/**
 * PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy. A policy is checked by the policy engine's grammar as a
 * resource policy (every statement names a Principal) and must name only this bucket and its objects, as S3 requires.
 */
import { MalformedPolicyDocumentError, parsePolicyDocument } from "../../policy/index.js";
import type { DeleteBucketPolicyRequest, GetBucketPolicyOutput, GetBucketPolicyRequest, PutBucketPolicyRequest } from "../validation/s3-types.js";
import { requireBucket, type S3State } from "./context.js";
import { malformedPolicy, noSuchBucketPolicy } from "./errors.js";

/** S3's bucket policy size limit (S3 User Guide, bucket policies). */
export const MAX_POLICY_BYTES = 20 * 1024;

export function putBucketPolicy(state: S3State, input: PutBucketPolicyRequest): void {
  requireBucket(state, input.Bucket);
  const text = input.Policy ?? "";
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw malformedPolicy("Policies must be less than 20KB");
  try {
    parsePolicyDocument(text, "resource");
  } catch (error) {
    if (error instanceof MalformedPolicyDocumentError) throw malformedPolicy(error.message);
    throw error;
  }
  checkResources(input.Bucket, text);
  state.storage.setBucketField(input.Bucket, "policy", text);
}

/** Every Resource must be this bucket or a key pattern in it: S3's "Policy has invalid resource" otherwise. */
function checkResources(bucket: string, text: string): void {
  const document = JSON.parse(text) as { Statement?: unknown };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  for (const statement of statements) {
    const s = (statement ?? {}) as { Resource?: unknown; NotResource?: unknown; Principal?: unknown; NotPrincipal?: unknown };
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformedPolicy("Missing required field Principal");
    const raw = s.Resource ?? s.NotResource;
    if (raw === undefined) throw malformedPolicy("Missing required field Resource");
    for (const resource of Array.isArray(raw) ? raw : [raw]) {
      const m = typeof resource === "string" ? /^arn:[a-z*-]+:s3:::([^/]*)(\/.*)?$/.exec(resource) : null;
      if (m === null || !matchesBucket(m[1] ?? "", bucket)) throw malformedPolicy("Policy has invalid resource");
    }
  }
}

/** A bucket part with wildcards (`my-*`) names this bucket when the pattern matches it. */
function matchesBucket(pattern: string, bucket: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(bucket);
}

export function getBucketPolicy(state: S3State, input: GetBucketPolicyRequest): GetBucketPolicyOutput {
  const bucket = requireBucket(state, input.Bucket);
  if (bucket.policy === null) throw noSuchBucketPolicy(input.Bucket);
  return { Policy: bucket.policy };
}

export function deleteBucketPolicy(state: S3State, input: DeleteBucketPolicyRequest): void {
  requireBucket(state, input.Bucket);
  state.storage.setBucketField(input.Bucket, "policy", null);
}
