/**
 * The IAM action, resource ARN pattern and condition keys of each served S3 operation, from AWS's Service
 * Authorization Reference (Amazon S3) and the S3 API Reference's "Permissions" of each operation. S3 evaluates
 * identity and bucket policies together itself (authorize.ts), so every row's decider is `operation`.
 */
import type { AuthorizationRow, AuthorizationTable } from "../authorization-table.js";
import type { S3OperationName } from "./routes.js";

const BUCKET = "arn:${Partition}:s3:::${BucketName}";
const OBJECT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
const LIST_KEYS = ["s3:prefix", "s3:delimiter", "s3:max-keys"];

const row = (action: string, resources: readonly string[], conditionKeys: readonly string[] = []): AuthorizationRow => ({
  action,
  resources,
  conditionKeys,
  decider: "operation",
});

export const S3_AUTHORIZATION: Readonly<Record<S3OperationName, AuthorizationRow>> & AuthorizationTable = {
  ListBuckets: row("s3:ListAllMyBuckets", ["*"]),
  CreateBucket: row("s3:CreateBucket", [BUCKET], ["s3:x-amz-acl", "s3:LocationConstraint"]),
  HeadBucket: row("s3:ListBucket", [BUCKET]),
  DeleteBucket: row("s3:DeleteBucket", [BUCKET]),
  GetBucketLocation: row("s3:GetBucketLocation", [BUCKET]),
  PutBucketTagging: row("s3:PutBucketTagging", [BUCKET]),
  GetBucketTagging: row("s3:GetBucketTagging", [BUCKET]),
  // The API Reference: DeleteBucketTagging needs s3:PutBucketTagging.
  DeleteBucketTagging: row("s3:PutBucketTagging", [BUCKET]),
  PutBucketPolicy: row("s3:PutBucketPolicy", [BUCKET]),
  GetBucketPolicy: row("s3:GetBucketPolicy", [BUCKET]),
  DeleteBucketPolicy: row("s3:DeleteBucketPolicy", [BUCKET]),
  GetBucketAcl: row("s3:GetBucketAcl", [BUCKET]),
  PutBucketAcl: row("s3:PutBucketAcl", [BUCKET], ["s3:x-amz-acl"]),
  ListObjectsV2: row("s3:ListBucket", [BUCKET], LIST_KEYS),
  ListObjects: row("s3:ListBucket", [BUCKET], LIST_KEYS),
  ListMultipartUploads: row("s3:ListBucketMultipartUploads", [BUCKET]),
  PutObject: row("s3:PutObject", [OBJECT], ["s3:x-amz-acl"]),
  GetObject: row("s3:GetObject", [OBJECT]),
  HeadObject: row("s3:GetObject", [OBJECT]),
  // And s3:GetObject on the source, authorized by the operation (objects.ts).
  CopyObject: row("s3:PutObject", [OBJECT], ["s3:x-amz-acl"]),
  DeleteObject: row("s3:DeleteObject", [OBJECT]),
  // Each key is authorized as s3:DeleteObject on its own; the request itself needs nothing more.
  DeleteObjects: row("s3:DeleteObject", [OBJECT]),
  CreateMultipartUpload: row("s3:PutObject", [OBJECT], ["s3:x-amz-acl"]),
  UploadPart: row("s3:PutObject", [OBJECT]),
  CompleteMultipartUpload: row("s3:PutObject", [OBJECT]),
  AbortMultipartUpload: row("s3:AbortMultipartUpload", [OBJECT]),
  ListParts: row("s3:ListMultipartUploadParts", [OBJECT]),
};
