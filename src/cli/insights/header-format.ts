/**
 * The format an S3 flow log file names in its header line, read before the file is queried: files of a
 * custom LogFormat are read by their own fields, not as default-format lines.
 */
import { Readable } from "node:stream";
import { type FlowLogFormat, formatFromHeader } from "../../flowlog/index.js";
import { bytesOf } from "../../flowlog/reader.js";

/** A header line is a few hundred bytes; a first line longer than this is a record, not a header. */
const HEADER_LIMIT = 1 << 16;

/**
 * The source's first line read (gunzipped if need be): the format it names, if it is a header, and the
 * whole content again as a plain stream. `onBytes` counts the bytes as stored, as the readers do.
 */
export async function withHeaderFormat(source: Readable, onBytes: (n: number) => void): Promise<{ header: FlowLogFormat | undefined; content: Readable }> {
  const iterator = bytesOf(source, onBytes)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  let newline = -1;
  while (newline < 0 && length < HEADER_LIMIT) {
    const next = await iterator.next();
    if (next.done) break;
    const at = next.value.indexOf(10);
    if (at >= 0) newline = length + at;
    head.push(next.value);
    length += next.value.length;
  }
  const first = Buffer.concat(head);
  const line = first.toString("utf8", 0, newline < 0 ? Math.min(first.length, HEADER_LIMIT) : newline).replace(/\r$/, "");
  async function* rest(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { header: formatFromHeader(line), content: Readable.from(rest(), { objectMode: false }) };
}
