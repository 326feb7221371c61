/**
 * A flow log Parquet file as the text file S3 would hold for the same records: a header line of the
 * columns' field names (`account_id` is `account-id`), then one line per row, `-` for a null, so
 * `query --file` reads both formats by one path and gives the same answers.
 */
import { gunzipSync } from "node:zlib";
import { findField } from "../../flowlog/index.js";
import { ParquetError, readParquet } from "../../parquet/index.js";
import { CliError } from "../cli-error.js";

export function parquetAsText(bytes: Uint8Array, where: string): Buffer {
  let columns: ReturnType<typeof readParquet>;
  try {
    // A whole file gzipped (AWS: "each file is compressed into a single Gzip file") is unwrapped first.
    columns = readParquet(bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);
  } catch (error) {
    if (error instanceof ParquetError) throw new CliError(`${where}: ${error.message}`, 1);
    // Offsets past the end of a damaged file surface as RangeError from Buffer's readers.
    if (error instanceof RangeError) throw new CliError(`${where}: a damaged Parquet file (${error.message})`, 1);
    throw error;
  }
  const names = columns.map((c) => c.name.replaceAll("_", "-"));
  for (const [i, name] of names.entries())
    if (findField(name) === undefined) throw new CliError(`${where}: column '${columns[i]?.name}' is no flow log field`, 1);
  const rows = columns[0]?.values.length ?? 0;
  const lines: string[] = [names.join(" ")];
  for (let r = 0; r < rows; r++) lines.push(columns.map((c) => String(c.values[r] ?? "-")).join(" "));
  return Buffer.from(`${lines.join("\n")}\n`);
}
