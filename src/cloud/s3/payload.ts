/**
 * The request body as the operation reads it: decoded from aws-chunked when so sent, hashed when a SHA-256 was
 * declared, with `finish()` checking what can only be checked at the end (the hash, the decoded length).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { PassThrough, pipeline, type Readable, Transform } from "node:stream";
import { AwsError } from "../protocol/aws-error.js";
import type { Payload } from "./authenticate.js";
import { AwsChunkedDecoder } from "./aws-chunked.js";
import { incompleteBody, s3Error, sha256Mismatch } from "./errors.js";

export interface RequestPayload {
  stream: Readable;
  /** The object's length as announced: x-amz-decoded-content-length for aws-chunked, else Content-Length. */
  declaredLength: number | undefined;
  finish(): void;
}

const numberHeader = (value: string | string[] | undefined): number | undefined => {
  if (typeof value !== "string") return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

export function requestPayload(req: IncomingMessage, payload: Payload): RequestPayload {
  const contentLength = numberHeader(req.headers["content-length"]);
  const fail = (error: unknown): AwsError => (error instanceof AwsError ? error : incompleteBody());
  if (payload.kind === "chunked") {
    const decoded = numberHeader(req.headers["x-amz-decoded-content-length"]);
    const decoder = new AwsChunkedDecoder(payload.signer, payload.trailer);
    const out = new PassThrough();
    pipeline(req, decoder, out, (error) => {
      if (error) out.destroy(fail(error));
    });
    return {
      stream: out,
      declaredLength: decoded,
      finish: () => {
        if (decoded !== undefined && decoder.decodedBytes !== decoded) throw incompleteBody();
      },
    };
  }
  if (payload.kind === "sha256") {
    const hash = createHash("sha256");
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    pipeline(req, hashing, (error) => {
      if (error) hashing.destroy(fail(error));
    });
    return {
      stream: hashing,
      declaredLength: contentLength,
      finish: () => {
        const computed = hash.digest("hex");
        if (computed !== payload.hash) throw sha256Mismatch(payload.hash, computed);
      },
    };
  }
  const plain = new PassThrough();
  pipeline(req, plain, (error) => {
    if (error) plain.destroy(fail(error));
  });
  return { stream: plain, declaredLength: contentLength, finish: () => undefined };
}

/** A document body (XML, a policy), read whole up to `limit` bytes. */
export async function readDocument(payload: RequestPayload, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload.stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      payload.stream.destroy();
      throw s3Error("MaxMessageLengthExceeded", "Your request was too big.", 400);
    }
    chunks.push(chunk);
  }
  payload.finish();
  return Buffer.concat(chunks);
}
