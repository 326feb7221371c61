/**
 * The `aws-chunked` body the SDKs stream (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`,
 * `STREAMING-UNSIGNED-PAYLOAD-TRAILER`): chunk framing decoded as the bytes arrive, each chunk's signature
 * checked against the chain that starts at the request's signature, and the trailer's signature too.
 */
import { createHash, createHmac } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import type { AwsError } from "../protocol/aws-error.js";
import type { ChunkSigner } from "./authenticate.js";
import { incompleteBody, invalidChunk, signatureDoesNotMatch } from "./errors.js";

const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");
/** A chunk header or trailer line longer than this is not one (the SDKs write ~90 bytes). */
const MAX_LINE = 4096;

type State = "header" | "data" | "data-crlf" | "trailer" | "done";

/** Decodes while streaming; an error is an AwsError of S3's. */
export class AwsChunkedDecoder extends Transform {
  private state: State = "header";
  private line = Buffer.alloc(0);
  private remaining = 0;
  private chunkSignature: string | undefined;
  private previous: string | undefined;
  private hash = createHash("sha256");
  private readonly trailerLines: string[] = [];
  /** The decoded bytes so far: x-amz-decoded-content-length is checked against it. */
  decodedBytes = 0;
  /** Trailer headers (`x-amz-checksum-crc32`), as sent. */
  readonly trailers = new Map<string, string>();

  constructor(
    private readonly signer: ChunkSigner | undefined,
    private readonly trailer: boolean,
  ) {
    super();
    this.previous = signer?.seed;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as AwsError);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === "done" ? undefined : incompleteBody());
  }

  private consume(input: Buffer): void {
    let at = 0;
    while (at < input.length) {
      if (this.state === "data") {
        const take = Math.min(this.remaining, input.length - at);
        const piece = input.subarray(at, at + take);
        if (this.signer !== undefined) this.hash.update(piece);
        this.push(piece);
        this.decodedBytes += take;
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) {
          this.state = "data-crlf";
          this.verifyChunk();
        }
        continue;
      }
      if (this.state === "done") {
        // Bytes after the final chunk: the framing was not what the headers said.
        throw invalidChunk("Data after the final chunk of an aws-chunked body");
      }
      const newline = input.indexOf(0x0a, at);
      const end = newline < 0 ? input.length : newline + 1;
      this.line = Buffer.concat([this.line, input.subarray(at, end)]);
      at = end;
      if (this.line.length > MAX_LINE) throw invalidChunk("An aws-chunked header line is too long");
      if (newline < 0) continue;
      const text = this.line.toString("latin1").replace(/\r?\n$/, "");
      this.line = Buffer.alloc(0);
      this.onLine(text);
    }
  }

  private onLine(text: string): void {
    if (this.state === "data-crlf") {
      if (text !== "") throw invalidChunk("An aws-chunked chunk is longer than its size");
      this.state = "header";
      return;
    }
    if (this.state === "header") {
      const [size, ...extensions] = text.split(";");
      if (size === undefined || !/^[0-9a-fA-F]{1,16}$/.test(size.trim())) throw invalidChunk("Invalid chunk size in an aws-chunked body");
      this.remaining = Number.parseInt(size.trim(), 16);
      if (!Number.isSafeInteger(this.remaining)) throw invalidChunk("Invalid chunk size in an aws-chunked body");
      this.chunkSignature = extensions.map((e) => /^chunk-signature=([0-9a-f]{64})$/.exec(e.trim())?.[1]).find((s) => s !== undefined);
      if (this.signer !== undefined && this.chunkSignature === undefined) throw signatureDoesNotMatch();
      if (this.remaining > 0) {
        this.state = "data";
        return;
      }
      this.verifyChunk();
      // The final chunk: an empty line follows, or the trailer's header lines and then one.
      this.state = "trailer";
      return;
    }
    if (this.state === "trailer") {
      if (text === "") {
        this.verifyTrailer();
        this.state = "done";
        return;
      }
      const colon = text.indexOf(":");
      if (colon < 0) throw invalidChunk("A malformed trailer in an aws-chunked body");
      const name = text.slice(0, colon).trim().toLowerCase();
      const value = text.slice(colon + 1).trim();
      if (name === "x-amz-trailer-signature") this.chunkSignature = value;
      else {
        this.trailers.set(name, value);
        this.trailerLines.push(`${name}:${value}\n`);
      }
    }
  }

  private sign(text: string): string {
    return createHmac("sha256", (this.signer as ChunkSigner).key)
      .update(text, "utf8")
      .digest("hex");
  }

  private verifyChunk(): void {
    if (this.signer === undefined) return;
    const { amzDate, scope } = this.signer;
    const expected = this.sign(`AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${this.previous}\n${EMPTY_SHA256}\n${this.hash.digest("hex")}`);
    this.hash = createHash("sha256");
    if (expected !== this.chunkSignature) throw signatureDoesNotMatch();
    this.previous = expected;
  }

  private verifyTrailer(): void {
    if (this.signer === undefined || !this.trailer) return;
    const { amzDate, scope } = this.signer;
    const digest = createHash("sha256").update(this.trailerLines.join("")).digest("hex");
    const expected = this.sign(`AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${this.previous}\n${digest}`);
    if (expected !== this.chunkSignature) throw signatureDoesNotMatch();
  }
}
