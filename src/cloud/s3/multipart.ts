/**
 * Multipart uploads: CreateMultipartUpload, UploadPart (1-10,000, each fsynced as it arrives),
 * CompleteMultipartUpload (ascending parts whose ETags match, every part but the last at least 5 MiB; the ETag is
 * the MD5 of the parts' MD5s and "-N"), AbortMultipartUpload, ListParts, ListMultipartUploads.
 */
import { createHash, randomBytes } from "node:crypto";
import type { RequestContext } from "../service.js";
import type {
  AbortMultipartUploadOutput,
  AbortMultipartUploadRequest,
  CompleteMultipartUploadOutput,
  CompleteMultipartUploadRequest,
  CreateMultipartUploadOutput,
  CreateMultipartUploadRequest,
  ListMultipartUploadsOutput,
  ListMultipartUploadsRequest,
  ListPartsOutput,
  ListPartsRequest,
  UploadPartOutput,
  UploadPartRequest,
} from "../validation/s3-types.js";
import { canonicalId, requireBucket, type S3State, unquote } from "./context.js";
import { entityTooSmall, invalidArgument, invalidPart, invalidPartOrder, malformedXml, noSuchUpload, notImplemented } from "./errors.js";
import { concatenate, receiveBody } from "./object-body.js";
import { checkedMetadata, checkKey, checkObjectAcl, storedHeaders } from "./objects.js";
import type { UploadRow } from "./storage.js";

/** S3's minimum part size, for every part but the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;
const MAX_LISTED = 1000;

function requireUpload(state: S3State, bucket: string, key: string, uploadId: string): UploadRow {
  requireBucket(state, bucket);
  const upload = state.storage.upload(uploadId);
  if (upload === undefined || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

export function createMultipartUpload(state: S3State, input: CreateMultipartUploadRequest, ctx: RequestContext): CreateMultipartUploadOutput {
  requireBucket(state, input.Bucket);
  checkKey(input.Key);
  checkObjectAcl(input.ACL);
  const uploadId = randomBytes(48).toString("base64url");
  state.storage.createUpload({
    upload_id: uploadId,
    bucket: input.Bucket,
    key: input.Key,
    initiated: state.clock.now(),
    headers: JSON.stringify(storedHeaders(input)),
    metadata: JSON.stringify(checkedMetadata(input.Metadata)),
    owner: ctx.account,
  });
  return { Bucket: input.Bucket, Key: input.Key, UploadId: uploadId };
}

export async function uploadPart(state: S3State, input: UploadPartRequest, ctx: RequestContext): Promise<UploadPartOutput> {
  if (!Number.isInteger(input.PartNumber) || input.PartNumber < 1 || input.PartNumber > MAX_PART_NUMBER) {
    throw invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", String(input.PartNumber));
  }
  requireUpload(state, input.Bucket, input.Key, input.UploadId);
  const body = await receiveBody(state, state.exchange(ctx), input.ContentMD5);
  const etag = body.md5.toString("hex");
  const replaced = state.storage.transaction(
    () => {
      // Aborted or completed while the part streamed: the part has nowhere to go.
      requireUpload(state, input.Bucket, input.Key, input.UploadId);
      return state.storage.putPart({ upload_id: input.UploadId, part: input.PartNumber, file: body.file, size: body.size, etag, modified: state.clock.now() });
    },
    () => state.storage.removeFiles([body.file]),
  );
  if (replaced !== undefined) state.storage.removeFiles([replaced]);
  return { ETag: `"${etag}"` };
}

export async function completeMultipartUpload(
  state: S3State,
  input: CompleteMultipartUploadRequest,
  ctx: RequestContext,
): Promise<CompleteMultipartUploadOutput> {
  const upload = requireUpload(state, input.Bucket, input.Key, input.UploadId);
  const requested = input.MultipartUpload?.Parts;
  if (!Array.isArray(requested) || requested.length === 0) throw malformedXml();
  const stored = new Map(state.storage.parts(input.UploadId).map((p) => [p.part, p]));
  let previous = 0;
  for (const part of requested) {
    if (part.PartNumber === undefined || part.ETag === undefined) throw malformedXml();
    if (part.PartNumber <= previous) throw invalidPartOrder();
    previous = part.PartNumber;
  }
  const chosen = [];
  for (const [index, part] of requested.entries()) {
    const number = part.PartNumber as number;
    const found = stored.get(number);
    if (found === undefined || unquote(part.ETag ?? "") !== found.etag) throw invalidPart(number, part.ETag ?? "");
    if (index < requested.length - 1 && found.size < MIN_PART_BYTES) throw entityTooSmall(found.size);
    chosen.push(found);
  }
  const joined = await concatenate(
    state,
    chosen.map((p) => p.file),
  );
  const digest = createHash("md5");
  for (const part of chosen) digest.update(Buffer.from(part.etag, "hex"));
  const etag = digest.digest("hex");
  const dropped = state.storage.transaction(
    () => {
      requireUpload(state, input.Bucket, input.Key, input.UploadId);
      const old = state.storage.putObject({
        bucket: upload.bucket,
        key: upload.key,
        file: joined.file,
        size: joined.size,
        etag,
        modified: state.clock.now(),
        headers: upload.headers,
        metadata: upload.metadata,
        parts: chosen.length,
        owner: ctx.account,
      });
      return [...state.storage.deleteUpload(input.UploadId), ...(old === undefined ? [] : [old])];
    },
    () => state.storage.removeFiles([joined.file]),
  );
  state.storage.removeFiles(dropped);
  return { Location: `/${input.Bucket}/${encodeURIComponent(input.Key)}`, Bucket: input.Bucket, Key: input.Key, ETag: `"${etag}-${chosen.length}"` };
}

export function abortMultipartUpload(state: S3State, input: AbortMultipartUploadRequest): AbortMultipartUploadOutput {
  requireUpload(state, input.Bucket, input.Key, input.UploadId);
  const files = state.storage.transaction(() => state.storage.deleteUpload(input.UploadId));
  state.storage.removeFiles(files);
  return {};
}

function limit(value: number | undefined, name: string): number {
  const max = value ?? MAX_LISTED;
  if (!Number.isInteger(max) || max < 0) throw invalidArgument(`Argument ${name} must be an integer between 0 and 2147483647`, name, String(max));
  return Math.min(max, MAX_LISTED);
}

export function listParts(state: S3State, input: ListPartsRequest): ListPartsOutput {
  const upload = requireUpload(state, input.Bucket, input.Key, input.UploadId);
  const max = limit(input.MaxParts, "max-parts");
  const marker = input.PartNumberMarker === undefined ? 0 : Number(input.PartNumberMarker);
  if (!Number.isInteger(marker) || marker < 0)
    throw invalidArgument("Argument part-number-marker must be an integer between 0 and 2147483647", "part-number-marker", String(input.PartNumberMarker));
  const rows = state.storage.parts(input.UploadId, marker, max + 1);
  const page = rows.slice(0, max);
  const owner = { ID: canonicalId(upload.owner) };
  const output: ListPartsOutput = {
    Bucket: input.Bucket,
    Key: input.Key,
    UploadId: input.UploadId,
    PartNumberMarker: marker,
    MaxParts: max,
    IsTruncated: rows.length > max,
    Parts: page.map((p) => ({ PartNumber: p.part, LastModified: new Date(p.modified), ETag: `"${p.etag}"`, Size: p.size })),
    Initiator: owner,
    Owner: owner,
    StorageClass: "STANDARD",
  };
  const last = page[page.length - 1];
  if (last !== undefined) output.NextPartNumberMarker = last.part;
  return output;
}

export function listMultipartUploads(state: S3State, input: ListMultipartUploadsRequest): ListMultipartUploadsOutput {
  requireBucket(state, input.Bucket);
  if (input.Delimiter !== undefined) throw notImplemented("delimiter on ListMultipartUploads");
  const max = limit(input.MaxUploads, "max-uploads");
  const keyMarker = input.KeyMarker ?? "";
  // Without an upload-id-marker, a key marker skips every upload of that key.
  const rows = state.storage.uploads(input.Bucket, input.Prefix ?? "", max + 1, keyMarker, input.UploadIdMarker ?? (keyMarker === "" ? "" : "\u{10FFFF}"));
  const page = rows.slice(0, max);
  const output: ListMultipartUploadsOutput = {
    Bucket: input.Bucket,
    KeyMarker: keyMarker,
    UploadIdMarker: input.UploadIdMarker ?? "",
    MaxUploads: max,
    IsTruncated: rows.length > max,
    Uploads: page.map((u) => ({
      UploadId: u.upload_id,
      Key: u.key,
      Initiated: new Date(u.initiated),
      StorageClass: "STANDARD",
      Owner: { ID: canonicalId(u.owner) },
      Initiator: { ID: canonicalId(u.owner) },
    })),
  };
  if (input.Prefix !== undefined) output.Prefix = input.Prefix;
  const last = page[page.length - 1];
  if (output.IsTruncated && last !== undefined) {
    output.NextKeyMarker = last.key;
    output.NextUploadIdMarker = last.upload_id;
  }
  if (output.Uploads?.length === 0) delete output.Uploads;
  return output;
}
