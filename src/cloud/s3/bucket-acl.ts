/**
 * GetBucketAcl and PutBucketAcl under S3's default Object Ownership, BucketOwnerEnforced: ACLs are disabled,
 * the owner holds FULL_CONTROL, and only an ACL that says exactly that (`private`, `bucket-owner-full-control`)
 * is accepted; any other is AccessControlListNotSupported, as on AWS since April 2023.
 */
import type { GetBucketAclOutput, GetBucketAclRequest, PutBucketAclRequest } from "../validation/s3-types.js";
import { canonicalId, requireBucket, type S3State } from "./context.js";
import { aclNotSupported } from "./errors.js";

/** Object ACLs a PutObject may carry under BucketOwnerEnforced. */
export const OWNER_ONLY_OBJECT_ACLS: ReadonlySet<string> = new Set(["private", "bucket-owner-full-control"]);

export function getBucketAcl(state: S3State, input: GetBucketAclRequest): GetBucketAclOutput {
  const bucket = requireBucket(state, input.Bucket);
  const ID = canonicalId(bucket.account);
  return { Owner: { ID }, Grants: [{ Grantee: { Type: "CanonicalUser", ID }, Permission: "FULL_CONTROL" }] };
}

export function putBucketAcl(state: S3State, input: PutBucketAclRequest): void {
  const bucket = requireBucket(state, input.Bucket);
  if (input.GrantRead ?? input.GrantWrite ?? input.GrantReadACP ?? input.GrantWriteACP ?? input.GrantFullControl) throw aclNotSupported();
  if (input.ACL !== undefined && input.ACL !== "private") throw aclNotSupported();
  const grants = input.AccessControlPolicy?.Grants;
  if (grants !== undefined) {
    const owner = canonicalId(bucket.account);
    const ownerOnly = grants.every((g) => g.Permission === "FULL_CONTROL" && g.Grantee?.Type === "CanonicalUser" && g.Grantee.ID === owner);
    if (!ownerOnly) throw aclNotSupported();
  }
}
