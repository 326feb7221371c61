/** `flowwatch parse`: flow log lines from files or standard input, printed as records. */
import { statSync } from "node:fs";
import { FlowLogError, type FlowLogFormat, openSource, parseFormat, readRecords } from "../../flowlog/index.js";
import { CliError } from "../cli-error.js";
import { ProgressBar } from "../output/progress-bar.js";
import { recordWriter } from "../output/record-writer.js";

export interface ParseOptions {
  format?: string;
  output: string;
  skipBad?: boolean;
}

export async function parseCommand(files: string[], options: ParseOptions): Promise<void> {
  let format: FlowLogFormat | undefined;
  if (options.format !== undefined) {
    try {
      format = parseFormat(options.format);
    } catch (error) {
      if (error instanceof FlowLogError) throw new CliError(error.message);
      throw error;
    }
  }
  const sources = files.length === 0 ? ["-"] : files;
  const writer = recordWriter(options.output);
  let bad = 0;
  for (const path of sources) {
    const name = path === "-" ? "stdin" : path;
    let size = 0;
    if (path !== "-") {
      try {
        size = statSync(path).size;
      } catch {
        throw new CliError(`${path}: no such file`);
      }
    }
    const progress = new ProgressBar(size, name);
    let current: FlowLogFormat | undefined = format;
    const records = readRecords(openSource(path), {
      ...(format === undefined ? {} : { format }),
      lenient: true,
      onFormat: (settled) => {
        current = settled;
      },
      onBytes: (n) => progress.advance(n),
      onBadLine: (error) => {
        bad++;
        if (!options.skipBad) process.stderr.write(`${name}: ${error.message}\n`);
      },
    });
    for (;;) {
      const next = await records.next();
      if (next.done) break;
      await writer.write(next.value, current as FlowLogFormat);
    }
    progress.finish();
  }
  await writer.end();
  if (bad > 0 && options.skipBad) process.stderr.write(`flowwatch: skipped ${bad} bad line${bad === 1 ? "" : "s"}\n`);
  if (bad > 0 && !options.skipBad) throw new CliError(`${bad} bad line${bad === 1 ? "" : "s"} (use --skip-bad to skip them)`, 1);
}
