/**
 * S3's errors in its own words and shape: `<Error><Code/><Message/>…<RequestId/><HostId/></Error>`, with the
 * extra elements S3 adds (BucketName, Key, …) and AWS's status codes; a HEAD answer carries no body.
 */
import { AwsError } from "../protocol/aws-error.js";
import { escapeXml } from "../protocol/xml.js";

/** An S3 error: `fields` become elements of `<Error>` after the message, in order. */
export function s3Error(code: string, message: string, status: number, fields: Readonly<Record<string, string | number>> = {}): AwsError {
  const error = new AwsError(code, message, status, status < 500);
  error.fields = fields;
  return error;
}

export const noSuchBucket = (bucket: string) => s3Error("NoSuchBucket", "The specified bucket does not exist", 404, { BucketName: bucket });
export const noSuchKey = (key: string) => s3Error("NoSuchKey", "The specified key does not exist.", 404, { Key: key });
export const noSuchUpload = (uploadId: string) =>
  s3Error("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404, {
    UploadId: uploadId,
  });
export const bucketNotEmpty = (bucket: string) => s3Error("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, { BucketName: bucket });
export const bucketAlreadyOwnedByYou = (bucket: string) =>
  s3Error("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, { BucketName: bucket });
export const bucketAlreadyExists = (bucket: string) =>
  s3Error(
    "BucketAlreadyExists",
    "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
    409,
    {
      BucketName: bucket,
    },
  );
export const invalidBucketName = (bucket: string) => s3Error("InvalidBucketName", "The specified bucket is not valid.", 400, { BucketName: bucket });
export const malformedXml = () => s3Error("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);
export const invalidArgument = (message: string, name: string, value: string) =>
  s3Error("InvalidArgument", message, 400, { ArgumentName: name, ArgumentValue: value });
export const invalidRequest = (message: string) => s3Error("InvalidRequest", message, 400);
export const accessDenied = (message = "Access Denied") => s3Error("AccessDenied", message, 403);
export const noSuchBucketPolicy = (bucket: string) => s3Error("NoSuchBucketPolicy", "The bucket policy does not exist", 404, { BucketName: bucket });
export const noSuchTagSet = (bucket: string) => s3Error("NoSuchTagSet", "The TagSet does not exist", 404, { BucketName: bucket });
export const badDigest = (expected: string, computed: string) =>
  s3Error("BadDigest", "The Content-MD5 you specified did not match what we received.", 400, { ExpectedDigest: expected, CalculatedDigest: computed });
export const invalidDigest = (given: string) => s3Error("InvalidDigest", "The Content-MD5 you specified was invalid.", 400, { "Content-MD5": given });
export const sha256Mismatch = (client: string, computed: string) =>
  s3Error("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
    ClientComputedContentSHA256: client,
    S3ComputedContentSHA256: computed,
  });
export const preconditionFailed = (condition: string) =>
  s3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412, { Condition: condition });
export const invalidRange = (range: string, size: number) =>
  s3Error("InvalidRange", "The requested range is not satisfiable", 416, { RangeRequested: range, ActualObjectSize: size });
export const entityTooSmall = (size: number) =>
  s3Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", 400, {
    ProposedSize: size,
    MinSizeAllowed: 5 * 1024 * 1024,
  });
export const entityTooLarge = (size: number, max: number) =>
  s3Error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.", 400, { ProposedSize: size, MaxSizeAllowed: max });
export const invalidPart = (part: number, etag: string) =>
  s3Error(
    "InvalidPart",
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    {
      PartNumber: part,
      ETag: etag,
    },
  );
export const invalidPartOrder = () => s3Error("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", 400);
export const malformedPolicy = (message: string) => s3Error("MalformedPolicy", message, 400);
export const aclNotSupported = () => s3Error("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
export const notImplemented = (what: string) =>
  s3Error("NotImplemented", `A header or query you provided implies functionality that is not implemented: ${what}`, 501);
export const methodNotAllowed = (method: string, resource: string) =>
  s3Error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, { Method: method, ResourceType: resource });
export const missingContentLength = () => s3Error("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);
export const incompleteBody = () => s3Error("IncompleteBody", "The request body terminated unexpectedly", 400);
export const invalidChunk = (message: string) => s3Error("InvalidChunkSizeError", message, 403);
export const signatureDoesNotMatch = () =>
  s3Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", 403);
export const internalError = () => s3Error("InternalError", "We encountered an internal error. Please try again.", 500);

export interface EncodedS3Error {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The error document; `head` answers leave the body out, as S3 does (the SDKs read the status alone). */
export function encodeS3Error(error: AwsError, requestId: string, head: boolean): EncodedS3Error {
  const code = error.code === "InternalFailure" ? "InternalError" : error.code;
  let extra = "";
  for (const [name, value] of Object.entries(error.fields ?? {})) {
    if (/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) extra += `<${name}>${escapeXml(String(value))}</${name}>`;
  }
  const body = head
    ? ""
    : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`;
  const headers: Record<string, string> = { "x-amz-request-id": requestId, "x-amz-id-2": hostId(requestId) };
  if (!head) headers["content-type"] = "application/xml";
  return { status: error.status, headers, body };
}

/** S3's extended request id: opaque; derived from the request id so the two stay paired in logs. */
export const hostId = (requestId: string) => Buffer.from(requestId).toString("base64");
