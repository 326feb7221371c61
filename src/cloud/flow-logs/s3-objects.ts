/**
 * The files VPC Flow Logs delivers to S3, made from one delivery interval's records of one flow log:
 * gzip text with the format's header line, or Parquet with AWS's column names and types, under the
 * keys of s3-keys.ts. Putting them (as delivery.logs.amazonaws.com) is the caller's part.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { type FieldSpec, type FlowLogFormat, type FlowRecord, formatRecord } from "../../flowlog/index.js";
import { type ColumnSpec, writeParquet } from "../../parquet/index.js";
import { flowLogObjectKey, type S3Destination, type S3DestinationOptions } from "./s3-keys.js";

/**
 * "The maximum file size for a log file is 75 MB. If the log file reaches the file size limit within
 * the 5-minute period, the flow log stops adding flow log records to it, publishes it ... and then
 * creates a new log file" (Amazon VPC User Guide, "Publishing Flow Logs to Amazon S3"). AWS does not
 * say whether the size is before or after compression: counted here on the text, before it.
 */
export const MAX_FILE_BYTES = 75 * 1024 * 1024;

export interface FlowLogFileSettings {
  readonly accountId: string;
  readonly region: string;
  readonly flowLogId: string;
  readonly format: FlowLogFormat;
  readonly destination: S3Destination;
  readonly options: S3DestinationOptions;
}

export interface S3ObjectToPut {
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType: string;
}

/** A Parquet column is the field's name with `_` for `-` (account_id, log_status, pkt_srcaddr). */
export function parquetColumnName(field: FieldSpec): string {
  return field.name.replaceAll("-", "_");
}

/**
 * AWS's Parquet types for flow log fields (Amazon VPC User Guide, "Available fields", Parquet data
 * type column): INT_32 and INT_64 integers, STRING for the rest; every column optional, since any
 * field may be `-` in a record.
 */
export function parquetColumns(format: FlowLogFormat): ColumnSpec[] {
  return format.fields.map((field) =>
    field.type === "string"
      ? { name: parquetColumnName(field), type: "BYTE_ARRAY", optional: true, logical: "STRING" }
      : { name: parquetColumnName(field), type: field.type === "int32" ? "INT32" : "INT64", optional: true, logical: "INTEGER" },
  );
}

/** The text file's first line: the format's field names, space-separated, as AWS writes it. */
export function headerLine(format: FlowLogFormat): string {
  return format.fields.map((f) => f.name).join(" ");
}

/**
 * The objects one flow log puts for the records of one delivery interval, closed at `closedAt`.
 * No records, no file. Records past MAX_FILE_BYTES of text start another file of the same interval
 * (its hash differs, since its content does).
 */
export function flowLogObjects(records: readonly FlowRecord[], settings: FlowLogFileSettings, closedAt: Date): S3ObjectToPut[] {
  const objects: S3ObjectToPut[] = [];
  for (const batch of batchesBySize(records, settings.format)) {
    const body = settings.options.fileFormat === "parquet" ? parquetFile(batch.records, settings.format) : textFile(batch.lines, settings.format);
    const hash = createHash("sha256").update(settings.flowLogId).update(String(closedAt.getTime())).update(body).digest("hex").slice(0, 8);
    objects.push({
      key: flowLogObjectKey({ ...settings, closedAt, hash }),
      body,
      contentType: settings.options.fileFormat === "parquet" ? "application/octet-stream" : "application/x-gzip",
    });
  }
  return objects;
}

interface Batch {
  records: FlowRecord[];
  lines: string[];
}

function batchesBySize(records: readonly FlowRecord[], format: FlowLogFormat): Batch[] {
  const batches: Batch[] = [];
  const headerBytes = Buffer.byteLength(headerLine(format)) + 1;
  let current: Batch = { records: [], lines: [] };
  let size = headerBytes;
  for (const record of records) {
    const line = formatRecord(record, format);
    const bytes = Buffer.byteLength(line) + 1;
    if (current.records.length > 0 && size + bytes > MAX_FILE_BYTES) {
      batches.push(current);
      current = { records: [], lines: [] };
      size = headerBytes;
    }
    current.records.push(record);
    current.lines.push(line);
    size += bytes;
  }
  if (current.records.length > 0) batches.push(current);
  return batches;
}

function textFile(lines: readonly string[], format: FlowLogFormat): Uint8Array {
  return new Uint8Array(gzipSync(`${headerLine(format)}\n${lines.join("\n")}\n`));
}

function parquetFile(records: readonly FlowRecord[], format: FlowLogFormat): Uint8Array {
  const data = format.fields.map((field) => records.map((record) => record[field.name] ?? null));
  return writeParquet(parquetColumns(format), data, { compression: "GZIP", createdBy: "flowwatch (VPC Flow Logs S3 delivery)" });
}
