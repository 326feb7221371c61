/** A Parquet file writer (no reader): flat schemas, PLAIN and RLE-hybrid encodings, GZIP or no compression. */
export { writeParquet, type Compression, type WriteOptions } from "./writer.js";
export { ParquetError, type CellValue, type ColumnSpec, type ColumnType } from "./schema.js";
