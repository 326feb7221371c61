/**
 * Parquet's Thrift structures (parquet.thrift) as this writer fills them: page headers, column chunk
 * metadata with statistics, row groups and the FileMetaData footer, each in the compact protocol.
 */
import { CompactType, CompactWriter } from "./thrift-compact.js";
import { type ColumnSpec, PHYSICAL_TYPE } from "./schema.js";

/** parquet.thrift's enums, the values this writer uses. */
export const Encoding = { PLAIN: 0, RLE: 3 } as const;
export const Codec = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2 } as const;
const PageType = { DATA_PAGE: 0 } as const;
const Repetition = { REQUIRED: 0, OPTIONAL: 1 } as const;
const ConvertedType = { UTF8: 0, INT_32: 17, INT_64: 18 } as const;

export interface Statistics {
  readonly nullCount: number;
  readonly min?: Uint8Array;
  readonly max?: Uint8Array;
}

function writeStatistics(w: CompactWriter, s: Statistics): void {
  // Only the newer min_value / max_value (5, 6): the deprecated min / max (1, 2) are in signed byte
  // order for strings, which readers distrust; the footer's column orders say how these compare.
  w.i64(3, s.nullCount);
  if (s.max !== undefined) w.binary(5, s.max);
  if (s.min !== undefined) w.binary(6, s.min);
}

export interface DataPageHeader {
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  readonly numValues: number;
  readonly statistics: Statistics;
}

export function pageHeader(page: DataPageHeader): Uint8Array {
  return CompactWriter.struct((w) => {
    w.i32(1, PageType.DATA_PAGE)
      .i32(2, page.uncompressedSize)
      .i32(3, page.compressedSize)
      .struct(5, (d) => {
        d.i32(1, page.numValues)
          .i32(2, Encoding.PLAIN)
          .i32(3, Encoding.RLE)
          .i32(4, Encoding.RLE)
          .struct(5, (s) => writeStatistics(s, page.statistics));
      });
  });
}

export interface ColumnChunkMeta {
  readonly column: ColumnSpec;
  readonly codec: number;
  readonly numValues: number;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  readonly dataPageOffset: number;
  readonly statistics: Statistics;
}

export interface RowGroupMeta {
  readonly numRows: number;
  readonly fileOffset: number;
  readonly columns: readonly ColumnChunkMeta[];
}

export interface FileMeta {
  readonly columns: readonly ColumnSpec[];
  readonly numRows: number;
  readonly rowGroups: readonly RowGroupMeta[];
  readonly createdBy: string;
  readonly keyValue: ReadonlyArray<readonly [string, string]>;
}

function writeSchemaElement(w: CompactWriter, column: ColumnSpec): void {
  w.i32(1, PHYSICAL_TYPE[column.type])
    .i32(3, column.optional ? Repetition.OPTIONAL : Repetition.REQUIRED)
    .string(4, column.name);
  if (column.logical === "STRING") {
    w.i32(6, ConvertedType.UTF8).struct(10, (l) => l.struct(1, () => {}));
  } else if (column.logical === "INTEGER") {
    const bits = column.type === "INT32" ? 32 : 64;
    w.i32(6, bits === 32 ? ConvertedType.INT_32 : ConvertedType.INT_64).struct(10, (l) => l.struct(10, (i) => i.byteField(1, bits).bool(2, true)));
  }
}

function writeColumnChunk(w: CompactWriter, chunk: ColumnChunkMeta): void {
  w.i64(2, chunk.dataPageOffset).struct(3, (m) => {
    m.i32(1, PHYSICAL_TYPE[chunk.column.type])
      .list(2, CompactType.I32, [Encoding.PLAIN, Encoding.RLE], (l, e) => l.elementI32(e))
      .list(3, CompactType.BINARY, [chunk.column.name], (l, e) => l.elementString(e))
      .i32(4, chunk.codec)
      .i64(5, chunk.numValues)
      .i64(6, chunk.uncompressedSize)
      .i64(7, chunk.compressedSize)
      .i64(9, chunk.dataPageOffset)
      .struct(12, (s) => writeStatistics(s, chunk.statistics));
  });
}

/** The footer: schema (a root group, then the flat columns), row groups, column orders. */
export function fileMetaData(meta: FileMeta): Uint8Array {
  return CompactWriter.struct((w) => {
    w.i32(1, 1)
      .list(2, CompactType.STRUCT, [undefined, ...meta.columns], (l, column) =>
        l.elementStruct((e) => {
          if (column === undefined) e.string(4, "schema").i32(5, meta.columns.length);
          else writeSchemaElement(e, column);
        }),
      )
      .i64(3, meta.numRows)
      .list(4, CompactType.STRUCT, meta.rowGroups, (l, group) =>
        l.elementStruct((g) => {
          const uncompressed = group.columns.reduce((sum, c) => sum + c.uncompressedSize, 0);
          const compressed = group.columns.reduce((sum, c) => sum + c.compressedSize, 0);
          g.list(1, CompactType.STRUCT, group.columns, (cl, chunk) => cl.elementStruct((c) => writeColumnChunk(c, chunk)))
            .i64(2, uncompressed)
            .i64(3, group.numRows)
            .i64(5, group.fileOffset)
            .i64(6, compressed);
        }),
      );
    if (meta.keyValue.length > 0) {
      w.list(5, CompactType.STRUCT, meta.keyValue, (l, [key, value]) => l.elementStruct((kv) => kv.string(1, key).string(2, value)));
    }
    w.string(6, meta.createdBy);
    // TypeDefinedOrder for every column: min_value / max_value compare as the column's type sorts.
    w.list(7, CompactType.STRUCT, meta.columns, (l) => l.elementStruct((o) => o.struct(1, () => {})));
  });
}
