/**
 * FilterLogEvents over a chunk's flow columns: a space-delimited or term pattern decided for every row the
 * columns hold, testing each distinct value of a string field once (its dictionary) rather than each event,
 * and a whole chunk refused when no dictionary value can pass. Rows the columns do not hold, and chunks or
 * patterns the columns cannot answer exactly, are left to the text path (the verdict READ_TEXT).
 */
import type { FieldCheck, Matcher, TermGroup } from "../../../filterpattern/index.js";
import { ABSENT, FLOW_WIDTH, type FlowColumns, NUMERIC } from "../../../insights/index.js";
import type { DecodedChunk } from "../chunk.js";

export const NO_MATCH = 0;
export const MATCH = 1;
export const READ_TEXT = 2;

/** Whether the pattern can be decided over columns at all: the per-chunk checks come on top of this. */
export function columnarPattern(matcher: Matcher): boolean {
  if (matcher.kind === "space-delimited") {
    return true;
  }
  if (matcher.kind === "terms") return (matcher.termGroups ?? []).every((g) => [...g.include, ...g.exclude].every(fieldLocalTerm));
  return false;
}

/**
 * A term that can occur only inside one string field of a held row: no space (it could span two fields)
 * and some character that is neither a digit nor '-' (it could be inside a number whose text the columns
 * do not keep, such as 0080).
 */
function fieldLocalTerm(term: string): boolean {
  if (term.includes(" ")) return false;
  for (let k = 0; k < term.length; k++) {
    const c = term.charCodeAt(k);
    if (!(c >= 48 && c <= 57) && c !== 45) return true;
  }
  return false;
}

/**
 * Splitting as space-delimited patterns split (message-fields.ts) agrees with the columns' split only when
 * fields are separated by spaces alone and no field starts with a quote or a bracket; checked once per
 * columns object.
 */
const splitsAlike = new WeakMap<FlowColumns, boolean>();

function sameSplit(columns: FlowColumns, chunk: DecodedChunk): boolean {
  let known = splitsAlike.get(columns);
  if (known !== undefined) return known;
  known = true;
  for (let f = 0; f < FLOW_WIDTH && known; f++) {
    if (NUMERIC[f]) continue;
    for (const v of columns.dictionaries[f] ?? []) {
      if (v !== null && (v.charCodeAt(0) === 34 || v.charCodeAt(0) === 91)) known = false;
    }
  }
  if (known && chunk.count > 0) {
    const { bytes, base, ends } = chunk.text();
    const text = bytes.subarray(base, base + (ends[chunk.count - 1] as number));
    known = text.indexOf(9) < 0 && text.indexOf(10) < 0 && text.indexOf(13) < 0;
  }
  splitsAlike.set(columns, known);
  return known;
}

/**
 * Whether every number in the chunk's held rows is written as String(value) would write it (no leading
 * zero, as in 0080): then a check that reads a number's text (`destport = "22"`, `srcport = 8*`) is decided
 * over the column. A leading zero anywhere (even in a string field such as an account id) says no.
 */
const canonicalNumbers = new WeakMap<FlowColumns, boolean>();

function canonical(columns: FlowColumns, chunk: DecodedChunk): boolean {
  let known = canonicalNumbers.get(columns);
  if (known !== undefined) return known;
  known = true;
  const { bytes, base, ends } = chunk.text();
  const stop = base + (chunk.count > 0 ? (ends[chunk.count - 1] as number) : 0);
  const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;
  for (let at = bytes.indexOf(" 0", base); at >= 0 && at < stop; at = bytes.indexOf(" 0", at + 2)) {
    if (isDigit(bytes[at + 2])) {
      known = false;
      break;
    }
  }
  for (let i = 0; known && i < chunk.count; i++) {
    const from = base + (i === 0 ? 0 : (ends[i - 1] as number));
    if (bytes[from] === 48 && isDigit(bytes[from + 1])) known = false;
  }
  canonicalNumbers.set(columns, known);
  return known;
}

/**
 * One verdict per row of the chunk (MATCH, NO_MATCH or READ_TEXT), or undefined when the whole chunk is
 * for the text path. `matcher` must have passed columnarPattern.
 */
export function columnVerdicts(matcher: Matcher, columns: FlowColumns, chunk: DecodedChunk): Uint8Array | undefined {
  if (columns.heldCount === 0 || !sameSplit(columns, chunk)) return undefined;
  const out = new Uint8Array(columns.count);
  const { held } = columns;
  for (let i = 0; i < out.length; i++) out[i] = held[i] === 1 ? NO_MATCH : READ_TEXT;
  if (matcher.kind === "space-delimited") {
    const checks = matcher.fieldChecks?.(FLOW_WIDTH);
    if (checks !== undefined) fieldVerdicts(checks, columns, out, canonical(columns, chunk));
  } else termVerdicts(matcher.termGroups ?? [], columns, out);
  return out;
}

/** The value of a dictionary entry as the field's text: code 0 is the absent value, written `-`. */
const textOf = (dictionary: readonly (string | null)[], code: number) => (code === 0 ? "-" : (dictionary[code] as string));

function numberOf(text: string): number {
  // numberIn's grammar for the texts the columns keep: digits (possibly with leading zeros) or anything else.
  return /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

function fieldVerdicts(checks: readonly FieldCheck[], columns: FlowColumns, out: Uint8Array, canonicalText: boolean): void {
  // String fields: each check once per distinct value; a check no value passes refuses every held row.
  const passes: (Uint8Array | Map<number, boolean> | null | undefined)[] = [];
  /** A check that reads a number's text where the text may not be String(value): a row it would pass is read as text. */
  let uncertain = false;
  for (const check of checks) {
    if (NUMERIC[check.field]) {
      if (!check.textual) passes.push(undefined);
      else if (canonicalText) passes.push(new Map());
      else {
        uncertain = true;
        passes.push(null);
      }
      continue;
    }
    const dictionary = columns.dictionaries[check.field] as readonly (string | null)[];
    const pass = new Uint8Array(dictionary.length);
    let any = false;
    for (let code = 0; code < dictionary.length; code++) {
      const text = textOf(dictionary, code);
      if (check.test(text, 0, text.length, check.needsNumber ? numberOf(text) : Number.NaN)) {
        pass[code] = 1;
        any = true;
      }
    }
    if (!any) return;
    passes.push(pass);
  }
  const verdict = uncertain ? READ_TEXT : MATCH;
  rows: for (let i = 0; i < out.length; i++) {
    if (out[i] === READ_TEXT) continue;
    for (let c = 0; c < checks.length; c++) {
      const check = checks[c] as FieldCheck;
      const pass = passes[c];
      if (pass === null) continue;
      if (pass instanceof Uint8Array) {
        if (pass[(columns.codes[check.field] as Uint16Array)[i] as number] !== 1) continue rows;
        continue;
      }
      const v = (columns.numbers[check.field] as Uint32Array)[i] as number;
      if (pass instanceof Map) {
        // The number's text is String(v) (canonical), or `-` when absent: each distinct value tested once.
        let ok = pass.get(v);
        if (ok === undefined) {
          const text = v === ABSENT ? "-" : String(v);
          ok = check.test(text, 0, text.length, check.needsNumber ? numberOf(text) : Number.NaN);
          pass.set(v, ok);
        }
        if (!ok) continue rows;
        continue;
      }
      // A check that reads only the number: the text is read only when the value is absent, written `-`.
      if (!(v === ABSENT ? check.test("-", 0, 1, Number.NaN) : check.test("", 0, 0, v))) continue rows;
    }
    out[i] = verdict;
  }
}

function termVerdicts(groups: readonly TermGroup[], columns: FlowColumns, out: Uint8Array): void {
  const stringFields: number[] = [];
  for (let f = 0; f < FLOW_WIDTH; f++) if (!NUMERIC[f]) stringFields.push(f);
  /** For a term, by string field: 1 where the dictionary value contains it; null when no value does. */
  const containing = new Map<string, (Uint8Array | null)[] | null>();
  const lookup = (term: string) => {
    let found = containing.get(term);
    if (found !== undefined) return found;
    let anywhere = false;
    const byField = stringFields.map((f) => {
      const dictionary = columns.dictionaries[f] as readonly (string | null)[];
      const has = new Uint8Array(dictionary.length);
      let any = false;
      for (let code = 0; code < dictionary.length; code++) {
        if (textOf(dictionary, code).includes(term)) {
          has[code] = 1;
          any = true;
        }
      }
      anywhere ||= any;
      return any ? has : null;
    });
    found = anywhere ? byField : null;
    containing.set(term, found);
    return found;
  };
  // A group with an include no value holds cannot match a held row.
  const live = groups.filter((g) => g.include.every((t) => lookup(t) !== null));
  if (live.length === 0) return;
  const contains = (term: string, i: number) => {
    const byField = lookup(term);
    if (byField === null) return false;
    for (let s = 0; s < stringFields.length; s++) {
      const has = byField[s];
      if (has != null && has[(columns.codes[stringFields[s] as number] as Uint16Array)[i] as number] === 1) return true;
    }
    return false;
  };
  for (let i = 0; i < out.length; i++) {
    if (out[i] === READ_TEXT) continue;
    for (const g of live) {
      if (g.include.every((t) => contains(t, i)) && !g.exclude.some((t) => contains(t, i))) {
        out[i] = MATCH;
        break;
      }
    }
  }
}
