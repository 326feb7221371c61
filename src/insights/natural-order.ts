/**
 * AWS's documented order of values for `sort`, `sortsFirst` and `sortsLast` (the `sort` page,
 * CWL_QuerySyntax-Sort): non-number values before number values, text compared run by run.
 */
import { toNumber, toText, type Value } from "./values.js";

/**
 * A value reduced once to what ordering needs, so that no comparison parses a number: a number for a
 * number value, the text itself for any other, null for an absent value.
 */
export type SortKey = number | string | null;

export function sortKey(v: Value | undefined): SortKey {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isNaN(v) ? null : v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const n = toNumber(v);
  return n === null ? v : n;
}

const ZERO = 48;
const NINE = 57;
const isDigit = (c: number) => c >= ZERO && c <= NINE;

/**
 * Two non-number texts in AWS's documented order, walked in place (no key string is built, so a sort of
 * a million rows holds no second copy of their text): run by run, a run of digits against another by
 * length and then by value (digit by digit, the runs being of equal length); a run of non-digits against
 * another by UTF-16 code units, the shorter first when one is a prefix of the other; a digit run against
 * a non-digit run by their first code units ("2345 is compared with @ in the unicode order"); the text
 * with fewer runs first when all its runs are equal to the other's.
 */
export function compareNatural(s: string, t: string): number {
  let i = 0;
  let j = 0;
  while (i < s.length && j < t.length) {
    const a = s.charCodeAt(i);
    const b = t.charCodeAt(j);
    const digitA = isDigit(a);
    if (digitA !== isDigit(b)) return a < b ? -1 : 1;
    if (digitA) {
      const si = i;
      const sj = j;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
      while (j < t.length && isDigit(t.charCodeAt(j))) j++;
      if (i - si !== j - sj) return i - si < j - sj ? -1 : 1;
      for (let k = 0; k < i - si; k++) {
        const c = s.charCodeAt(si + k) - t.charCodeAt(sj + k);
        if (c !== 0) return c < 0 ? -1 : 1;
      }
      continue;
    }
    for (;;) {
      const endA = i >= s.length || isDigit(s.charCodeAt(i));
      const endB = j >= t.length || isDigit(t.charCodeAt(j));
      if (endA || endB) {
        if (endA && endB) break;
        return endA ? -1 : 1;
      }
      const c = s.charCodeAt(i) - t.charCodeAt(j);
      if (c !== 0) return c < 0 ? -1 : 1;
      i++;
      j++;
    }
  }
  const restA = s.length - i;
  const restB = t.length - j;
  return restA === restB ? 0 : restA < restB ? -1 : 1;
}

/**
 * Ascending order of two keys of present values (u of value a, v of value b): number values after all
 * others and by value; equal numbers written differently ("01" and "1") by their text, as the page lists
 * 01 before 1, so that descending is the exact reverse.
 */
export function compareKeys(u: number | string, a: Value | undefined, v: number | string, b: Value | undefined): number {
  if (typeof u === "number") {
    if (typeof v !== "number") return 1;
    if (u !== v) return u < v ? -1 : 1;
    if (a === b) return 0;
    const s = toText(a ?? null) ?? "";
    const t = toText(b ?? null) ?? "";
    return s < t ? -1 : s > t ? 1 : 0;
  }
  if (typeof v === "number") return -1;
  return compareNatural(u, v);
}
