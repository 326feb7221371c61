/**
 * Sets of code points as sorted, disjoint ranges: the shorthand classes (\d \w \s, ASCII as in RE2),
 * the POSIX classes, negation and case folding, and a membership test with an ASCII bitmap.
 */

/** Code points as pairs [lo0, hi0, lo1, hi1, ...], sorted and disjoint. */
export type Ranges = number[];

export const MAX_CODE_POINT = 0x10ffff;

export function normalize(ranges: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i] as number, ranges[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function negate(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if ((ranges[i] as number) > next) out.push(next, (ranges[i] as number) - 1);
    next = (ranges[i + 1] as number) + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
/** RE2's \s: tab, newline, form feed, carriage return and space (not \v). */
const SPACE: Ranges = [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20];

/** \d \D \w \W \s \S, or undefined for another letter. */
export function shorthand(letter: string): Ranges | undefined {
  const base = { d: DIGIT, w: WORD, s: SPACE }[letter.toLowerCase()];
  if (base === undefined) return undefined;
  return letter === letter.toLowerCase() ? [...base] : negate(base);
}

const POSIX: Record<string, Ranges> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: DIGIT,
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: WORD,
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** `[:alpha:]` and the others RE2 knows, by name. */
export function posixClass(name: string): Ranges | undefined {
  const r = POSIX[name];
  return r === undefined ? undefined : [...r];
}

export function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x61 && c <= 0x7a);
}

/** Beyond this no code point has a case variant, so folding need not look further. */
const LAST_CASED = 0x1e943;

/** The other-case forms of one code point (simple case mappings only, as a single code point). */
function variants(c: number, out: number[]): void {
  const s = String.fromCodePoint(c);
  // Characters such as 'ſ' fold to 's' only through upper case, hence the round trip.
  for (const v of [s.toLowerCase(), s.toUpperCase(), s.toUpperCase().toLowerCase()]) {
    const cp = v.codePointAt(0) as number;
    if (v.length === String.fromCodePoint(cp).length && cp !== c && !out.includes(cp)) out.push(cp);
  }
}

/** Every code point that has another case, sorted, with its variants: a constant table built on first use. */
let casedTable: { points: Int32Array; variants: number[][] } | undefined;

function cased(): { points: Int32Array; variants: number[][] } {
  if (casedTable !== undefined) return casedTable;
  // Variants both ways, so 'k' also finds the Kelvin sign, which maps to it but not back.
  const orbit = new Map<number, Set<number>>();
  const link = (a: number, b: number) => {
    let set = orbit.get(a);
    if (set === undefined) orbit.set(a, (set = new Set()));
    set.add(b);
  };
  for (let c = 0; c <= LAST_CASED; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const v: number[] = [];
    variants(c, v);
    for (const d of v) {
      link(c, d);
      link(d, c);
    }
  }
  const points = [...orbit.keys()].sort((a, b) => a - b);
  // Two links reach every member of the largest orbits ('K', 'k', the Kelvin sign).
  const closure = (c: number) => {
    const all = new Set<number>();
    for (const d of orbit.get(c) ?? []) for (const e of [d, ...(orbit.get(d) ?? [])]) if (e !== c) all.add(e);
    return [...all];
  };
  casedTable = { points: Int32Array.from(points), variants: points.map(closure) };
  return casedTable;
}

/** The set with every member's case variants added, for (?i). */
export function foldCase(ranges: Ranges): Ranges {
  const extra: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i] as number;
    const hi = ranges[i + 1] as number;
    if (hi < 128) {
      // ASCII without the table, whose first build costs about 0.1 s.
      for (let c = lo; c <= hi; c++) {
        const lower = c | 0x20;
        if (lower < 0x61 || lower > 0x7a) continue;
        extra.push(c ^ 0x20);
        if (lower === 0x6b) extra.push(0x212a);
        if (lower === 0x73) extra.push(0x17f);
      }
      continue;
    }
    const { points, variants: table } = cased();
    // First cased point >= lo, then every one up to hi.
    let a = 0;
    let b = points.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((points[mid] as number) < lo) a = mid + 1;
      else b = mid;
    }
    for (let k = a; k < points.length && (points[k] as number) <= hi; k++) extra.push(...(table[k] as number[]));
  }
  if (extra.length === 0) return ranges;
  const added: Ranges = [...ranges];
  for (const c of extra) added.push(c, c);
  return normalize(added);
}

/** A compiled set: a bitmap for ASCII, binary search over the ranges beyond it. */
export class CharClass {
  private readonly ascii = new Uint8Array(128);
  private readonly wide: Int32Array;

  constructor(readonly ranges: Ranges) {
    const wide: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const lo = ranges[i] as number;
      const hi = ranges[i + 1] as number;
      for (let c = lo; c <= hi && c < 128; c++) this.ascii[c] = 1;
      if (hi >= 128) wide.push(Math.max(lo, 128), hi);
    }
    this.wide = Int32Array.from(wide);
  }

  has(c: number): boolean {
    if (c < 128) return this.ascii[c] === 1;
    const w = this.wide;
    let lo = 0;
    let hi = w.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (c < (w[mid * 2] as number)) hi = mid - 1;
      else if (c > (w[mid * 2 + 1] as number)) lo = mid + 1;
      else return true;
    }
    return false;
  }
}
