/** Objects: PutObject, GetObject, HeadObject, CopyObject, DeleteObject, DeleteObjects. */
import { arnPrefix } from "../partitions.js";
import { AwsError } from "../protocol/aws-error.js";
import type { RequestContext } from "../service.js";
import type {
  CopyObjectOutput,
  CopyObjectRequest,
  DeleteObjectOutput,
  DeleteObjectRequest,
  DeleteObjectsOutput,
  DeleteObjectsRequest,
  GetObjectOutput,
  GetObjectRequest,
  HeadObjectOutput,
  HeadObjectRequest,
  PutObjectOutput,
  PutObjectRequest,
} from "../validation/s3-types.js";
import { OWNER_ONLY_OBJECT_ACLS } from "./bucket-acl.js";
import { requireBucket, type S3State, unquote } from "./context.js";
import { aclNotSupported, invalidArgument, invalidRequest, malformedXml, noSuchKey, notImplemented, preconditionFailed, s3Error } from "./errors.js";
import { concatenate, receiveBody } from "./object-body.js";
import { byteRange, checkConditions } from "./read-conditions.js";
import type { ObjectRow } from "./storage.js";

/** User metadata (x-amz-meta-*) is limited to 2 KB, names and values together (S3 User Guide). */
const MAX_METADATA_BYTES = 2 * 1024;
const MAX_KEY_BYTES = 1024;
/** What S3 answers for an object stored without a Content-Type. */
const DEFAULT_CONTENT_TYPE = "binary/octet-stream";

export const objectArn = (region: string, bucket: string, key: string) => `${arnPrefix(region)}s3:::${bucket}/${key}`;

/** The representation headers an object keeps and returns, from PutObject's, CopyObject's or CreateMultipartUpload's input. */
export interface RepresentationInput {
  ContentType?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: string | number;
  Metadata?: Record<string, string>;
}

export function storedHeaders(input: RepresentationInput): Record<string, string> {
  const headers: Record<string, string> = { "content-type": input.ContentType ?? DEFAULT_CONTENT_TYPE };
  if (input.CacheControl !== undefined) headers["cache-control"] = input.CacheControl;
  if (input.ContentDisposition !== undefined) headers["content-disposition"] = input.ContentDisposition;
  // aws-chunked describes the transfer, not the object: S3 drops it.
  const encoding = input.ContentEncoding?.split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "aws-chunked" && e !== "")
    .join(",");
  if (encoding) headers["content-encoding"] = encoding;
  if (input.ContentLanguage !== undefined) headers["content-language"] = input.ContentLanguage;
  if (input.Expires !== undefined) headers.expires = typeof input.Expires === "number" ? new Date(input.Expires).toUTCString() : input.Expires;
  return headers;
}

export function checkedMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const out = metadata ?? {};
  let bytes = 0;
  for (const [name, value] of Object.entries(out)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  if (bytes > MAX_METADATA_BYTES)
    throw s3Error("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.", 400, {
      Size: bytes,
      MaxSizeAllowed: MAX_METADATA_BYTES,
    });
  return out;
}

export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw s3Error("KeyTooLongError", "Your key is too long", 400, { Size: Buffer.byteLength(key), MaxSizeAllowed: MAX_KEY_BYTES });
}

export function checkObjectAcl(acl: string | undefined): void {
  if (acl !== undefined && !OWNER_ONLY_OBJECT_ACLS.has(acl)) throw aclNotSupported();
}

/** If-None-Match: * and If-Match on a write (conditional writes): 412, or NoSuchKey for If-Match on a missing key. */
function checkWriteConditions(existing: ObjectRow | undefined, key: string, ifMatch: string | undefined, ifNoneMatch: string | undefined): void {
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== "*") throw notImplemented("If-None-Match other than * on a write");
    if (existing !== undefined) throw preconditionFailed("If-None-Match");
  }
  if (ifMatch !== undefined) {
    if (existing === undefined) throw noSuchKey(key);
    if (unquote(ifMatch) !== existing.etag) throw preconditionFailed("If-Match");
  }
}

export async function putObject(state: S3State, input: PutObjectRequest, ctx: RequestContext): Promise<PutObjectOutput> {
  requireBucket(state, input.Bucket);
  checkKey(input.Key);
  checkObjectAcl(input.ACL);
  const metadata = checkedMetadata(input.Metadata);
  checkWriteConditions(state.storage.object(input.Bucket, input.Key), input.Key, input.IfMatch, input.IfNoneMatch);
  const exchange = state.exchange(ctx);
  const body = await receiveBody(state, exchange, input.ContentMD5);
  const etag = body.md5.toString("hex");
  const replaced = state.storage.transaction(
    () => {
      // Checked again inside the transaction: another writer may have committed while this body streamed.
      checkWriteConditions(state.storage.object(input.Bucket, input.Key), input.Key, input.IfMatch, input.IfNoneMatch);
      requireBucket(state, input.Bucket);
      return state.storage.putObject({
        bucket: input.Bucket,
        key: input.Key,
        file: body.file,
        size: body.size,
        etag,
        modified: state.clock.now(),
        headers: JSON.stringify(storedHeaders(input)),
        metadata: JSON.stringify(metadata),
        parts: null,
        owner: ctx.account,
      });
    },
    () => state.storage.removeFiles([body.file]),
  );
  if (replaced !== undefined) state.storage.removeFiles([replaced]);
  return { ETag: `"${etag}"`, Size: body.size };
}

function requireObject(state: S3State, bucket: string, key: string): ObjectRow {
  requireBucket(state, bucket);
  const row = state.storage.object(bucket, key);
  if (row === undefined) throw noSuchKey(key);
  return row;
}

/** What GetObject and HeadObject both answer: the object's headers, the range, the status. */
function describe(
  state: S3State,
  input: GetObjectRequest | HeadObjectRequest,
  ctx: RequestContext,
): { row: ObjectRow; output: HeadObjectOutput & GetObjectOutput } {
  if (input.PartNumber !== undefined) throw notImplemented("partNumber on GetObject and HeadObject");
  if (input.VersionId !== undefined && input.VersionId !== "null")
    throw s3Error("NoSuchVersion", "The specified version does not exist.", 404, { Key: input.Key, VersionId: input.VersionId });
  const row = requireObject(state, input.Bucket, input.Key);
  const exchange = state.exchange(ctx);
  // Stored by this module from storedHeaders / checkedMetadata.
  const headers = JSON.parse(row.headers) as Record<string, string>;
  const metadata = JSON.parse(row.metadata) as Record<string, string>;
  const output: HeadObjectOutput & GetObjectOutput = {
    AcceptRanges: "bytes",
    LastModified: new Date(row.modified),
    ETag: row.parts === null ? `"${row.etag}"` : `"${row.etag}-${row.parts}"`,
    ContentType: headers["content-type"] ?? DEFAULT_CONTENT_TYPE,
    Metadata: metadata,
  };
  if (headers["cache-control"] !== undefined) output.CacheControl = headers["cache-control"];
  if (headers["content-disposition"] !== undefined) output.ContentDisposition = headers["content-disposition"];
  if (headers["content-encoding"] !== undefined) output.ContentEncoding = headers["content-encoding"];
  if (headers["content-language"] !== undefined) output.ContentLanguage = headers["content-language"];
  if (headers.expires !== undefined) output.Expires = headers.expires;
  if (row.parts !== null) output.PartsCount = row.parts;
  const fresh = checkConditions(input, row.parts === null ? row.etag : `${row.etag}-${row.parts}`, row.modified);
  if (fresh === 304) {
    exchange.status = 304;
    return { row, output: { ETag: output.ETag, LastModified: output.LastModified } };
  }
  const range = byteRange(input.Range, row.size);
  if (range === undefined) {
    output.ContentLength = row.size;
    exchange.download = { file: row.file, start: 0, end: row.size - 1 };
  } else {
    exchange.status = 206;
    output.ContentLength = range.end - range.start + 1;
    output.ContentRange = `bytes ${range.start}-${range.end}/${row.size}`;
    exchange.download = { file: row.file, ...range };
  }
  if (input.ResponseContentType !== undefined) output.ContentType = input.ResponseContentType;
  if (input.ResponseCacheControl !== undefined) output.CacheControl = input.ResponseCacheControl;
  if (input.ResponseContentDisposition !== undefined) output.ContentDisposition = input.ResponseContentDisposition;
  if (input.ResponseContentEncoding !== undefined) output.ContentEncoding = input.ResponseContentEncoding;
  if (input.ResponseContentLanguage !== undefined) output.ContentLanguage = input.ResponseContentLanguage;
  return { row, output };
}

export function getObject(state: S3State, input: GetObjectRequest, ctx: RequestContext): GetObjectOutput {
  return describe(state, input, ctx).output;
}

export function headObject(state: S3State, input: HeadObjectRequest, ctx: RequestContext): HeadObjectOutput {
  const { output } = describe(state, input, ctx);
  // A HEAD sends no body: the download the description prepared is dropped.
  state.exchange(ctx).download = undefined;
  return output;
}

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, with an optional `?versionId=`. */
export function parseCopySource(source: string): { bucket: string; key: string } {
  const [path = "", query] = source.split("?");
  if (query !== undefined && !/^versionId=(null)?$/.test(query)) throw notImplemented("versioned copy sources");
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ""));
  } catch {
    throw invalidArgument("Invalid copy source encoding", "x-amz-copy-source", source);
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalidArgument("Invalid copy source object key", "x-amz-copy-source", source);
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

export async function copyObject(state: S3State, input: CopyObjectRequest, ctx: RequestContext): Promise<CopyObjectOutput> {
  requireBucket(state, input.Bucket);
  checkKey(input.Key);
  checkObjectAcl(input.ACL);
  const source = parseCopySource(input.CopySource);
  const sourceBucket = requireBucket(state, source.bucket);
  state.exchange(ctx).authorize("s3:GetObject", objectArn(ctx.region, source.bucket, source.key), sourceBucket);
  const row = requireObject(state, source.bucket, source.key);
  const sourceTag = row.parts === null ? row.etag : `${row.etag}-${row.parts}`;
  try {
    checkConditions(
      {
        ...(input.CopySourceIfMatch === undefined ? {} : { IfMatch: input.CopySourceIfMatch }),
        ...(input.CopySourceIfUnmodifiedSince === undefined ? {} : { IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince }),
      },
      sourceTag,
      row.modified,
    );
    const fresh = checkConditions(
      {
        ...(input.CopySourceIfNoneMatch === undefined ? {} : { IfNoneMatch: input.CopySourceIfNoneMatch }),
        ...(input.CopySourceIfModifiedSince === undefined ? {} : { IfModifiedSince: input.CopySourceIfModifiedSince }),
      },
      sourceTag,
      row.modified,
    );
    if (fresh === 304) throw preconditionFailed("x-amz-copy-source-If-None-Match");
  } catch (error) {
    if (error instanceof AwsError && error.code === "PreconditionFailed") throw preconditionFailed("x-amz-copy-source conditions");
    throw error;
  }
  const replace = input.MetadataDirective === "REPLACE";
  if (!replace && source.bucket === input.Bucket && source.key === input.Key) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const headers = replace ? JSON.stringify(storedHeaders(input)) : row.headers;
  const metadata = replace ? JSON.stringify(checkedMetadata(input.Metadata)) : row.metadata;
  const copy = await concatenate(state, [row.file]);
  const modified = state.clock.now();
  const replaced = state.storage.transaction(
    () => {
      requireBucket(state, input.Bucket);
      return state.storage.putObject({
        bucket: input.Bucket,
        key: input.Key,
        file: copy.file,
        size: copy.size,
        etag: row.etag,
        modified,
        headers,
        metadata,
        parts: row.parts,
        owner: ctx.account,
      });
    },
    () => state.storage.removeFiles([copy.file]),
  );
  if (replaced !== undefined) state.storage.removeFiles([replaced]);
  return { CopyObjectResult: { ETag: `"${sourceTag}"`, LastModified: new Date(modified) } };
}

/** Deleting a key that does not exist succeeds, as on AWS (204 either way). */
export function deleteObject(state: S3State, input: DeleteObjectRequest): DeleteObjectOutput {
  requireBucket(state, input.Bucket);
  const file = state.storage.transaction(() => state.storage.deleteObject(input.Bucket, input.Key));
  if (file !== undefined) state.storage.removeFiles([file]);
  return {};
}

const MAX_DELETE_KEYS = 1000;

/** Each key authorized (s3:DeleteObject) and answered on its own: a denial is an entry in Errors, not a failed request. */
export function deleteObjects(state: S3State, input: DeleteObjectsRequest, ctx: RequestContext): DeleteObjectsOutput {
  const bucket = requireBucket(state, input.Bucket);
  const objects = input.Delete?.Objects;
  if (!Array.isArray(objects) || objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformedXml();
  const exchange = state.exchange(ctx);
  const deleted: NonNullable<DeleteObjectsOutput["Deleted"]> = [];
  const errors: NonNullable<DeleteObjectsOutput["Errors"]> = [];
  const files: string[] = [];
  for (const object of objects) {
    if (typeof object.Key !== "string") throw malformedXml();
    try {
      exchange.authorize("s3:DeleteObject", objectArn(ctx.region, input.Bucket, object.Key), bucket);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push({ Key: object.Key, Code: error.code, Message: error.message });
      continue;
    }
    const file = state.storage.transaction(() => state.storage.deleteObject(input.Bucket, object.Key));
    if (file !== undefined) files.push(file);
    deleted.push({ Key: object.Key });
  }
  state.storage.removeFiles(files);
  const output: DeleteObjectsOutput = {};
  if (input.Delete.Quiet !== true && deleted.length > 0) output.Deleted = deleted;
  if (errors.length > 0) output.Errors = errors;
  return output;
}
