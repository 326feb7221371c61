/**
 * `query --file` over flow columns: the file's bytes split into lines and parsed straight into column
 * batches (only the fields the query reads), with no string per line; lines the columns do not hold
 * are decoded and read as text, in their place. The same rows as feeding every line to QueryRun.add.
 */
import type { Readable } from "node:stream";
import { bytesOf } from "../../flowlog/reader.js";
import { buildFlowColumns, type ColumnBatch, type FlowColumns, type InsightsEvent, type QueryRun } from "../../insights/index.js";

/** Lines per batch: flow columns hold at most 65,534 rows, and a batch's arrays stay small. */
const LINES = 8192;
const VERSION = Buffer.from("version ");

type MutableEvent = { -readonly [K in keyof InsightsEvent]: InsightsEvent[K] };

class LineBatch implements ColumnBatch {
  columns!: FlowColumns;
  from = 0;
  to = 0;
  readonly step = 1 as const;
  bytes: Buffer = Buffer.alloc(0);
  readonly starts = new Int32Array(LINES);
  readonly ends = new Int32Array(LINES);
  readonly stamps = new Float64Array(LINES);

  constructor(
    private readonly stream: string,
    private readonly path: string,
    private readonly current: MutableEvent,
  ) {}

  timestamp(i: number): number {
    return this.stamps[i] as number;
  }

  ingestionTime(i: number): number {
    return this.stamps[i] as number;
  }

  logStream(): string {
    return this.stream;
  }

  log(): string {
    return this.path;
  }

  size(i: number): number {
    return (this.ends[i] as number) - (this.starts[i] as number);
  }

  event(i: number): InsightsEvent {
    const e = this.current;
    e.message = this.bytes.toString("utf8", this.starts[i], this.ends[i]);
    e.timestamp = this.stamps[i] as number;
    e.ingestionTime = e.timestamp;
    return e;
  }
}

/**
 * The 11th field after ten single spaces (`start`, epoch seconds) in ms, 0 when absent: what the text
 * path's startMs reads from the decoded line, read here from its bytes.
 */
function startMs(bytes: Buffer, from: number, to: number): number {
  let i = from;
  for (let field = 0; field < 10; field++) {
    const space = bytes.indexOf(32, i);
    if (space < 0 || space >= to) return 0;
    i = space + 1;
  }
  let value = 0;
  for (; i < to; i++) {
    const c = bytes[i] as number;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return value * 1000;
}

/** Every line of `source` into `run`, as columns of the fields `only` marks. */
export async function addFileColumns(
  run: QueryRun,
  source: Readable,
  only: readonly boolean[],
  stream: string,
  path: string,
  onBytes: (n: number) => void,
): Promise<void> {
  const event: MutableEvent = { timestamp: 0, ingestionTime: 0, message: "", logStream: stream, log: path };
  const batch = new LineBatch(stream, path, event);
  let first = true;
  let count = 0;
  const send = (bytes: Buffer) => {
    if (count === 0) return;
    batch.bytes = bytes;
    batch.columns = buildFlowColumns(bytes, 0, batch.ends, count, batch.starts, only);
    batch.from = 0;
    batch.to = count;
    run.addColumns(batch);
    count = 0;
  };
  const line = (bytes: Buffer, from: number, to: number) => {
    if (first) {
      first = false;
      // S3 files begin with a header line; it is no record.
      if (to - from >= VERSION.length && bytes.compare(VERSION, 0, VERSION.length, from, from + VERSION.length) === 0) return;
    }
    if (to === from) return;
    batch.starts[count] = from;
    batch.ends[count] = to;
    batch.stamps[count] = startMs(bytes, from, to);
    if (++count === LINES) send(bytes);
  };
  let carry: Buffer | null = null;
  for await (const chunk of bytesOf(source, onBytes)) {
    const bytes: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    let from = 0;
    for (let nl = bytes.indexOf(10, from); nl >= 0; nl = bytes.indexOf(10, from)) {
      line(bytes, from, nl);
      from = nl + 1;
    }
    send(bytes);
    carry = from < bytes.length ? bytes.subarray(from) : null;
  }
  if (carry !== null) {
    line(carry, 0, carry.length);
    send(carry);
  }
}
