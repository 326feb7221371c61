/**
 * PLAIN encoding of a page's non-null values, and the statistics of those values: min and max in the
 * column's sort order (signed for integers, unsigned bytewise for strings), PLAIN-encoded as the footer wants.
 */
import { type CellValue, type ColumnSpec, ParquetError } from "./schema.js";

const encoder = new TextEncoder();

/** A column's non-null values, checked and converted once. */
export type ColumnValues =
  | { readonly type: "INT32"; readonly values: Int32Array }
  | { readonly type: "INT64"; readonly values: BigInt64Array }
  | { readonly type: "DOUBLE"; readonly values: Float64Array }
  | { readonly type: "BOOLEAN"; readonly values: Uint8Array }
  | { readonly type: "BYTE_ARRAY"; readonly values: Uint8Array[] };

const describe = (column: ColumnSpec, value: CellValue) =>
  `column '${column.name}' (${column.type}): ${typeof value === "bigint" ? `${value}n` : JSON.stringify(value)} is not a valid value`;

/** Checks and converts the non-null cells of a column; nulls must already be taken out. */
export function columnValues(column: ColumnSpec, cells: readonly CellValue[]): ColumnValues {
  switch (column.type) {
    case "INT32": {
      const values = new Int32Array(cells.length);
      cells.forEach((cell, i) => {
        if (typeof cell !== "number" || !Number.isInteger(cell) || cell < -(2 ** 31) || cell >= 2 ** 31) throw new ParquetError(describe(column, cell));
        values[i] = cell;
      });
      return { type: "INT32", values };
    }
    case "INT64": {
      const values = new BigInt64Array(cells.length);
      cells.forEach((cell, i) => {
        const value = typeof cell === "number" && Number.isSafeInteger(cell) ? BigInt(cell) : cell;
        if (typeof value !== "bigint" || value < -(2n ** 63n) || value >= 2n ** 63n) throw new ParquetError(describe(column, cell));
        values[i] = value;
      });
      return { type: "INT64", values };
    }
    case "DOUBLE": {
      const values = new Float64Array(cells.length);
      cells.forEach((cell, i) => {
        if (typeof cell !== "number") throw new ParquetError(describe(column, cell));
        values[i] = cell;
      });
      return { type: "DOUBLE", values };
    }
    case "BOOLEAN": {
      const values = new Uint8Array(cells.length);
      cells.forEach((cell, i) => {
        if (typeof cell !== "boolean") throw new ParquetError(describe(column, cell));
        values[i] = cell ? 1 : 0;
      });
      return { type: "BOOLEAN", values };
    }
    case "BYTE_ARRAY": {
      const values = cells.map((cell) => {
        if (typeof cell === "string") return encoder.encode(cell);
        if (cell instanceof Uint8Array && column.logical !== "STRING") return cell;
        throw new ParquetError(describe(column, cell));
      });
      return { type: "BYTE_ARRAY", values };
    }
  }
}

/** The PLAIN bytes of values[from, to). */
export function encodePlain(column: ColumnValues, from: number, to: number): Uint8Array {
  switch (column.type) {
    case "INT32": {
      const out = new Uint8Array((to - from) * 4);
      const view = new DataView(out.buffer);
      for (let i = from; i < to; i++) view.setInt32((i - from) * 4, column.values[i] as number, true);
      return out;
    }
    case "INT64": {
      const out = new Uint8Array((to - from) * 8);
      const view = new DataView(out.buffer);
      for (let i = from; i < to; i++) view.setBigInt64((i - from) * 8, column.values[i] as bigint, true);
      return out;
    }
    case "DOUBLE": {
      const out = new Uint8Array((to - from) * 8);
      const view = new DataView(out.buffer);
      for (let i = from; i < to; i++) view.setFloat64((i - from) * 8, column.values[i] as number, true);
      return out;
    }
    case "BOOLEAN": {
      // PLAIN booleans are bit-packed, least significant bit first.
      const out = new Uint8Array(Math.ceil((to - from) / 8));
      for (let i = from; i < to; i++) if (column.values[i] === 1) out[(i - from) >> 3] = (out[(i - from) >> 3] as number) | (1 << ((i - from) & 7));
      return out;
    }
    case "BYTE_ARRAY": {
      let size = 0;
      for (let i = from; i < to; i++) size += 4 + (column.values[i] as Uint8Array).length;
      const out = new Uint8Array(size);
      const view = new DataView(out.buffer);
      let at = 0;
      for (let i = from; i < to; i++) {
        const value = column.values[i] as Uint8Array;
        view.setUint32(at, value.length, true);
        out.set(value, at + 4);
        at += 4 + value.length;
      }
      return out;
    }
  }
}

/** min and max PLAIN-encoded, or undefined when there is no value (or only NaN) to order. */
export function minMax(column: ColumnValues, from: number, to: number): { min: Uint8Array; max: Uint8Array } | undefined {
  if (from >= to) return undefined;
  switch (column.type) {
    case "INT32":
    case "INT64":
    case "BOOLEAN": {
      let min = column.values[from] as number | bigint;
      let max = min;
      for (let i = from + 1; i < to; i++) {
        const v = column.values[i] as number | bigint;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return { min: scalarBytes(column.type, min), max: scalarBytes(column.type, max) };
    }
    case "DOUBLE": {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      let any = false;
      for (let i = from; i < to; i++) {
        const v = column.values[i] as number;
        if (Number.isNaN(v)) continue; // NaN has no place in the order: readers expect it left out
        any = true;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (!any) return undefined;
      const bytes = (v: number) => {
        const out = new Uint8Array(8);
        // -0.0 as min and +0.0 as max, as the format asks, so a reader never prunes a zero wrongly.
        new DataView(out.buffer).setFloat64(0, v === 0 ? 0 : v, true);
        return out;
      };
      const minBytes = bytes(min);
      if (min === 0) new DataView(minBytes.buffer).setFloat64(0, -0, true);
      return { min: minBytes, max: bytes(max) };
    }
    case "BYTE_ARRAY": {
      let min = column.values[from] as Uint8Array;
      let max = min;
      for (let i = from + 1; i < to; i++) {
        const v = column.values[i] as Uint8Array;
        if (Buffer.compare(v, min) < 0) min = v;
        if (Buffer.compare(v, max) > 0) max = v;
      }
      // Statistics of a BYTE_ARRAY hold the bytes alone, without PLAIN's length prefix.
      return { min, max };
    }
  }
}

/** One statistics value of a fixed-width type: little-endian, and one byte for BOOLEAN (not a bit-packed page). */
function scalarBytes(type: "INT32" | "INT64" | "BOOLEAN", value: number | bigint): Uint8Array {
  if (type === "BOOLEAN") return Uint8Array.of(Number(value));
  const out = new Uint8Array(type === "INT32" ? 4 : 8);
  const view = new DataView(out.buffer);
  if (type === "INT32") view.setInt32(0, Number(value), true);
  else view.setBigInt64(0, BigInt(value), true);
  return out;
}
