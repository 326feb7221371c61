/**
 * What S3's handlers share beyond the typed input: the storage, and per request the exchange that carries
 * the streamed body in and a file range out (the model's `Body` blob would be buffered whole), the caller,
 * and authorization of the further actions an operation needs (CopyObject's read of its source).
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { Clock } from "../clock.js";
import type { RequestContext } from "../service.js";
import type { S3Caller } from "./authenticate.js";
import { noSuchBucket } from "./errors.js";
import type { BucketRow, S3Storage } from "./storage.js";

export interface S3Exchange {
  caller: S3Caller;
  /** The request body as it streams, decoded (aws-chunked) and counted: PutObject and UploadPart read it. */
  body?: Readable;
  /** After the body has been read to its end: the payload checks (x-amz-content-sha256, decoded length). Throws S3's error. */
  finishBody(): void;
  /** The bytes the declared Content-Length (or x-amz-decoded-content-length) announces, when known. */
  declaredLength?: number;
  /** A file range the endpoint streams as the response body (GetObject). */
  download?: { file: string; start: number; end: number };
  /** 206 for a range, 304 for a failed If-None-Match / If-Modified-Since. */
  status?: number;
  /** Authorizes `action` on `resource` (an S3 ARN) of `bucket`, as the operation's own action was. */
  authorize(action: string, resource: string, bucket: BucketRow | undefined, conditions?: Readonly<Record<string, string>>): void;
}

export interface S3State {
  storage: S3Storage;
  clock: Clock;
  exchange(ctx: RequestContext): S3Exchange;
}

/** S3's canonical user id of an account: 64 hex digits, stable, derived so nothing needs storing. */
export const canonicalId = (account: string): string => createHash("sha256").update(`flowwatch-s3-owner:${account}`).digest("hex");

/** The bucket, or NoSuchBucket. */
export function requireBucket(state: S3State, name: string): BucketRow {
  const row = state.storage.bucket(name);
  if (row === undefined) throw noSuchBucket(name);
  return row;
}

/** ETags are written quoted; clients may send them either way. */
export const unquote = (etag: string): string =>
  etag
    .trim()
    .replace(/^W\//, "")
    .replace(/^"(.*)"$/, "$1");
