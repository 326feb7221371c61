/**
 * Which S3 operation a request is: method, bucket, key and the subresource in the query (`?tagging`,
 * `?uploads`, `?list-type=2`), as the model's request URIs give them. A subresource this server does not
 * serve is S3's NotImplemented, never a different operation.
 */
import type { S3Operations } from "../validation/s3-types.js";
import { methodNotAllowed, notImplemented } from "./errors.js";

export type S3OperationName = keyof S3Operations;

/** Subresources S3 has that are not served here: named in the NotImplemented answer. */
const UNSERVED = [
  "accelerate",
  "analytics",
  "cors",
  "encryption",
  "intelligent-tiering",
  "inventory",
  "lifecycle",
  "logging",
  "metadataConfiguration",
  "metrics",
  "notification",
  "object-lock",
  "ownershipControls",
  "publicAccessBlock",
  "replication",
  "requestPayment",
  "restore",
  "retention",
  "legal-hold",
  "select",
  "torrent",
  "versioning",
  "versions",
  "website",
  "attributes",
  "policyStatus",
  "renameObject",
];

export function routeS3(
  method: string,
  bucket: string | undefined,
  key: string | undefined,
  query: URLSearchParams,
  headers: Readonly<Record<string, unknown>>,
): S3OperationName {
  const has = (name: string) => query.has(name);
  for (const name of UNSERVED) if (has(name)) throw notImplemented(`?${name}`);
  const m = method.toUpperCase();
  if (bucket === undefined) {
    if (m === "GET") return "ListBuckets";
    throw methodNotAllowed(m, "SERVICE");
  }
  if (key === undefined) {
    if (has("tagging"))
      return m === "PUT" ? "PutBucketTagging" : m === "GET" ? "GetBucketTagging" : m === "DELETE" ? "DeleteBucketTagging" : refuse(m, "BUCKET");
    if (has("policy")) return m === "PUT" ? "PutBucketPolicy" : m === "GET" ? "GetBucketPolicy" : m === "DELETE" ? "DeleteBucketPolicy" : refuse(m, "BUCKET");
    if (has("acl")) return m === "PUT" ? "PutBucketAcl" : m === "GET" ? "GetBucketAcl" : refuse(m, "BUCKET");
    if (has("location")) return m === "GET" ? "GetBucketLocation" : refuse(m, "BUCKET");
    if (has("uploads")) return m === "GET" ? "ListMultipartUploads" : refuse(m, "BUCKET");
    if (has("delete")) return m === "POST" ? "DeleteObjects" : refuse(m, "BUCKET");
    if (m === "PUT") return "CreateBucket";
    if (m === "HEAD") return "HeadBucket";
    if (m === "DELETE") return "DeleteBucket";
    if (m === "GET") return query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    return refuse(m, "BUCKET");
  }
  if (has("tagging") || has("acl")) throw notImplemented(has("acl") ? "object ACLs (?acl)" : "object tagging (?tagging)");
  if (m === "PUT") {
    if (has("uploadId") || has("partNumber")) {
      if (headers["x-amz-copy-source"] !== undefined) throw notImplemented("UploadPartCopy");
      return "UploadPart";
    }
    return headers["x-amz-copy-source"] !== undefined ? "CopyObject" : "PutObject";
  }
  if (m === "GET") return has("uploadId") ? "ListParts" : "GetObject";
  if (m === "HEAD") return "HeadObject";
  if (m === "DELETE") return has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
  if (m === "POST") {
    if (has("uploads")) return "CreateMultipartUpload";
    if (has("uploadId")) return "CompleteMultipartUpload";
  }
  return refuse(m, "OBJECT");
}

function refuse(method: string, resource: string): never {
  throw methodNotAllowed(method, resource);
}

/** Operations whose body is the object's bytes, streamed to a file; every other body is read whole, within a small limit. */
export const STREAMED: ReadonlySet<S3OperationName> = new Set(["PutObject", "UploadPart"]);

/** The XML and policy bodies S3 takes are small: a 1,000-key DeleteObjects is the largest, about 1.1 MB. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
