/**
 * S3 on the local cloud's port: the REST-XML pipeline for requests whose Host is an S3 name or whose signature
 * is scoped to `s3`. Read top to bottom: Host guard -> authenticate on the headers -> route -> body (streamed for
 * PutObject and UploadPart, read whole and small otherwise) -> decode to the typed input -> NoSuchBucket ->
 * authorize -> operation -> headers, XML, or the object's bytes streamed from its file.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import type { Authenticator } from "../accounts.js";
import type { Clock } from "../clock.js";
import type { IdentityDirectory } from "../iam/index.js";
import { AwsError, internalFailure } from "../protocol/aws-error.js";
import { decodeRestXmlInput, encodeRestXmlOutput, RestXmlInputError, S3_XMLNS } from "../protocol/rest-xml.js";
import { escapeXml } from "../protocol/xml.js";
import type { BrowserRequest, Refusal } from "../request-origin.js";
import { type AnyOperation, callOperation, type RequestContext } from "../service.js";
import { s3Bindings } from "../validation/s3-bindings.js";
import { s3Address, s3Host, signedForS3 } from "./addressing.js";
import { authenticateS3, type S3Caller } from "./authenticate.js";
import { S3_AUTHORIZATION } from "./authorization-table.js";
import { bucketArn, S3Authorizer } from "./authorize.js";
import type { S3Exchange, S3State } from "./context.js";
import { accessDenied, badDigest, encodeS3Error, invalidArgument, malformedXml, noSuchBucket, s3Error } from "./errors.js";
import { contentMd5 } from "./object-body.js";
import { objectArn } from "./objects.js";
import { readDocument, requestPayload } from "./payload.js";
import { MAX_DOCUMENT_BYTES, routeS3, STREAMED, type S3OperationName } from "./routes.js";
import { createS3Handlers } from "./service.js";
import { S3Storage } from "./storage.js";
import type { Store } from "../store/store.js";

/** The document element of outputs whose members are the body (the model leaves these names to the protocol). */
const ROOTS: Partial<Record<S3OperationName, string>> = {
  ListBuckets: "ListAllMyBucketsResult",
  ListObjectsV2: "ListBucketResult",
  ListObjects: "ListBucketResult",
  GetBucketTagging: "Tagging",
  GetBucketAcl: "AccessControlPolicy",
  DeleteObjects: "DeleteResult",
  CreateMultipartUpload: "InitiateMultipartUploadResult",
  CompleteMultipartUpload: "CompleteMultipartUploadResult",
  ListParts: "ListPartsResult",
  ListMultipartUploads: "ListMultipartUploadsResult",
};

/** Operations S3 answers with 204 No Content. */
const NO_CONTENT: ReadonlySet<S3OperationName> = new Set([
  "DeleteBucket",
  "DeleteBucketTagging",
  "DeleteBucketPolicy",
  "DeleteObject",
  "AbortMultipartUpload",
  "PutBucketPolicy",
  "PutBucketTagging",
]);

export interface S3EndpointDeps {
  store: Store;
  clock: Clock;
  authenticator: Authenticator;
  strict: boolean;
  defaultAccount: string;
  defaultRegion: string;
  directory(): IdentityDirectory | undefined;
  browserRefusal(request: BrowserRequest): Refusal | undefined;
  onBug(error: unknown): void;
}

const first = (value: string | string[] | undefined): string | undefined => (typeof value === "string" ? value : value?.[0]);

export class S3Endpoint {
  readonly storage: S3Storage;
  private readonly authorizer: S3Authorizer;
  private readonly exchanges = new WeakMap<RequestContext, S3Exchange>();
  private readonly handlers: Readonly<Record<string, AnyOperation>>;
  private readonly state: S3State;

  constructor(private readonly deps: S3EndpointDeps) {
    this.storage = new S3Storage(deps.store);
    this.authorizer = new S3Authorizer({ directory: deps.directory, clock: deps.clock });
    this.state = {
      storage: this.storage,
      clock: deps.clock,
      exchange: (ctx) => {
        const exchange = this.exchanges.get(ctx);
        if (exchange === undefined) throw new Error("an S3 handler was called outside a request");
        return exchange;
      },
    };
    this.handlers = createS3Handlers(this.state);
  }

  /**
   * True for requests S3 answers: an S3 Host name, a signature scoped to `s3`, or an unsigned path-style request
   * whose first segment names an existing bucket (`curl http://127.0.0.1:4566/bucket/key` for a public object).
   */
  claims(req: IncomingMessage): boolean {
    if (s3Host(first(req.headers.host)) !== undefined) return true;
    const target = req.url ?? "/";
    const q = target.indexOf("?");
    const query = q < 0 ? "" : target.slice(q + 1);
    const authorization = first(req.headers.authorization);
    if (signedForS3(authorization, query)) return true;
    if (authorization !== undefined || /(?:^|&)(?:X-Amz-Credential|Action)=/.test(query) || req.headers["x-amz-target"] !== undefined) return false;
    const bucket = s3Address(undefined, q < 0 ? target : target.slice(0, q)).bucket;
    return bucket !== undefined && this.storage.bucket(bucket) !== undefined;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomBytes(8).toString("hex").toUpperCase();
    const head = (req.method ?? "GET").toUpperCase() === "HEAD";
    try {
      await this.serve(req, res, requestId, head);
    } catch (error) {
      let failure: AwsError;
      if (error instanceof AwsError) failure = error;
      else {
        this.deps.onBug(error);
        failure = internalFailure();
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const encoded = encodeS3Error(failure, requestId, head);
      // A body not read to its end is never read: the connection closes after the answer.
      if (!req.complete) encoded.headers.connection = "close";
      res.writeHead(failure.status, { ...encoded.headers, "content-length": Buffer.byteLength(encoded.body) });
      res.end(head ? undefined : encoded.body);
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, requestId: string, head: boolean): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const target = req.url ?? "/";
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? "" : target.slice(q + 1);
    const headers = req.headersDistinct;
    const address = s3Address(first(req.headers.host), path);

    const url = new URL("http://localhost/");
    url.pathname = path;
    url.search = rawQuery === "" ? "" : `?${rawQuery}`;
    const refusal = this.deps.browserRefusal({ method, url, headers: { ...headers, host: address.servedHost } });
    if (refusal !== undefined) {
      if (refusal.kind === "host") throw s3Error("MisdirectedRequest", `This server does not serve the host '${refusal.host.slice(0, 100)}'`, 421);
      throw accessDenied(refusal.kind === "unsigned" ? "Access Denied" : `Access Denied: a browser request from another origin or site is refused`);
    }

    const caller = authenticateS3({ method, path, query: rawQuery, headers }, this.deps);
    const query = new URLSearchParams(rawQuery);
    const operation = routeS3(method, address.bucket, address.key, query, headers);
    const payload = requestPayload(req, caller.payload);
    const exchange: S3Exchange = {
      caller,
      finishBody: () => payload.finish(),
      authorize: (action, resource, bucket, conditions) => this.authorizer.authorize(caller, action, resource, bucket, remote(req), conditions),
    };
    let body: Buffer | undefined;
    if (STREAMED.has(operation)) {
      exchange.body = payload.stream;
      if (payload.declaredLength !== undefined) exchange.declaredLength = payload.declaredLength;
    } else {
      body = await readDocument(payload, MAX_DOCUMENT_BYTES);
      const md5 = contentMd5(first(headers["content-md5"]));
      if (md5 !== undefined) {
        const computed = createHash("md5").update(body).digest();
        if (!computed.equals(md5)) throw badDigest(md5.toString("base64"), computed.toString("base64"));
      }
    }

    const labels: Record<string, string> = {};
    if (address.bucket !== undefined) labels.Bucket = address.bucket;
    if (address.key !== undefined) labels.Key = address.key;
    let input: Record<string, unknown>;
    try {
      input = decodeRestXmlInput(s3Bindings, operation, { labels, query, headers, ...(body === undefined ? {} : { body }) });
    } catch (error) {
      if (!(error instanceof RestXmlInputError)) throw error;
      if (error.kind === "xml") throw malformedXml();
      const argument = error.argument ?? "";
      throw invalidArgument(error.message, argument, first(headers[argument.toLowerCase()]) ?? query.get(argument) ?? "");
    }

    const bucket = address.bucket === undefined ? undefined : this.storage.bucket(address.bucket);
    if (address.bucket !== undefined && bucket === undefined && operation !== "CreateBucket") throw noSuchBucket(address.bucket);
    // x-amz-expected-bucket-owner: a bucket of another account than the caller expects is refused as S3 does.
    const expectedOwner = first(headers["x-amz-expected-bucket-owner"]);
    if (bucket !== undefined && expectedOwner !== undefined && expectedOwner !== bucket.account) throw accessDenied();
    if (operation !== "DeleteObjects") {
      const region = bucket?.region ?? caller.region;
      const resource =
        address.bucket === undefined ? "*" : address.key === undefined ? bucketArn(region, address.bucket) : objectArn(region, address.bucket, address.key);
      // CreateBucket is the caller's own act: an existing bucket's policy does not take part (its owner's name answers BucketAlreadyExists).
      this.authorizer.authorize(
        caller,
        S3_AUTHORIZATION[operation].action,
        resource,
        operation === "CreateBucket" ? undefined : bucket,
        remote(req),
        conditionsOf(operation, headers, query),
      );
    }

    const ctx: RequestContext = { account: caller.account, region: caller.region, requestId, principal: caller.principal, clock: this.deps.clock };
    this.exchanges.set(ctx, exchange);
    const handler = this.handlers[operation] as AnyOperation;
    const output = await callOperation(handler, input, ctx);

    const encoded = encodeRestXmlOutput(s3Bindings, operation, output, ROOTS[operation]);
    if (operation === "GetBucketLocation") {
      // botocore and the SDKs read the constraint as the element's own text (us-east-1: empty).
      const location = (output as { LocationConstraint?: string }).LocationConstraint ?? "";
      encoded.body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_XMLNS}">${escapeXml(location)}</LocationConstraint>`;
      encoded.headers["content-type"] = "application/xml";
    }
    const status = exchange.status ?? (NO_CONTENT.has(operation) ? 204 : encoded.status);
    const responseHeaders: Record<string, string> = {
      "x-amz-request-id": requestId,
      "x-amz-id-2": Buffer.from(requestId).toString("base64"),
      ...encoded.headers,
    };
    const download = exchange.download;
    if (download !== undefined && !head && status !== 304) {
      const length = download.end - download.start + 1;
      responseHeaders["content-length"] = String(Math.max(0, length));
      res.writeHead(status, responseHeaders);
      if (length <= 0) {
        res.end();
        return;
      }
      await new Promise<void>((resolve) => {
        pipeline(createReadStream(this.storage.path(download.file), { start: download.start, end: download.end, highWaterMark: 1024 * 1024 }), res, () =>
          resolve(),
        );
      });
      return;
    }
    const text = status === 304 || status === 204 ? "" : (encoded.body ?? "");
    // HEAD keeps the object's Content-Length (what a GET would send); other answers measure their own body.
    if (!(head && responseHeaders["content-length"] !== undefined)) responseHeaders["content-length"] = String(Buffer.byteLength(text));
    res.writeHead(status, responseHeaders);
    res.end(head ? undefined : text);
  }

  reset(): void {
    this.storage.reset();
  }
}

const remote = (req: IncomingMessage): string | undefined => req.socket.remoteAddress?.replace(/^::ffff:/, "");

/** The S3 condition keys a request carries: the canned ACL, and the listing parameters of ListBucket. */
function conditionsOf(operation: S3OperationName, headers: Readonly<Record<string, string[] | undefined>>, query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const acl = headers["x-amz-acl"]?.[0];
  if (acl !== undefined) out["s3:x-amz-acl"] = acl;
  if (operation === "ListObjects" || operation === "ListObjectsV2") {
    for (const name of ["prefix", "delimiter", "max-keys"]) {
      const value = query.get(name);
      if (value !== null) out[`s3:${name}`] = value;
    }
  }
  return out;
}

export type { S3Caller };
