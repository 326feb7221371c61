/**
 * An object's bytes, from the request to a committed file without holding more than one chunk in memory: sizes
 * counted against S3's limits, MD5 for the ETag and Content-MD5, the payload checks run once the body has ended.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { S3State, S3Exchange } from "./context.js";
import { badDigest, entityTooLarge, incompleteBody, invalidDigest, missingContentLength } from "./errors.js";

/** AWS's limit on one PUT (S3 User Guide): a single object or one part of a multipart upload. */
export const MAX_PUT_BYTES = 5 * 1024 * 1024 * 1024;

export interface ReceivedBody {
  file: string;
  size: number;
  md5: Buffer;
}

/** The decoded Content-MD5, or InvalidDigest; undefined when the header was not sent. */
export function contentMd5(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, "base64");
  if (bytes.length !== 16 || bytes.toString("base64") !== value.trim()) throw invalidDigest(value);
  return bytes;
}

/** Streams the request body into a new object file, fsynced: nothing is committed to a row here. */
export async function receiveBody(state: S3State, exchange: S3Exchange, md5Header: string | undefined): Promise<ReceivedBody> {
  const expectedMd5 = contentMd5(md5Header);
  if (exchange.body === undefined) throw missingContentLength();
  if (exchange.declaredLength !== undefined && exchange.declaredLength > MAX_PUT_BYTES) throw entityTooLarge(exchange.declaredLength, MAX_PUT_BYTES);
  const writer = await state.storage.writer();
  const md5 = createHash("md5");
  let size = 0;
  try {
    for await (const chunk of exchange.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_PUT_BYTES) throw entityTooLarge(size, MAX_PUT_BYTES);
      md5.update(chunk);
      await writer.write(chunk);
    }
    exchange.finishBody();
    if (exchange.declaredLength !== undefined && size !== exchange.declaredLength) throw incompleteBody();
    const digest = md5.digest();
    if (expectedMd5 !== undefined && !digest.equals(expectedMd5)) throw badDigest(expectedMd5.toString("base64"), digest.toString("base64"));
    await writer.commit();
    return { file: writer.name, size, md5: digest };
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

/** Copies stored files, in order, into one new committed file (CopyObject, CompleteMultipartUpload). */
export async function concatenate(state: S3State, files: readonly string[]): Promise<{ file: string; size: number; md5: Buffer }> {
  const writer = await state.storage.writer();
  const md5 = createHash("md5");
  let size = 0;
  try {
    for (const file of files) {
      for await (const chunk of createReadStream(state.storage.path(file), { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
        md5.update(chunk);
        size += chunk.length;
        await writer.write(chunk);
      }
    }
    await writer.commit();
    return { file: writer.name, size, md5: md5.digest() };
  } catch (error) {
    await writer.discard();
    throw error;
  }
}
