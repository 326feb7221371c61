/**
 * Runtime values of the engine and the coercions AWS's loosely typed fields need: a field read from a
 * message is a string, yet `statusCode = 200` and `sum(bytes)` treat it as a number when it is one.
 */

/** null is an absent field; timestamps are numbers of milliseconds, told apart statically (see Kind). */
export type Value = string | number | boolean | null;

/** How a result value is shown: timestamps as `YYYY-MM-DD HH:MM:SS.mmm`, everything else as text. */
export type Kind = "value" | "timestamp";

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The number a value stands for, or null: numeric strings count, booleans are 1 and 0. */
export function toNumber(v: Value): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string") return NUMERIC.test(v) ? Number(v) : null;
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

export function toText(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === "boolean") return v ? "1" : "0";
  return typeof v === "string" ? v : String(v);
}

/** Equality as `=` and `in` see it: numerically when both sides are numbers or numeric strings. */
export function looseEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === "number" || typeof b === "number") {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x !== null && y !== null) return x === y;
  }
  return toText(a) === toText(b);
}

/** Ordering for comparisons and sort: numeric when both sides read as numbers, else by code units. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== null && y !== null && typeof a !== "boolean" && typeof b !== "boolean") return x < y ? -1 : x > y ? 1 : 0;
  const s = toText(a) ?? "";
  const t = toText(b) ?? "";
  return s < t ? -1 : s > t ? 1 : 0;
}

/** What `filter` keeps: true, a non-zero number or a non-empty string; absent values never pass. */
export function truthy(v: Value): boolean {
  if (v === true) return true;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  if (typeof v === "string") return v !== "";
  return false;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** AWS's timestamp format in results: `2024-05-01 12:00:00.000`, UTC. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())}`;
}

/** A value as GetQueryResults shows it; null for a field the row does not have. */
export function formatValue(v: Value, kind: Kind): string | null {
  if (v === null) return null;
  if (kind === "timestamp" && typeof v === "number") return formatTimestamp(v);
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return toText(v);
}
