/**
 * ListObjectsV2 and ListObjects: keys in UTF-8 byte order, a prefix, a delimiter rolling keys up into
 * CommonPrefixes (each counted once against max-keys, as on AWS), and paging by continuation token, start-after
 * or marker. The scan skips past a whole common prefix at once, so a page costs O(max-keys) rows, not the bucket.
 */
import type { RequestContext } from "../service.js";
import type {
  CommonPrefix,
  ListObjectsOutput,
  ListObjectsRequest,
  ListObjectsV2Output,
  ListObjectsV2Request,
  Object as S3Object,
} from "../validation/s3-types.js";
import { canonicalId, requireBucket, type S3State } from "./context.js";
import { invalidArgument } from "./errors.js";
import type { ObjectRow } from "./storage.js";

const MAX_KEYS = 1000;
/** Sorts after every key that starts with a given prefix (no UTF-8 sequence is greater). */
const AFTER_ALL = "\u{10FFFF}";

interface Page {
  contents: ObjectRow[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last: string | undefined;
}

function scan(state: S3State, bucket: string, prefix: string, delimiter: string, after: string, maxKeys: number): Page {
  const page: Page = { contents: [], prefixes: [], truncated: false, last: undefined };
  let cursor = after;
  for (;;) {
    const rows = state.storage.listObjects(bucket, prefix, cursor, 256);
    if (rows.length === 0) return page;
    let jumped = false;
    for (const row of rows) {
      if (page.contents.length + page.prefixes.length >= maxKeys) {
        page.truncated = true;
        return page;
      }
      const at = delimiter === "" ? -1 : row.key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = row.key.slice(0, at + delimiter.length);
        page.prefixes.push(common);
        page.last = common;
        cursor = common + AFTER_ALL;
        jumped = true;
        break;
      }
      page.contents.push(row);
      page.last = row.key;
      cursor = row.key;
    }
    if (!jumped && rows.length < 256) return page;
  }
}

function checkMaxKeys(value: number | undefined): number {
  const max = value ?? MAX_KEYS;
  if (!Number.isInteger(max) || max < 0) throw invalidArgument("Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", String(max));
  return Math.min(max, MAX_KEYS);
}

function checkEncoding(value: string | undefined): (text: string) => string {
  if (value === undefined) return (text) => text;
  if (value !== "url") throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", value);
  return (text) => encodeURIComponent(text).replace(/%2F/g, "/");
}

function entry(row: ObjectRow, encode: (text: string) => string, owner: boolean): S3Object {
  const object: S3Object = {
    Key: encode(row.key),
    LastModified: new Date(row.modified),
    ETag: row.parts === null ? `"${row.etag}"` : `"${row.etag}-${row.parts}"`,
    Size: row.size,
    StorageClass: "STANDARD",
  };
  if (owner) object.Owner = { ID: canonicalId(row.owner) };
  return object;
}

const commonPrefixes = (prefixes: string[], encode: (text: string) => string): CommonPrefix[] => prefixes.map((p) => ({ Prefix: encode(p) }));

export function listObjectsV2(state: S3State, input: ListObjectsV2Request, _ctx: RequestContext): ListObjectsV2Output {
  requireBucket(state, input.Bucket);
  const maxKeys = checkMaxKeys(input.MaxKeys);
  const encode = checkEncoding(input.EncodingType);
  let after = input.StartAfter ?? "";
  if (input.ContinuationToken !== undefined) {
    const decoded = Buffer.from(input.ContinuationToken, "base64url").toString("utf8");
    if (!decoded.startsWith("1:") || Buffer.from(decoded).toString("base64url") !== input.ContinuationToken) {
      throw invalidArgument("The continuation token provided is incorrect", "continuation-token", input.ContinuationToken);
    }
    after = decoded.slice(2);
  }
  const prefix = input.Prefix ?? "";
  const delimiter = input.Delimiter ?? "";
  const page = scan(state, input.Bucket, prefix, delimiter, after, maxKeys);
  // A token that ends on a common prefix resumes after everything under it.
  const resume = page.last !== undefined && page.prefixes[page.prefixes.length - 1] === page.last ? page.last + AFTER_ALL : page.last;
  const output: ListObjectsV2Output = {
    IsTruncated: page.truncated,
    Name: input.Bucket,
    Prefix: encode(prefix),
    MaxKeys: maxKeys,
    KeyCount: page.contents.length + page.prefixes.length,
    Contents: page.contents.map((row) => entry(row, encode, input.FetchOwner === true)),
    CommonPrefixes: commonPrefixes(page.prefixes, encode),
  };
  if (output.Contents?.length === 0) delete output.Contents;
  if (output.CommonPrefixes?.length === 0) delete output.CommonPrefixes;
  if (input.Delimiter !== undefined) output.Delimiter = encode(input.Delimiter);
  if (input.EncodingType !== undefined) output.EncodingType = input.EncodingType;
  if (input.ContinuationToken !== undefined) output.ContinuationToken = input.ContinuationToken;
  if (input.StartAfter !== undefined) output.StartAfter = encode(input.StartAfter);
  if (page.truncated && resume !== undefined) output.NextContinuationToken = Buffer.from(`1:${resume}`).toString("base64url");
  return output;
}

export function listObjects(state: S3State, input: ListObjectsRequest, _ctx: RequestContext): ListObjectsOutput {
  requireBucket(state, input.Bucket);
  const maxKeys = checkMaxKeys(input.MaxKeys);
  const encode = checkEncoding(input.EncodingType);
  const prefix = input.Prefix ?? "";
  const delimiter = input.Delimiter ?? "";
  const marker = input.Marker ?? "";
  // A marker inside a common prefix resumes after that prefix, as it would have been rolled up.
  const at = delimiter === "" || !marker.startsWith(prefix) ? -1 : marker.indexOf(delimiter, prefix.length);
  const after = at >= 0 && marker.length === at + delimiter.length ? marker + AFTER_ALL : marker;
  const page = scan(state, input.Bucket, prefix, delimiter, after, maxKeys);
  const output: ListObjectsOutput = {
    IsTruncated: page.truncated,
    Marker: encode(marker),
    Name: input.Bucket,
    Prefix: encode(prefix),
    MaxKeys: maxKeys,
    Contents: page.contents.map((row) => entry(row, encode, true)),
    CommonPrefixes: commonPrefixes(page.prefixes, encode),
  };
  if (output.Contents?.length === 0) delete output.Contents;
  if (output.CommonPrefixes?.length === 0) delete output.CommonPrefixes;
  if (input.Delimiter !== undefined) output.Delimiter = encode(input.Delimiter);
  if (input.EncodingType !== undefined) output.EncodingType = input.EncodingType;
  // AWS gives NextMarker only with a delimiter; without one, clients continue from the last key.
  if (page.truncated && input.Delimiter !== undefined && page.last !== undefined) output.NextMarker = encode(page.last);
  return output;
}
