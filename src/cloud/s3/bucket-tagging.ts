/** PutBucketTagging, GetBucketTagging, DeleteBucketTagging: at most 50 tags, keys 1-128 and values 0-256 characters, no `aws:` keys. */
import type { DeleteBucketTaggingRequest, GetBucketTaggingOutput, GetBucketTaggingRequest, PutBucketTaggingRequest, Tag } from "../validation/s3-types.js";
import { requireBucket, type S3State } from "./context.js";
import { malformedXml, noSuchTagSet, s3Error } from "./errors.js";

const MAX_TAGS = 50;
const invalidTag = (message: string) => s3Error("InvalidTag", message, 400);

/** Checked tags as stored: S3's InvalidTag for what it refuses. */
export function tagsFromInput(tags: readonly Tag[]): Tag[] {
  if (tags.length > MAX_TAGS) throw invalidTag("Object tags cannot be greater than 50");
  const seen = new Set<string>();
  for (const tag of tags) {
    if (typeof tag.Key !== "string" || typeof tag.Value !== "string") throw malformedXml();
    if (tag.Key.length < 1 || [...tag.Key].length > 128) throw invalidTag("The TagKey you have provided is invalid");
    if ([...tag.Value].length > 256) throw invalidTag("The TagValue you have provided is invalid");
    if (tag.Key.toLowerCase().startsWith("aws:")) throw invalidTag("Your TagKey cannot be prefixed with aws:");
    if (seen.has(tag.Key)) throw invalidTag("Cannot provide multiple Tags with the same key");
    seen.add(tag.Key);
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

export function putBucketTagging(state: S3State, input: PutBucketTaggingRequest): void {
  requireBucket(state, input.Bucket);
  if (input.Tagging === undefined || !Array.isArray(input.Tagging.TagSet)) throw malformedXml();
  const tags = tagsFromInput(input.Tagging.TagSet);
  state.storage.setBucketField(input.Bucket, "tags", tags.length === 0 ? null : JSON.stringify(tags));
}

export function getBucketTagging(state: S3State, input: GetBucketTaggingRequest): GetBucketTaggingOutput {
  const bucket = requireBucket(state, input.Bucket);
  if (bucket.tags === null) throw noSuchTagSet(input.Bucket);
  // Written by putBucketTagging from checked tags only.
  return { TagSet: JSON.parse(bucket.tags) as Tag[] };
}

export function deleteBucketTagging(state: S3State, input: DeleteBucketTaggingRequest): void {
  requireBucket(state, input.Bucket);
  state.storage.setBucketField(input.Bucket, "tags", null);
}
