/** Buckets: CreateBucket, ListBuckets, HeadBucket, DeleteBucket, GetBucketLocation. Names are global across accounts, as on AWS. */
import type { RequestContext } from "../service.js";
import type {
  CreateBucketOutput,
  CreateBucketRequest,
  DeleteBucketRequest,
  GetBucketLocationOutput,
  GetBucketLocationRequest,
  HeadBucketOutput,
  HeadBucketRequest,
  ListBucketsOutput,
  ListBucketsRequest,
} from "../validation/s3-types.js";
import { isValidBucketName } from "./bucket-names.js";
import { canonicalId, requireBucket, type S3State } from "./context.js";
import { bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty, invalidArgument, invalidBucketName, s3Error } from "./errors.js";
import { tagsFromInput } from "./bucket-tagging.js";

/** us-east-1's legacy answer: creating a bucket you already own there succeeds (every other Region says BucketAlreadyOwnedByYou). */
const LEGACY_REGION = "us-east-1";
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function createBucket(state: S3State, input: CreateBucketRequest, ctx: RequestContext): CreateBucketOutput {
  const name = input.Bucket;
  if (!isValidBucketName(name)) throw invalidBucketName(name);
  // A string, not the model's enum: the document's value is checked here, in S3's words.
  const constraint: string | undefined = input.CreateBucketConfiguration?.LocationConstraint;
  const region = constraint === "EU" ? "eu-west-1" : (constraint ?? LEGACY_REGION);
  if (constraint === LEGACY_REGION || (constraint !== undefined && constraint !== "EU" && !REGION.test(constraint)))
    throw s3Error("InvalidLocationConstraint", "The specified location-constraint is not valid", 400, { LocationConstraint: constraint });
  if (ctx.region !== LEGACY_REGION && region !== ctx.region) {
    const what = constraint === undefined ? "unspecified" : constraint;
    throw s3Error(
      "IllegalLocationConstraintException",
      `The ${what} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  const acl = input.ACL ?? "private";
  if (acl !== "private")
    throw s3Error("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
  const existing = state.storage.bucket(name);
  if (existing !== undefined) {
    if (existing.account !== ctx.account) throw bucketAlreadyExists(name);
    if (existing.region === LEGACY_REGION && region === LEGACY_REGION) return { Location: `/${name}` };
    throw bucketAlreadyOwnedByYou(name);
  }
  const tags = input.CreateBucketConfiguration?.Tags;
  state.storage.createBucket({
    name,
    account: ctx.account,
    region,
    created: state.clock.now(),
    policy: null,
    tags: tags === undefined || tags.length === 0 ? null : JSON.stringify(tagsFromInput(tags)),
    acl,
  });
  return { Location: `/${name}` };
}

export function listBuckets(state: S3State, input: ListBucketsRequest, ctx: RequestContext): ListBucketsOutput {
  const max = input.MaxBuckets ?? 10_000;
  if (!Number.isInteger(max) || max < 1 || max > 10_000)
    throw invalidArgument("Argument max-buckets must be an integer between 1 and 10000", "max-buckets", String(max));
  let after = "";
  if (input.ContinuationToken !== undefined) {
    after = Buffer.from(input.ContinuationToken, "base64url").toString("utf8");
    if (!isValidBucketName(after)) throw invalidArgument("The continuation token provided is incorrect", "continuation-token", input.ContinuationToken);
  }
  const rows = state.storage
    .bucketsOf(ctx.account)
    .filter((b) => b.name > after && b.name.startsWith(input.Prefix ?? "") && (input.BucketRegion === undefined || b.region === input.BucketRegion));
  const page = rows.slice(0, max);
  const output: ListBucketsOutput = {
    Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region })),
    Owner: { ID: canonicalId(ctx.account) },
  };
  if (input.Prefix !== undefined) output.Prefix = input.Prefix;
  const last = page[page.length - 1];
  if (rows.length > max && last !== undefined) output.ContinuationToken = Buffer.from(last.name).toString("base64url");
  return output;
}

export function headBucket(state: S3State, input: HeadBucketRequest): HeadBucketOutput {
  const bucket = requireBucket(state, input.Bucket);
  return { BucketRegion: bucket.region, AccessPointAlias: false };
}

export function deleteBucket(state: S3State, input: DeleteBucketRequest): void {
  requireBucket(state, input.Bucket);
  state.storage.transaction(() => {
    if (!state.storage.isEmpty(input.Bucket)) throw bucketNotEmpty(input.Bucket);
    state.storage.deleteBucket(input.Bucket);
  });
}

/** us-east-1 answers an empty LocationConstraint (null in the SDKs), as on AWS. */
export function getBucketLocation(state: S3State, input: GetBucketLocationRequest): GetBucketLocationOutput {
  const bucket = requireBucket(state, input.Bucket);
  return bucket.region === LEGACY_REGION ? {} : { LocationConstraint: bucket.region as NonNullable<GetBucketLocationOutput["LocationConstraint"]> };
}
