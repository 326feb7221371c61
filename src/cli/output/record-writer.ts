/** Writers of flow records to standard output as JSON lines, CSV or an aligned table. */
import type { FlowLogFormat, FlowRecord } from "../../flowlog/index.js";
import { OutputSink } from "./output-sink.js";

export interface RecordWriter {
  write(record: FlowRecord, format: FlowLogFormat): Promise<void>;
  end(): Promise<void>;
}

const csvCell = (value: string | number | null) => {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One JSON object per line, keyed by AWS's field names; absent values are null. */
class JsonWriter implements RecordWriter {
  constructor(private readonly sink: OutputSink) {}
  write(record: FlowRecord): Promise<void> {
    return this.sink.write(`${JSON.stringify(record)}\n`);
  }
  end(): Promise<void> {
    return this.sink.end();
  }
}

/** RFC 4180 CSV with a header row, written again whenever the format changes between files. */
class CsvWriter implements RecordWriter {
  private format: FlowLogFormat | undefined;
  constructor(private readonly sink: OutputSink) {}
  async write(record: FlowRecord, format: FlowLogFormat): Promise<void> {
    if (this.format?.text !== format.text) {
      this.format = format;
      await this.sink.write(`${format.fields.map((f) => f.name).join(",")}\n`);
    }
    await this.sink.write(`${format.fields.map((f) => csvCell(record[f.name] ?? null)).join(",")}\n`);
  }
  end(): Promise<void> {
    return this.sink.end();
  }
}

/**
 * Aligned columns. Widths come from the first rows (held back until there are enough), so a table
 * of a huge file streams instead of waiting for the end; a later, wider value pushes its row right.
 */
class TableWriter implements RecordWriter {
  private static readonly SAMPLE = 200;
  private pending: FlowRecord[] = [];
  private widths: number[] | undefined;
  private format: FlowLogFormat | undefined;
  constructor(private readonly sink: OutputSink) {}

  async write(record: FlowRecord, format: FlowLogFormat): Promise<void> {
    if (this.format !== undefined && this.format.text !== format.text) await this.flush();
    this.format = format;
    if (this.widths === undefined) {
      this.pending.push(record);
      if (this.pending.length >= TableWriter.SAMPLE) await this.flush();
      return;
    }
    await this.sink.write(this.row(format.fields.map((f) => display(record[f.name] ?? null))));
  }

  private row(cells: string[]): string {
    return `${cells
      .map((c, i) => c.padEnd(this.widths?.[i] ?? 0))
      .join("  ")
      .trimEnd()}\n`;
  }

  private async flush(): Promise<void> {
    const format = this.format;
    if (format === undefined) return;
    const names = format.fields.map((f) => f.name);
    this.widths = names.map((name) => Math.max(name.length, ...this.pending.map((r) => display(r[name] ?? null).length)));
    await this.sink.write(this.row(names));
    for (const record of this.pending) await this.sink.write(this.row(names.map((n) => display(record[n] ?? null))));
    this.pending = [];
  }

  async end(): Promise<void> {
    if (this.widths === undefined) await this.flush();
    await this.sink.end();
  }
}

const display = (value: string | number | null) => (value === null ? "-" : String(value));

export function recordWriter(output: string, stream: NodeJS.WritableStream = process.stdout): RecordWriter {
  const sink = new OutputSink(stream);
  if (output === "csv") return new CsvWriter(sink);
  if (output === "table") return new TableWriter(sink);
  return new JsonWriter(sink);
}
