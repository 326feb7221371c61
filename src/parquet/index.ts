/** A Parquet file writer and a reader of what flow logs deliver: flat schemas, PLAIN and RLE-hybrid encodings, GZIP or no compression. */
export { writeParquet, type Compression, type WriteOptions } from "./writer.js";
export { ParquetError, type CellValue, type ColumnSpec, type ColumnType } from "./schema.js";
export { readParquet, type ParquetColumn } from "./reader.js";
