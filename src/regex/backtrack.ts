/**
 * A bounded backtracker (RE2's BitState) for captures from a known start: a depth-first search in
 * priority order that marks each (instruction, position) pair it has tried, so it tries each at most
 * once: O(program × text) like the Pike VM, much faster on the short spans it is given.
 */
import type { CharClass } from "./char-class.js";
import { assertionHolds } from "./pike.js";
import { ASSERT, CHAR, JMP, MATCH, type Program, SAVE, SPLIT } from "./program.js";

/** Above this many (instruction, position) pairs the Pike VM runs instead: the marks would take too much memory. */
export const MAX_PAIRS = 1 << 18;

export class Backtracker {
  private visited = new Uint32Array(0);
  /** Pending work: a pc and position to try, or (pc < 0) a capture slot -1 - pc to restore to the value. */
  private readonly jobPc: number[] = [];
  private readonly jobValue: number[] = [];
  /** (instruction, position) pairs tried by the last exec. */
  steps = 0;

  constructor(private readonly prog: Program) {}

  fits(at: number, end: number): boolean {
    return this.prog.op.length * (end - at + 1) <= MAX_PAIRS;
  }

  /** The leftmost-first match starting exactly at `at` in text[start, end), as capture slots, or null. */
  exec(text: string, start: number, end: number, at: number): Int32Array | null {
    const { op, x, y, sets, slots } = this.prog;
    const width = end - at + 1;
    const words = Math.ceil((op.length * width) / 32);
    if (this.visited.length < words) this.visited = new Uint32Array(words);
    else this.visited.fill(0, 0, words);
    const visited = this.visited;
    const caps = new Int32Array(slots).fill(-1);
    const jobPc = this.jobPc;
    const jobValue = this.jobValue;
    jobPc.length = 0;
    jobValue.length = 0;
    jobPc.push(0);
    jobValue.push(at);
    let steps = 0;
    while (jobPc.length > 0) {
      let pc = jobPc.pop() as number;
      let p = jobValue.pop() as number;
      if (pc < 0) {
        caps[-1 - pc] = p;
        continue;
      }
      for (;;) {
        const key = pc * width + (p - at);
        const bit = 1 << (key & 31);
        if ((visited[key >>> 5] as number) & bit) break;
        visited[key >>> 5] = (visited[key >>> 5] as number) | bit;
        this.steps = ++steps;
        const o = op[pc];
        if (o === SPLIT) {
          jobPc.push(y[pc] as number);
          jobValue.push(p);
          pc = x[pc] as number;
        } else if (o === JMP) pc = x[pc] as number;
        else if (o === SAVE) {
          const slot = x[pc] as number;
          jobPc.push(-1 - slot);
          jobValue.push(caps[slot] as number);
          caps[slot] = p;
          pc++;
        } else if (o === ASSERT) {
          if (!assertionHolds(x[pc] as number, text, p, start, end)) break;
          pc++;
        } else if (o === MATCH) return caps;
        else {
          if (p >= end) break;
          let c = text.charCodeAt(p);
          let w = 1;
          if (c >= 0xd800 && c <= 0xdbff && p + 1 < end) {
            const low = text.charCodeAt(p + 1);
            if (low >= 0xdc00 && low <= 0xdfff) {
              c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              w = 2;
            }
          }
          if (o === CHAR ? x[pc] !== c : !(sets[x[pc] as number] as CharClass).has(c)) break;
          pc++;
          p += w;
        }
      }
    }
    return null;
  }
}
