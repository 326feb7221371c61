/** S3's operation table: one typed handler per served operation (OperationTable<S3Operations>), each named after it. */
import type { OperationTable } from "../service.js";
import type { S3Operations } from "../validation/s3-types.js";
import { getBucketAcl, putBucketAcl } from "./bucket-acl.js";
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from "./bucket-policy.js";
import { deleteBucketTagging, getBucketTagging, putBucketTagging } from "./bucket-tagging.js";
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from "./buckets.js";
import type { S3State } from "./context.js";
import { listObjects, listObjectsV2 } from "./list-objects.js";
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart } from "./multipart.js";
import { copyObject, deleteObject, deleteObjects, getObject, headObject, putObject } from "./objects.js";

export function createS3Handlers(state: S3State): OperationTable<S3Operations> {
  return {
    CreateBucket: (input, ctx) => createBucket(state, input, ctx),
    ListBuckets: (input, ctx) => listBuckets(state, input, ctx),
    HeadBucket: (input) => headBucket(state, input),
    DeleteBucket: (input) => deleteBucket(state, input),
    GetBucketLocation: (input) => getBucketLocation(state, input),
    PutBucketTagging: (input) => putBucketTagging(state, input),
    GetBucketTagging: (input) => getBucketTagging(state, input),
    DeleteBucketTagging: (input) => deleteBucketTagging(state, input),
    PutBucketPolicy: (input) => putBucketPolicy(state, input),
    GetBucketPolicy: (input) => getBucketPolicy(state, input),
    DeleteBucketPolicy: (input) => deleteBucketPolicy(state, input),
    GetBucketAcl: (input) => getBucketAcl(state, input),
    PutBucketAcl: (input) => putBucketAcl(state, input),
    PutObject: (input, ctx) => putObject(state, input, ctx),
    GetObject: (input, ctx) => getObject(state, input, ctx),
    HeadObject: (input, ctx) => headObject(state, input, ctx),
    CopyObject: (input, ctx) => copyObject(state, input, ctx),
    DeleteObject: (input) => deleteObject(state, input),
    DeleteObjects: (input, ctx) => deleteObjects(state, input, ctx),
    ListObjectsV2: (input, ctx) => listObjectsV2(state, input, ctx),
    ListObjects: (input, ctx) => listObjects(state, input, ctx),
    CreateMultipartUpload: (input, ctx) => createMultipartUpload(state, input, ctx),
    UploadPart: (input, ctx) => uploadPart(state, input, ctx),
    CompleteMultipartUpload: (input, ctx) => completeMultipartUpload(state, input, ctx),
    AbortMultipartUpload: (input) => abortMultipartUpload(state, input),
    ListParts: (input) => listParts(state, input),
    ListMultipartUploads: (input) => listMultipartUploads(state, input),
  };
}
