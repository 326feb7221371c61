/**
 * AWS's regex subset compiled to a Thompson NFA and run as a Pike VM, so matching is linear in the
 * message and no pattern can backtrack forever. The syntax lives in regex-syntax.ts.
 */
import { unsupported } from "./errors.js";
import { type Atom, type CharSet, type Item, MAX_REPEAT, RegexParser } from "./regex-syntax.js";

export { MAX_REPEAT };
/** Each message character costs at most one step per instruction. */
export const MAX_PROGRAM = 2000;

const enum Op {
  Char,
  Any,
  Class,
  Split,
  Jmp,
  Match,
  Bol,
  Eol,
}

/** A compiled regex: flat instruction arrays walked by the Pike VM below. */
export class Regex {
  private readonly op: Int32Array;
  private readonly x: Int32Array;
  private readonly y: Int32Array;
  private readonly sets: CharSet[];
  private readonly mark: Int32Array;
  private readonly stack: Int32Array;
  private listA: Int32Array;
  private listB: Int32Array;
  private generation = 0;
  private matched = false;

  /** Compiles src[start, end), the text between the percent signs. */
  constructor(
    readonly source: string,
    start = 0,
    end = source.length,
  ) {
    const alternatives = new RegexParser(source, start, end).parse();
    const op: number[] = [];
    const x: number[] = [];
    const y: number[] = [];
    this.sets = [];
    const emit = (o: Op, a = 0, b = 0): number => {
      if (op.length >= MAX_PROGRAM) throw unsupported(`regular expression larger than ${MAX_PROGRAM} instructions`, start);
      op.push(o);
      x.push(a);
      y.push(b);
      return op.length - 1;
    };
    const emitAtom = (atom: Atom): void => {
      if (atom.t === "char") emit(Op.Char, atom.c);
      else if (atom.t === "any") emit(Op.Any);
      else if (atom.t === "bol") emit(Op.Bol);
      else if (atom.t === "eol") emit(Op.Eol);
      else {
        this.sets.push(atom.set);
        emit(Op.Class, this.sets.length - 1);
      }
    };
    const emitItem = (item: Item): void => {
      for (let i = 0; i < item.min; i++) emitAtom(item.atom);
      if (item.max === -1) {
        const split = emit(Op.Split);
        x[split] = op.length;
        emitAtom(item.atom);
        emit(Op.Jmp, split);
        y[split] = op.length;
        return;
      }
      const pending: number[] = [];
      for (let i = item.min; i < item.max; i++) {
        const split = emit(Op.Split);
        x[split] = op.length;
        pending.push(split);
        emitAtom(item.atom);
      }
      for (const split of pending) y[split] = op.length;
    };
    const exits: number[] = [];
    alternatives.forEach((seq, i) => {
      let split = -1;
      if (i < alternatives.length - 1) {
        split = emit(Op.Split);
        x[split] = op.length;
      }
      for (const item of seq) emitItem(item);
      if (i < alternatives.length - 1) {
        exits.push(emit(Op.Jmp));
        y[split] = op.length;
      }
    });
    const match = emit(Op.Match);
    for (const jmp of exits) x[jmp] = match;
    this.op = Int32Array.from(op);
    this.x = Int32Array.from(x);
    this.y = Int32Array.from(y);
    this.mark = new Int32Array(op.length).fill(-1);
    this.stack = new Int32Array(op.length * 2 + 2);
    this.listA = new Int32Array(op.length);
    this.listB = new Int32Array(op.length);
  }

  /** Whether some substring of text[start, end) matches (`^` and `$` anchor at start and end). */
  test(text: string, start = 0, end = text.length): boolean {
    this.matched = false;
    let clist = this.listA;
    let nlist = this.listB;
    let ccount = 0;
    let pos = start;
    if (this.generation > 0x3fffffff) {
      this.mark.fill(-1);
      this.generation = 0;
    }
    this.generation++;
    for (;;) {
      // Unanchored search: a new thread starts at every position.
      ccount = this.addThread(clist, ccount, 0, text, pos, start, end);
      if (this.matched) return true;
      if (pos >= end) return false;
      let c = text.charCodeAt(pos);
      let width = 1;
      // A surrogate pair is one character, as in Java's regex engine.
      if (c >= 0xd800 && c <= 0xdbff && pos + 1 < end) {
        const low = text.charCodeAt(pos + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          width = 2;
        }
      }
      this.generation++;
      let ncount = 0;
      const next = pos + width;
      for (let i = 0; i < ccount; i++) {
        const pc = clist[i] as number;
        const o = this.op[pc];
        let ok = false;
        if (o === Op.Char) ok = this.x[pc] === c;
        else if (o === Op.Any) ok = c !== 10;
        else if (o === Op.Class) {
          const set = this.sets[this.x[pc] as number] as CharSet;
          ok = c < 128 ? set.ascii[c] === 1 : set.other;
        }
        if (ok) ncount = this.addThread(nlist, ncount, pc + 1, text, next, start, end);
        if (this.matched) return true;
      }
      const swap = clist;
      clist = nlist;
      nlist = swap;
      ccount = ncount;
      pos = next;
    }
  }

  /** Adds pc and everything reachable from it without consuming a character. */
  private addThread(list: Int32Array, count: number, pc0: number, text: string, pos: number, start: number, end: number): number {
    const stack = this.stack;
    const mark = this.mark;
    const gen = this.generation;
    let sp = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const pc = stack[--sp] as number;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      switch (this.op[pc]) {
        case Op.Jmp:
          stack[sp++] = this.x[pc] as number;
          break;
        case Op.Split:
          stack[sp++] = this.y[pc] as number;
          stack[sp++] = this.x[pc] as number;
          break;
        case Op.Bol:
          if (pos === start) stack[sp++] = pc + 1;
          break;
        case Op.Eol:
          if (pos === end) stack[sp++] = pc + 1;
          break;
        case Op.Match:
          this.matched = true;
          return count;
        default:
          list[count++] = pc;
      }
    }
    return count;
  }
}
