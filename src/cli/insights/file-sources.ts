/**
 * What `query --file` and `report --file` read: local paths (or `-`) and `s3://bucket/prefix`, the objects
 * under the prefix listed with ListObjectsV2 (every page) and read with GetObject, through the SDK on any
 * endpoint. Each becomes a source the query runner streams, as it streams a file.
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { openSource } from "../../flowlog/index.js";
import { awsFailure, CliError } from "../cli-error.js";
import { clientConfig, type ConnectionOptions, instrument } from "../../setup/clients.js";
import { parquetAsText } from "./parquet-text.js";

export interface FileSource {
  /** What the progress bar and @logStream show: the file's or object's base name. */
  name: string;
  /** What @log shows: the path or s3:// URL. */
  log: string;
  /** Bytes as stored; 0 when unknown (standard input). */
  size: number;
  open(): Promise<Readable>;
}

/**
 * Blocks of 64 KiB: hundreds of lines per await, and each block's text stays a regular heap string
 * (a 1 MiB string is a large-object allocation: measured 6x slower to decode per byte).
 */
const BLOCK = 1 << 16;

/** `s3://bucket/prefix` split; undefined for anything else. */
export function s3Location(text: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(text);
  return m === null ? undefined : { bucket: m[1] as string, prefix: m[2] as string };
}

/** A local path or `-` (standard input) as a source; a missing file is a one-line error. */
export function localSource(path: string): FileSource {
  if (path === "-") return { name: "-", log: "-", size: 0, open: async () => openSource(path) };
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CliError(`${path}: no such file`);
  }
  // A Parquet file's footer is at its end: it is read whole, and read as the text of its records.
  if (path.endsWith(".parquet")) return { name: basename(path), log: path, size, open: async () => Readable.from([parquetAsText(readFileSync(path), path)]) };
  return { name: basename(path), log: path, size, open: async () => createReadStream(path, { highWaterMark: BLOCK }) };
}

/**
 * The S3 client of `--file s3://...`. Addressed by path on an explicit endpoint: a loopback endpoint has no
 * bucket host names, and AWS answers path-style requests too.
 */
function s3Client(connection: ConnectionOptions): S3Client {
  return instrument(new S3Client({ ...clientConfig(connection), ...(connection.endpoint !== undefined ? { forcePathStyle: true } : {}) }), connection);
}

/** Every object under the prefix, in key order, pages followed to the end; folders' zero-byte markers skipped. */
async function s3Sources(client: S3Client, url: string, bucket: string, prefix: string): Promise<FileSource[]> {
  const found: FileSource[] = [];
  let token: string | undefined;
  do {
    const page = await client
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
      .catch((e: unknown) => Promise.reject(awsFailure(e)));
    for (const o of page.Contents ?? []) {
      const key = o.Key ?? "";
      if (key.endsWith("/") && (o.Size ?? 0) === 0) continue;
      const log = `s3://${bucket}/${key}`;
      found.push({
        name: basename(key),
        log,
        size: o.Size ?? 0,
        open: async () => {
          const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch((e: unknown) => Promise.reject(awsFailure(e)));
          if (!(out.Body instanceof Readable)) throw new CliError(`${log}: GetObject returned no body`);
          if (key.endsWith(".parquet")) return Readable.from([parquetAsText(await out.Body.transformToByteArray(), log)]);
          return out.Body;
        },
      });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  if (found.length === 0) throw new CliError(`${url}: no objects under this prefix`, 1);
  return found;
}

/** The sources of the --file arguments, in order; the S3 client (if any) is returned to be destroyed after reading. */
export async function fileSources(files: string[], connection: ConnectionOptions): Promise<{ sources: FileSource[]; close(): void }> {
  let client: S3Client | undefined;
  const sources: FileSource[] = [];
  try {
    for (const file of files) {
      const at = s3Location(file);
      if (at === undefined) sources.push(localSource(file));
      else {
        client ??= s3Client(connection);
        sources.push(...(await s3Sources(client, file, at.bucket, at.prefix)));
      }
    }
  } catch (error) {
    client?.destroy();
    throw error;
  }
  return { sources, close: () => client?.destroy() };
}
