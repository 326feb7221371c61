/**
 * The Pike VM: runs a Program over text keeping one thread per instruction, in priority order, so a
 * search costs O(text × program) time and O(program × slots) memory whatever the pattern, and
 * reports the leftmost-first match with its capture positions, as a backtracking engine would.
 */
import { type CharClass, isWordChar } from "./char-class.js";
import { ASSERT, BOL, BOT, CHAR, EOL, EOT, JMP, MATCH, type Program, SAVE, SPLIT, WORD } from "./program.js";

/** Whether an assertion holds at p of text[start, end). */
export function assertionHolds(kind: number, text: string, p: number, start: number, end: number): boolean {
  switch (kind) {
    case BOT:
      return p === start;
    case EOT:
      return p === end;
    case BOL:
      return p === start || text.charCodeAt(p - 1) === 10;
    case EOL:
      return p === end || text.charCodeAt(p) === 10;
    default: {
      const before = p > start && isWordChar(text.charCodeAt(p - 1));
      const after = p < end && isWordChar(text.charCodeAt(p));
      return (before !== after) === (kind === WORD);
    }
  }
}

class ThreadList {
  count = 0;
  readonly pcs: Int32Array;
  readonly caps: Int32Array;
  constructor(size: number, slots: number) {
    this.pcs = new Int32Array(size);
    this.caps = new Int32Array(Math.max(1, size * slots));
  }
}

export class PikeVM {
  private clist: ThreadList;
  private nlist: ThreadList;
  private readonly mark: Int32Array;
  private generation = 0;
  /** Pending work of addThread: a pc to explore (>= 0), or a capture slot to restore (-1 - slot). */
  private readonly stackPc: Int32Array;
  private readonly stackValue: Int32Array;
  private readonly work: Int32Array;
  /** Instructions executed by the last exec, for tests that check the bound. */
  steps = 0;

  constructor(private readonly prog: Program) {
    const n = prog.op.length;
    this.clist = new ThreadList(n, prog.slots);
    this.nlist = new ThreadList(n, prog.slots);
    this.mark = new Int32Array(n);
    this.stackPc = new Int32Array(n * 2 + 2);
    this.stackValue = new Int32Array(n * 2 + 2);
    this.work = new Int32Array(Math.max(1, prog.slots));
  }

  /**
   * The capture slots of the leftmost-first match in text[start, end), or null; -1 marks an unset slot.
   * With `at`, only a match starting there (the caller knows the leftmost start) is looked for.
   */
  exec(text: string, start: number, end: number, at = -1): Int32Array | null {
    const { op, x, sets, slots, prefix } = this.prog;
    let matched: Int32Array | null = null;
    let clist = this.clist;
    let nlist = this.nlist;
    clist.count = 0;
    this.steps = 0;
    this.nextGeneration();
    let p = at >= 0 ? at : start;
    for (;;) {
      if (at >= 0) {
        if (p === at) {
          this.work.fill(-1);
          this.addThread(clist, 0, p, text, start, end);
        } else if (clist.count === 0) break;
      } else if (matched === null) {
        if (clist.count === 0 && prefix.length > 0) {
          // No thread is alive: the next match can only begin where the literal prefix occurs.
          const q = text.indexOf(prefix, p);
          if (q === -1 || q + prefix.length > end) break;
          if (q !== p) {
            p = q;
            // Marks left by threads that died at the old position must not block this one.
            this.nextGeneration();
          }
        }
        this.work.fill(-1);
        this.addThread(clist, 0, p, text, start, end);
      } else if (clist.count === 0) break;
      let c = -1;
      let width = 1;
      if (p < end) {
        c = text.charCodeAt(p);
        if (c >= 0xd800 && c <= 0xdbff && p + 1 < end) {
          const low = text.charCodeAt(p + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
            width = 2;
          }
        }
      }
      this.nextGeneration();
      nlist.count = 0;
      for (let i = 0; i < clist.count; i++) {
        const pc = clist.pcs[i] as number;
        const o = op[pc];
        this.steps++;
        if (o === MATCH) {
          // Threads after this one have lower priority than the match: they are dropped.
          matched = clist.caps.slice(i * slots, (i + 1) * slots);
          break;
        }
        if (c < 0) continue;
        if (o === CHAR ? x[pc] === c : (sets[x[pc] as number] as CharClass).has(c)) {
          // A copy by hand: subarray() would allocate a view per thread and step.
          const caps = clist.caps;
          const work = this.work;
          for (let k = 0, from = i * slots; k < slots; k++) work[k] = caps[from + k] as number;
          this.addThread(nlist, pc + 1, p + width, text, start, end);
        }
      }
      if (p >= end) break;
      const swap = clist;
      clist = nlist;
      nlist = swap;
      p += width;
    }
    this.clist = clist;
    this.nlist = nlist;
    return matched;
  }

  private nextGeneration(): void {
    if (++this.generation > 0x3fffffff) {
      this.mark.fill(0);
      this.generation = 1;
    }
  }

  /** Adds pc and every instruction reachable from it without consuming a character, in priority order. */
  private addThread(list: ThreadList, pc0: number, p: number, text: string, start: number, end: number): void {
    const { op, x, y, slots } = this.prog;
    const stackPc = this.stackPc;
    const stackValue = this.stackValue;
    const mark = this.mark;
    const work = this.work;
    const gen = this.generation;
    let sp = 0;
    stackPc[sp++] = pc0;
    while (sp > 0) {
      const pc = stackPc[--sp] as number;
      if (pc < 0) {
        work[-1 - pc] = stackValue[sp] as number;
        continue;
      }
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      this.steps++;
      switch (op[pc]) {
        case JMP:
          stackPc[sp++] = x[pc] as number;
          break;
        case SPLIT:
          stackPc[sp++] = y[pc] as number;
          stackPc[sp++] = x[pc] as number;
          break;
        case SAVE: {
          const slot = x[pc] as number;
          stackValue[sp] = work[slot] as number;
          stackPc[sp++] = -1 - slot;
          work[slot] = p;
          stackPc[sp++] = pc + 1;
          break;
        }
        case ASSERT:
          if (assertionHolds(x[pc] as number, text, p, start, end)) stackPc[sp++] = pc + 1;
          break;
        default: {
          const at = list.count++;
          list.pcs[at] = pc;
          if (slots > 0) list.caps.set(work, at * slots);
        }
      }
    }
  }
}
