/**
 * Streaming reader of flow log files, plain or gzip (detected by its magic bytes, as S3 delivers
 * `.log.gz`), and of standard input. A header line naming the fields, as S3 files begin, sets the format.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { FlowLogError } from "./errors.js";
import { DEFAULT_FORMAT, type FlowLogFormat, formatFromHeader } from "./format.js";
import { type FlowRecord, recordParser } from "./record.js";

export interface ReadOptions {
  /** The records' format. Without it, a header line sets it, else the default format. */
  format?: FlowLogFormat;
  /** Skip bad lines (counting them, and telling onBadLine) instead of throwing. */
  lenient?: boolean;
  onBadLine?: (error: FlowLogError) => void;
  /** Told of the format once it is settled, before the first record. */
  onFormat?: (format: FlowLogFormat) => void;
  /** Told of every chunk read from the source, in bytes as stored (before gunzip). */
  onBytes?: (bytes: number) => void;
}

export interface ReadStats {
  lines: number;
  records: number;
  bad: number;
  format: FlowLogFormat;
}

/** The bytes of a source, gunzipped when they start with gzip's magic number. */
export async function* bytesOf(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await iterator.next();
  if (first.done) return;
  const toBuffer = (chunk: Buffer | string) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  const head = toBuffer(first.value);
  async function* raw(): AsyncGenerator<Buffer> {
    onBytes?.(head.length);
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const chunk = toBuffer(next.value);
      onBytes?.(chunk.length);
      yield chunk;
    }
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    yield* Readable.from(raw()).pipe(createGunzip());
  } else {
    yield* raw();
  }
}

/** The lines of a source, without their line ends. */
export async function* linesOf(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  for await (const chunk of bytesOf(input, onBytes)) {
    const text = pending + decoder.write(chunk);
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      yield text.slice(from, nl);
      from = nl + 1;
    }
    pending = text.slice(from);
  }
  pending += decoder.end();
  if (pending !== "") yield pending;
}

/**
 * The lines of a source, without their line ends, a block at a time: one array per block read, so a
 * consumer that is synchronous per line (a query over a million lines) awaits once per block instead of
 * once per line. The same lines as linesOf, in the same order; never an empty array.
 */
export async function* linesOfBatches(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  for await (const chunk of bytesOf(input, onBytes)) {
    const lines = (pending + decoder.write(chunk)).split("\n");
    // The last piece has no line end yet: it begins the next block's first line.
    pending = lines.pop() as string;
    if (lines.length > 0) yield lines;
  }
  pending += decoder.end();
  if (pending !== "") yield [pending];
}

/**
 * Reads records from a source. Blank lines are skipped; a bad line throws a FlowLogError naming
 * its line number, or in lenient mode is counted in the returned stats and skipped.
 */
export async function* readRecords(input: Readable, options: ReadOptions = {}): AsyncGenerator<FlowRecord, ReadStats> {
  let format = options.format;
  let parse: ((line: string, lineNumber?: number) => FlowRecord) | undefined;
  const stats: ReadStats = { lines: 0, records: 0, bad: 0, format: format ?? DEFAULT_FORMAT };
  let first = true;
  for await (const line of linesOf(input, options.onBytes)) {
    stats.lines++;
    if (line.trim() === "") continue;
    if (first) {
      first = false;
      const header = formatFromHeader(line);
      if (header !== undefined) {
        format ??= header;
        continue;
      }
    }
    if (parse === undefined) {
      format ??= DEFAULT_FORMAT;
      parse = recordParser(format);
      stats.format = format;
      options.onFormat?.(format);
    }
    try {
      const record = parse(line, stats.lines);
      stats.records++;
      yield record;
    } catch (error) {
      if (!(error instanceof FlowLogError) || !options.lenient) throw error;
      stats.bad++;
      options.onBadLine?.(error);
    }
  }
  return stats;
}

/** A readable source for a path, `-` meaning standard input. */
export function openSource(path: string): Readable {
  return path === "-" ? process.stdin : createReadStream(path);
}
