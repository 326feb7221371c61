/**
 * One way to run an Insights query wherever the data is: StartQuery and GetQueryResults polling against
 * any endpoint, or the insights engine over flow log files on disk. Both give GetQueryResults' rows.
 */
import type { Readable } from "node:stream";
import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  MalformedQueryException,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DEFAULT_FORMAT, FlowLogError, type FlowLogFormat, parseFormat, readRecords } from "../../flowlog/index.js";
import { linesOfBatches } from "../../flowlog/reader.js";
import { compileQuery, type InsightsEvent, MalformedQueryError, type QueryRun } from "../../insights/index.js";
import { insightsFieldName } from "../../monitor/format-queries.js";
import { awsFailure, CliError } from "../cli-error.js";
import { ProgressBar } from "../output/progress-bar.js";
import { addFileColumns } from "./file-batches.js";
import type { FileSource } from "./file-sources.js";
import { withHeaderFormat } from "./header-format.js";
import type { TimeRange } from "./time-range.js";

export type Row = Record<string, string>;
export interface QueryAnswer {
  rows: Row[];
  statistics: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number };
}
export type QueryRunner = (query: string) => Promise<QueryAnswer>;

const toRows = (results: { field?: string; value?: string }[][]): Row[] =>
  results.map((r) => Object.fromEntries(r.filter((f) => f.field !== undefined).map((f) => [f.field as string, f.value ?? ""])));

/** AWS ends a Logs Insights query after 60 minutes; an endpoint still answering "Running" past that never will finish. */
export const QUERY_DEADLINE_MS = 60 * 60 * 1000;

/** StartQuery, then GetQueryResults until the status is final or the deadline; AWS's errors become one-line CLI errors. */
export function remoteRunner(
  client: CloudWatchLogsClient,
  logGroupNames: string[],
  range: TimeRange,
  pollMs = 250,
  deadlineMs = QUERY_DEADLINE_MS,
): QueryRunner {
  return async (queryString) => {
    let queryId: string | undefined;
    try {
      ({ queryId } = await client.send(new StartQueryCommand({ logGroupNames, queryString, ...range })));
    } catch (error) {
      if (error instanceof MalformedQueryException) throw new CliError(`malformed query: ${error.queryCompileError?.message ?? error.message}`, 1);
      throw awsFailure(error);
    }
    let delay = 50;
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const out = await client.send(new GetQueryResultsCommand({ queryId })).catch((e: unknown) => Promise.reject(awsFailure(e)));
      if (out.status === "Complete") return { rows: toRows(out.results ?? []), statistics: out.statistics ?? {} };
      if (out.status !== "Scheduled" && out.status !== "Running") throw new CliError(`query ${queryId} ended ${out.status}`, 1);
      if (Date.now() >= deadline) {
        // Best effort: the endpoint that never finished may not stop either.
        await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
        throw new CliError(`query ${queryId} still ${out.status} after ${Math.round(deadlineMs / 1000)} s (GetQueryResults); stopped it`, 1);
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(pollMs, delay * 2);
    }
  };
}

/**
 * The engine over files. Default-format lines are the messages themselves, as CloudWatch Logs holds them;
 * records of another format (--format, or an S3 header line) become JSON messages keyed by Insights names,
 * so their fields are still fields. @timestamp is a record's start time. Sources are local files, standard
 * input or S3 objects (file-sources.ts), each opened once per query.
 */
export function fileRunner(files: FileSource[], format?: string): QueryRunner {
  let custom: FlowLogFormat | undefined;
  if (format !== undefined) {
    try {
      custom = parseFormat(format);
    } catch (error) {
      if (error instanceof FlowLogError) throw new CliError(error.message);
      throw error;
    }
    if (custom.text === DEFAULT_FORMAT.text) custom = undefined;
  }
  return async (queryString) => {
    let run: QueryRun;
    let only: readonly boolean[] | null;
    try {
      const compiled = compileQuery(queryString);
      only = compiled.columnarFields;
      run = compiled.start();
    } catch (error) {
      if (error instanceof MalformedQueryError) throw new CliError(`malformed query: ${error.message}`, 1);
      throw error;
    }
    for (const file of files) {
      const progress = new ProgressBar(file.size, file.name);
      const event = { timestamp: 0, ingestionTime: 0, message: "", logStream: file.name, log: file.log };
      // A header line naming another format than the default (an S3 file of a custom LogFormat) is the
      // file's format, unless --format names one.
      const { header, content } = await withHeaderFormat(await file.open(), (n) => progress.advance(n));
      const format = custom ?? (header === undefined || header.text === DEFAULT_FORMAT.text ? undefined : header);
      // withHeaderFormat counts the bytes as stored; the readers below see them gunzipped.
      const counted = () => undefined;
      // Queries the columns serve read the file's bytes as column batches; the rest read its lines as text.
      if (format === undefined && only !== null) await addFileColumns(run, content, only, event.logStream, event.log, counted);
      else if (format === undefined) await addLines(run, content, event, counted);
      else await addRecords(run, content, format, event, counted);
      progress.finish();
    }
    const out = run.results();
    return { rows: toRows(out.results), statistics: out.statistics };
  };
}

type MutableEvent = { -readonly [K in keyof InsightsEvent]: InsightsEvent[K] };

async function addLines(run: QueryRun, source: Readable, event: MutableEvent, onBytes: (n: number) => void): Promise<void> {
  let first = true;
  for await (const lines of linesOfBatches(source, onBytes)) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (first) {
        first = false;
        // S3 files begin with a header line; it is no record.
        if (line.startsWith("version ")) continue;
      }
      if (line === "") continue;
      event.timestamp = startMs(line);
      event.ingestionTime = event.timestamp;
      event.message = line;
      run.add(event);
    }
  }
}

/** The 11th space-separated field of a default-format line (`start`, epoch seconds) in ms; 0 when absent. */
function startMs(line: string): number {
  // indexOf is native: walking to the 11th field by charCodeAt cost ~10% of a --file query.
  let i = 0;
  for (let field = 0; field < 10; field++) {
    const space = line.indexOf(" ", i);
    if (space < 0) return 0;
    i = space + 1;
  }
  const n = line.length;
  let value = 0;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return value * 1000;
}

async function addRecords(run: QueryRun, source: Readable, format: FlowLogFormat, event: MutableEvent, onBytes: (n: number) => void): Promise<void> {
  const names = format.fields.map(insightsFieldName);
  const records = readRecords(source, { format, lenient: true, onBytes });
  for await (const record of records) {
    const json: Record<string, string | number> = {};
    format.fields.forEach((f, i) => {
      const v = record[f.name];
      if (v !== null && v !== undefined) json[names[i] as string] = v;
    });
    event.timestamp = typeof record.start === "number" ? record.start * 1000 : 0;
    event.ingestionTime = event.timestamp;
    event.message = JSON.stringify(json);
    run.add(event);
  }
}
