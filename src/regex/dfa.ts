/**
 * A lazily built DFA for "is there a match?": each state is the set of NFA threads alive at a
 * position, built the first time the search reaches it and cached with its transitions, so repeated
 * characters cost one table lookup. Assertions stay pending in a state until the next character is
 * known. The cache is bounded; when full it is dropped and rebuilt, which keeps time O(text × program).
 */
import { type CharClass, isWordChar } from "./char-class.js";
import { ASSERT, BOL, BOT, CHAR, EOL, EOT, JMP, MATCH, type Program, SAVE, SPLIT, WORD } from "./program.js";

/** What lies before a position: the start of the text, a newline, a word character, anything else. */
const START = 0;
const NEWLINE = 1;
const WORDCHAR = 2;
const OTHER = 3;
/** After a position, 0 means the end of the text. */
const END = 0;

const MAX_STATES = 4096;
/** Threads held by all cached states together (4 bytes each). */
const MAX_THREADS = 1 << 20;

function kindOf(c: number): number {
  return c === 10 ? NEWLINE : c < 128 && isWordChar(c) ? WORDCHAR : OTHER;
}

interface State {
  /** Threads waiting at this position: consuming instructions, pending assertions, MATCH. */
  readonly pcs: Int32Array;
  readonly before: number;
  readonly match: boolean;
  readonly ascii: (State | undefined)[];
  wide: Map<number, State> | undefined;
  /** In "last" mode: whether a match ends here when the next character is c (ASCII, then the rest). */
  readonly hitAscii: Uint8Array | undefined;
  hitWide: Set<number> | undefined;
}

/**
 * "first" answers test() and stops at the first match; "last" reads the whole slice right to left
 * and gives the last position where a match of the reversed pattern ends: the leftmost match start.
 */
export type DfaMode = "first" | "last";

export class LazyDFA {
  private cache = new Map<string, State>();
  private threads = 0;
  private starts: (State | undefined)[] = [];
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly stack: Int32Array;
  private readonly buffer: Int32Array;

  constructor(
    private readonly prog: Program,
    private readonly mode: DfaMode = "first",
  ) {
    const n = prog.op.length;
    this.mark = new Int32Array(n);
    this.stack = new Int32Array(n * 2 + 2);
    this.buffer = new Int32Array(n);
  }

  test(text: string, start: number, end: number): boolean {
    const prefix = this.prog.prefix;
    let cur = this.start(START);
    let p = start;
    while (p < end) {
      if (cur.match) return true;
      if (prefix.length > 0 && cur === this.starts[cur.before]) {
        // Nothing is under way: a match can only begin where the literal prefix occurs.
        const q = text.indexOf(prefix, p);
        if (q === -1 || q + prefix.length > end) return false;
        if (q !== p) {
          p = q;
          cur = this.start(kindOf(text.charCodeAt(q - 1)));
        }
      }
      const c = text.charCodeAt(p);
      if (c < 128) {
        cur = cur.ascii[c] ?? this.step(cur, c);
        p++;
        continue;
      }
      let cp = c;
      let width = 1;
      if (c >= 0xd800 && c <= 0xdbff && p + 1 < end) {
        const low = text.charCodeAt(p + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          width = 2;
        }
      }
      cur = cur.wide?.get(cp) ?? this.step(cur, cp);
      p += width;
    }
    return cur.match || this.resolve(cur, END, -1);
  }

  /**
   * For a DFA of the reversed pattern ("last" mode): reads text[start, end) right to left and gives the
   * leftmost position where a match of the original pattern starts, or -1.
   */
  leftmostStart(text: string, start: number, end: number): number {
    // The reversed pattern's literal prefix is the original's literal suffix, read backwards.
    const suffix = [...this.prog.prefix].reverse().join("");
    let cur = this.start(START);
    let found = -1;
    let p = end;
    while (p > start) {
      if (cur.match) found = p;
      if (suffix.length > 0 && cur === this.starts[cur.before]) {
        const i = text.lastIndexOf(suffix, p - suffix.length);
        if (i < start) return found;
        if (i + suffix.length !== p) {
          p = i + suffix.length;
          cur = this.start(kindOf(text.charCodeAt(p)));
        }
      }
      let c = text.charCodeAt(p - 1);
      let width = 1;
      if (c >= 0xdc00 && c <= 0xdfff && p - 2 >= start) {
        const high = text.charCodeAt(p - 2);
        if (high >= 0xd800 && high <= 0xdbff) {
          c = 0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00);
          width = 2;
        }
      }
      const next = (c < 128 ? cur.ascii[c] : cur.wide?.get(c)) ?? this.step(cur, c);
      if (c < 128 ? cur.hitAscii?.[c] === 1 : cur.hitWide?.has(c) === true) found = p;
      cur = next;
      p -= width;
    }
    return cur.match || this.resolve(cur, END, -1) ? start : found;
  }

  private start(before: number): State {
    const cached = this.starts[before];
    if (cached !== undefined) return cached;
    this.generation++;
    const state = this.build(this.closure([], 0), before);
    this.starts[before] = state;
    return state;
  }

  /** The state after reading c in state s, cached on s. */
  private step(s: State, c: number): State {
    const next: number[] = [];
    const matched = this.resolve(s, kindOf(c), c, next);
    this.generation++;
    let state: State;
    if (matched && this.mode === "first") state = this.matchState();
    else state = this.build(this.closure(next, next.length), kindOf(c));
    if (matched && s.hitAscii !== undefined) {
      if (c < 128) s.hitAscii[c] = 1;
      else (s.hitWide ??= new Set()).add(c);
    }
    if (c < 128) s.ascii[c] = state;
    else (s.wide ??= new Map()).set(c, state);
    return state;
  }

  /**
   * Resolves s's pending assertions now that the next character's kind is known; true when that
   * reaches MATCH. Otherwise pushes to next the successor of every thread that consumes c.
   */
  private resolve(s: State, after: number, c: number, next?: number[]): boolean {
    const { op, x, y, sets } = this.prog;
    this.generation++;
    const gen = this.generation;
    const mark = this.mark;
    const stack = this.stack;
    let sp = 0;
    let matched = false;
    for (let i = s.pcs.length - 1; i >= 0; i--) stack[sp++] = s.pcs[i] as number;
    while (sp > 0) {
      const pc = stack[--sp] as number;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      switch (op[pc]) {
        case MATCH:
          if (next === undefined || this.mode === "first") return true;
          matched = true;
          break;
        case JMP:
          stack[sp++] = x[pc] as number;
          break;
        case SPLIT:
          stack[sp++] = y[pc] as number;
          stack[sp++] = x[pc] as number;
          break;
        case SAVE:
          stack[sp++] = pc + 1;
          break;
        case ASSERT:
          if (holds(x[pc] as number, s.before, after)) stack[sp++] = pc + 1;
          break;
        case CHAR:
          if (next !== undefined && x[pc] === c) next.push(pc + 1);
          break;
        default:
          if (next !== undefined && c >= 0 && (sets[x[pc] as number] as CharClass).has(c)) next.push(pc + 1);
      }
    }
    return matched;
  }

  /**
   * The threads reachable from seeds (and, for the unanchored search, from the program's start)
   * without consuming a character, stopping at assertions, which wait for the next character.
   */
  private closure(seeds: number[], count: number): Int32Array {
    const { op, x, y } = this.prog;
    const gen = this.generation;
    const mark = this.mark;
    const stack = this.stack;
    const out = this.buffer;
    let n = 0;
    for (let i = 0; i <= count; i++) {
      let sp = 0;
      stack[sp++] = i < count ? (seeds[i] as number) : 0;
      while (sp > 0) {
        const pc = stack[--sp] as number;
        if (mark[pc] === gen) continue;
        mark[pc] = gen;
        const o = op[pc];
        if (o === JMP) stack[sp++] = x[pc] as number;
        else if (o === SPLIT) {
          stack[sp++] = y[pc] as number;
          stack[sp++] = x[pc] as number;
        } else if (o === SAVE) stack[sp++] = pc + 1;
        else out[n++] = pc;
      }
    }
    return out.slice(0, n).sort();
  }

  private build(pcs: Int32Array, before: number): State {
    let key = String.fromCharCode(before);
    for (let i = 0; i < pcs.length; i += 4096) key += String.fromCharCode(...pcs.subarray(i, i + 4096));
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.cache.size >= MAX_STATES || this.threads + pcs.length > MAX_THREADS) {
      // Dropping every state bounds memory; the search goes on from fresh states.
      this.cache = new Map();
      this.starts = [];
      this.threads = 0;
    }
    let match = false;
    for (const pc of pcs) if (this.prog.op[pc] === MATCH) match = true;
    const hitAscii = this.mode === "last" ? new Uint8Array(128) : undefined;
    const state: State = { pcs, before, match, ascii: new Array(128), wide: undefined, hitAscii, hitWide: undefined };
    this.cache.set(key, state);
    this.threads += pcs.length;
    return state;
  }

  private matchState(): State {
    return this.build(Int32Array.of(this.prog.op.length - 1), START);
  }
}

function holds(kind: number, before: number, after: number): boolean {
  switch (kind) {
    case BOT:
      return before === START;
    case EOT:
      return after === END;
    case BOL:
      return before === START || before === NEWLINE;
    case EOL:
      return after === END || after === NEWLINE;
    default:
      return (before === WORDCHAR) !== (after === WORDCHAR) === (kind === WORD);
  }
}
