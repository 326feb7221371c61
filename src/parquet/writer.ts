/**
 * writeParquet: columns of values to the bytes of one Parquet file — PAR1, row groups of column
 * chunks made of v1 data pages (definition levels, then PLAIN values, compressed as asked), the footer.
 */
import { gzipSync } from "node:zlib";
import { encodeLevelsV1 } from "./levels.js";
import { Codec, type ColumnChunkMeta, fileMetaData, pageHeader, type RowGroupMeta } from "./metadata.js";
import { columnValues, encodePlain, minMax } from "./plain.js";
import { type CellValue, type ColumnSpec, checkSchema, ParquetError } from "./schema.js";

export type Compression = "UNCOMPRESSED" | "GZIP";

export interface WriteOptions {
  /** GZIP is what VPC Flow Logs uses; UNCOMPRESSED is there for tests and tiny files. */
  readonly compression?: Compression;
  /** Rows per row group (a reader's unit of parallelism and pruning). */
  readonly rowGroupRows?: number;
  /** Rows per data page (a reader's unit of decompression). */
  readonly pageRows?: number;
  readonly createdBy?: string;
  /** Free-form key/value pairs stored in the footer. */
  readonly keyValue?: ReadonlyArray<readonly [string, string]>;
}

const MAGIC = new TextEncoder().encode("PAR1");
const DEFAULTS = { rowGroupRows: 1_000_000, pageRows: 20_000 };

/**
 * One Parquet file holding `data[i]` as the values of `columns[i]` (every array the same length).
 * Nulls are refused in required columns; a file of no rows has a schema and no row group.
 */
export function writeParquet(columns: readonly ColumnSpec[], data: ReadonlyArray<readonly CellValue[]>, options: WriteOptions = {}): Uint8Array {
  checkSchema(columns);
  if (data.length !== columns.length) throw new ParquetError(`${columns.length} columns but ${data.length} value arrays`);
  const numRows = data[0]?.length ?? 0;
  data.forEach((values, i) => {
    if (values.length !== numRows)
      throw new ParquetError(`column '${(columns[i] as ColumnSpec).name}' has ${values.length} values, column '${(columns[0] as ColumnSpec).name}' ${numRows}`);
  });
  const rowGroupRows = positive(options.rowGroupRows ?? DEFAULTS.rowGroupRows, "rowGroupRows");
  const pageRows = positive(options.pageRows ?? DEFAULTS.pageRows, "pageRows");
  const codec = options.compression === "GZIP" ? Codec.GZIP : Codec.UNCOMPRESSED;
  const compress = codec === Codec.GZIP ? (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) : (bytes: Uint8Array) => bytes;

  const parts: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  const rowGroups: RowGroupMeta[] = [];
  for (let groupStart = 0; groupStart < numRows; groupStart += rowGroupRows) {
    const groupEnd = Math.min(numRows, groupStart + rowGroupRows);
    const fileOffset = offset;
    const chunks: ColumnChunkMeta[] = columns.map((column, c) => {
      const cells = (data[c] as readonly CellValue[]).slice(groupStart, groupEnd);
      const chunkOffset = offset;
      let uncompressedSize = 0;
      let compressedSize = 0;
      let nullCount = 0;
      const pageStats: Array<{ min: Uint8Array; max: Uint8Array }> = [];
      for (let pageStart = 0; pageStart < cells.length; pageStart += pageRows) {
        const pageCells = cells.slice(pageStart, pageStart + pageRows);
        const levels = new Uint8Array(pageCells.length);
        const present: CellValue[] = [];
        pageCells.forEach((cell, i) => {
          if (cell === null || cell === undefined) {
            if (!column.optional) throw new ParquetError(`column '${column.name}' is required: row ${groupStart + pageStart + i} has no value`);
          } else {
            levels[i] = 1;
            present.push(cell);
          }
        });
        const values = columnValues(column, present);
        const pageNulls = pageCells.length - present.length;
        nullCount += pageNulls;
        const body = concat(column.optional ? [encodeLevelsV1(levels, 1), encodePlain(values, 0, present.length)] : [encodePlain(values, 0, present.length)]);
        const compressed = compress(body);
        const range = minMax(values, 0, present.length);
        if (range !== undefined) pageStats.push(range);
        const header = pageHeader({
          uncompressedSize: body.length,
          compressedSize: compressed.length,
          numValues: pageCells.length,
          statistics: { nullCount: pageNulls, ...(range ?? {}) },
        });
        parts.push(header, compressed);
        offset += header.length + compressed.length;
        uncompressedSize += header.length + body.length;
        compressedSize += header.length + compressed.length;
      }
      return {
        column,
        codec,
        numValues: cells.length,
        uncompressedSize,
        compressedSize,
        dataPageOffset: chunkOffset,
        statistics: { nullCount, ...chunkRange(column, pageStats) },
      };
    });
    rowGroups.push({ numRows: groupEnd - groupStart, fileOffset, columns: chunks });
  }
  const footer = fileMetaData({ columns, numRows, rowGroups, createdBy: options.createdBy ?? "flowwatch parquet writer", keyValue: options.keyValue ?? [] });
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  parts.push(footer, length, MAGIC);
  return concat(parts);
}

/** A chunk's min and max are the extremes of its pages' (already in the column's byte form). */
function chunkRange(column: ColumnSpec, pages: ReadonlyArray<{ min: Uint8Array; max: Uint8Array }>): { min?: Uint8Array; max?: Uint8Array } {
  if (pages.length === 0) return {};
  const compare = comparator(column);
  let min = (pages[0] as { min: Uint8Array }).min;
  let max = (pages[0] as { max: Uint8Array }).max;
  for (const page of pages) {
    if (compare(page.min, min) < 0) min = page.min;
    if (compare(page.max, max) > 0) max = page.max;
  }
  return { min, max };
}

function comparator(column: ColumnSpec): (a: Uint8Array, b: Uint8Array) => number {
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (column.type) {
    case "INT32":
      return (a, b) => view(a).getInt32(0, true) - view(b).getInt32(0, true);
    case "INT64":
      return (a, b) => {
        const x = view(a).getBigInt64(0, true);
        const y = view(b).getBigInt64(0, true);
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case "DOUBLE":
      return (a, b) => view(a).getFloat64(0, true) - view(b).getFloat64(0, true);
    case "BOOLEAN":
      return (a, b) => (a[0] as number) - (b[0] as number);
    case "BYTE_ARRAY":
      return (a, b) => Buffer.compare(a, b);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new ParquetError(`${name} must be a positive integer, not ${value}`);
  return value;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
