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

const MAX_STATES = 2048;
/** Threads held by all cached states together (4 bytes each). */
const MAX_THREADS = 1 << 18;

function kindOf(c: number): number {
  return c === 10 ? NEWLINE : c < 128 && isWordChar(c) ? WORDCHAR : OTHER;
}

/** A cached state: the threads waiting at a position (consuming instructions, pending assertions, MATCH). */
interface State {
  readonly pcs: Int32Array;
  readonly before: number;
  /** Transitions on characters beyond ASCII, by code point; ASCII ones are in the flat table. */
  wide: Map<number, number> | undefined;
  /** In "last" mode, the characters beyond ASCII before which a match ends here. */
  hitWide: Set<number> | undefined;
}

/**
 * "first" answers test() and stops at the first match; "last" reads the whole slice right to left
 * and gives the last position where a match of the reversed pattern ends: the leftmost match start.
 */
export type DfaMode = "first" | "last";

const UNKNOWN = -1;

export class LazyDFA {
  private cache = new Map<string, number>();
  private states: State[] = [];
  /** next[id * 128 + c]: the state after ASCII character c, UNKNOWN until computed. */
  private next = new Int32Array(128 * 64).fill(UNKNOWN);
  /** Whether state id holds MATCH unconditionally. */
  private matches = new Uint8Array(64);
  /** "last" mode: hit[id * 128 + c] is 1 when a match ends at a position whose next character is c. */
  private hit = new Uint8Array(0);
  private threads = 0;
  /** Whether the last step found a match ending before its character. */
  private stepMatched = false;
  private starts = new Int32Array(4).fill(UNKNOWN);
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
    if (mode === "last") this.hit = new Uint8Array(128 * 64);
  }

  test(text: string, start: number, end: number): boolean {
    const prefix = this.prog.prefix;
    let s = this.start(START);
    let next = this.next;
    let matches = this.matches;
    let p = start;
    while (p < end) {
      if (matches[s] === 1) return true;
      if (prefix.length > 0 && s === this.starts[(this.states[s] as State).before]) {
        // Nothing is under way: a match can only begin where the literal prefix occurs.
        const q = text.indexOf(prefix, p);
        if (q === -1 || q + prefix.length > end) return false;
        if (q !== p) {
          p = q;
          s = this.start(kindOf(text.charCodeAt(q - 1)));
        }
      }
      let c = text.charCodeAt(p);
      if (c < 128) {
        let t = next[(s << 7) | c] as number;
        if (t === UNKNOWN) {
          t = this.step(s, c);
          next = this.next;
          matches = this.matches;
        }
        s = t;
        p++;
        continue;
      }
      let width = 1;
      if (c >= 0xd800 && c <= 0xdbff && p + 1 < end) {
        const low = text.charCodeAt(p + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          width = 2;
        }
      }
      s = (this.states[s] as State).wide?.get(c) ?? this.step(s, c);
      next = this.next;
      matches = this.matches;
      p += width;
    }
    return matches[s] === 1 || this.resolveState(s, END, -1);
  }

  /**
   * For a DFA of the reversed pattern ("last" mode): reads text[start, end) right to left and gives the
   * leftmost position where a match of the original pattern starts, or -1.
   */
  leftmostStart(text: string, start: number, end: number): number {
    // The reversed pattern's literal prefix is the original's literal suffix, read backwards.
    const suffix = [...this.prog.prefix].reverse().join("");
    let s = this.start(START);
    let found = -1;
    let p = end;
    while (p > start) {
      if (this.matches[s] === 1) found = p;
      if (suffix.length > 0 && s === this.starts[(this.states[s] as State).before]) {
        const i = text.lastIndexOf(suffix, p - suffix.length);
        if (i < start) return found;
        if (i + suffix.length !== p) {
          p = i + suffix.length;
          s = this.start(kindOf(text.charCodeAt(p)));
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
      let t = c < 128 ? (this.next[(s << 7) | c] as number) : ((this.states[s] as State).wide?.get(c) ?? UNKNOWN);
      let hit: boolean;
      if (t === UNKNOWN) {
        t = this.step(s, c);
        hit = this.stepMatched;
      } else hit = c < 128 ? this.hit[(s << 7) | c] === 1 : (this.states[s] as State).hitWide?.has(c) === true;
      if (hit) found = p;
      s = t;
      p -= width;
    }
    return this.matches[s] === 1 || this.resolveState(s, END, -1) ? start : found;
  }

  private start(before: number): number {
    const cached = this.starts[before] as number;
    if (cached !== UNKNOWN) return cached;
    this.generation++;
    const id = this.build(this.closure([], 0), before);
    this.starts[before] = id;
    return id;
  }

  /** The state after reading c in state id, cached in the table. */
  private step(id: number, c: number): number {
    const state = this.states[id] as State;
    const nextPcs: number[] = [];
    const matched = this.resolve(state.pcs, state.before, kindOf(c), c, nextPcs);
    this.stepMatched = matched;
    this.generation++;
    const epoch = this.states;
    const target = matched && this.mode === "first" ? this.matchState() : this.build(this.closure(nextPcs, nextPcs.length), kindOf(c));
    // A full cache was dropped while building: id no longer names this state, so nothing is recorded.
    if (this.states !== epoch) return target;
    if (c < 128) {
      this.next[(id << 7) | c] = target;
      if (matched && this.mode === "last") this.hit[(id << 7) | c] = 1;
    } else {
      (state.wide ??= new Map()).set(c, target);
      if (matched && this.mode === "last") (state.hitWide ??= new Set()).add(c);
    }
    return target;
  }

  private resolveState(id: number, after: number, c: number): boolean {
    const state = this.states[id] as State;
    return this.resolve(state.pcs, state.before, after, c);
  }

  /**
   * Resolves the pending assertions of threads pcs now that the next character's kind is known; true when that
   * reaches MATCH. Otherwise pushes to next the successor of every thread that consumes c.
   */
  private resolve(pcs: Int32Array, before: number, after: number, c: number, next?: number[]): boolean {
    const { op, x, y, sets } = this.prog;
    this.generation++;
    const gen = this.generation;
    const mark = this.mark;
    const stack = this.stack;
    let sp = 0;
    let matched = false;
    for (let i = pcs.length - 1; i >= 0; i--) stack[sp++] = pcs[i] as number;
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
          if (holds(x[pc] as number, before, after)) stack[sp++] = pc + 1;
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

  private build(pcs: Int32Array, before: number): number {
    let key = String.fromCharCode(before);
    for (let i = 0; i < pcs.length; i += 4096) key += String.fromCharCode(...pcs.subarray(i, i + 4096));
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.states.length >= MAX_STATES || this.threads + pcs.length > MAX_THREADS) {
      // Dropping every state bounds memory; the search goes on from fresh states.
      this.cache = new Map();
      this.states = [];
      this.starts.fill(UNKNOWN);
      this.threads = 0;
      this.next.fill(UNKNOWN);
      this.hit.fill(0);
    }
    const id = this.states.length;
    if ((id + 1) * 128 > this.next.length) this.grow();
    let match = false;
    for (const pc of pcs) if (this.prog.op[pc] === MATCH) match = true;
    this.states.push({ pcs, before, wide: undefined, hitWide: undefined });
    this.matches[id] = match ? 1 : 0;
    this.cache.set(key, id);
    this.threads += pcs.length;
    return id;
  }

  private grow(): void {
    const size = this.next.length * 2;
    const next = new Int32Array(size).fill(UNKNOWN);
    next.set(this.next);
    this.next = next;
    const matches = new Uint8Array(size / 128);
    matches.set(this.matches);
    this.matches = matches;
    if (this.mode === "last") {
      const hit = new Uint8Array(size);
      hit.set(this.hit);
      this.hit = hit;
    }
  }

  private matchState(): number {
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
      return ((before === WORDCHAR) !== (after === WORDCHAR)) === (kind === WORD);
  }
}
