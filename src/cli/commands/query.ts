/** `flowwatch query`: a Logs Insights query against a log group (any endpoint, through the SDK) or over flow log files. */
import { FlowLogError, type FlowLogFormat, parseFormat } from "../../flowlog/index.js";
import { queryForFormat } from "../../monitor/format-queries.js";
import { CliError } from "../cli-error.js";
import { askedFields, emptyRowsNote, splitEmptyRows } from "../insights/asked-fields.js";
import { logsClient } from "../insights/logs-client.js";
import { fileSources } from "../insights/file-sources.js";
import { fileRunner, remoteRunner } from "../insights/query-runner.js";
import { timeRange } from "../insights/time-range.js";
import { writeResults } from "../output/results-writer.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";

export interface QueryOptions extends ConnectionFlags {
  logGroup?: string[];
  file?: string[];
  format?: string;
  since?: string;
  start?: string;
  end?: string;
  output: string;
}

function formatFlag(text: string): FlowLogFormat {
  try {
    return parseFormat(text);
  } catch (error) {
    if (error instanceof FlowLogError) throw new CliError(`--format: ${error.message}`);
    throw error;
  }
}

export async function queryCommand(query: string, options: QueryOptions): Promise<void> {
  const groups = options.logGroup ?? [];
  const files = options.file ?? [];
  if (groups.length > 0 === files.length > 0) throw new CliError("give --log-group G (a log group) or --file F (flow log files), one of them");
  const connection = connectionOf(options);
  const client = files.length > 0 ? undefined : logsClient(connection);
  // A log group's records of another format than the default have no fields for Insights until parsed.
  const sent = client === undefined || options.format === undefined ? query : queryForFormat(query, formatFlag(options.format));
  const opened = client === undefined ? await fileSources(files, connection) : undefined;
  const run =
    opened !== undefined ? fileRunner(opened.sources, options.format) : remoteRunner(client as NonNullable<typeof client>, groups, timeRange(options));
  const answer = await run(sent).finally(() => {
    client?.destroy();
    opened?.close();
  });
  const asked = askedFields(query);
  const { rows, empty } = splitEmptyRows(answer.rows, asked);
  await writeResults(rows, options.output);
  // On stderr, so that the rows on stdout stay parseable; a count of empty rows is no result.
  if (empty > 0) process.stderr.write(`flowwatch: ${emptyRowsNote(empty, asked)}\n`);
  const s = answer.statistics;
  if (process.stderr.isTTY) process.stderr.write(`${rows.length} rows; ${s.recordsMatched ?? 0} of ${s.recordsScanned ?? 0} records matched\n`);
}
