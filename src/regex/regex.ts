/**
 * Regex: a pattern compiled once, then `test` (a lazy DFA, with an indexOf skip to a literal prefix)
 * and `exec` (groups, from the leftmost start a reversed DFA finds). Both run in time linear in the text.
 */
import { type Parsed, RegexError } from "./ast.js";
import { Backtracker } from "./backtrack.js";
import { LazyDFA } from "./dfa.js";
import { parse } from "./parser.js";
import { PikeVM } from "./pike.js";
import { compileProgram, type Program, reverseNode } from "./program.js";

/** The default cap on a compiled program; a match costs at most this many steps per character. */
export const MAX_PROGRAM = 10_000;
/** Instructions × capture slots: the Pike VM's two thread lists hold this many integers each (16 MB). */
const MAX_CAPTURE_CELLS = 1 << 22;

export interface RegexOptions {
  /** Largest program allowed, in instructions (default MAX_PROGRAM). */
  readonly maxProgram?: number;
}

export interface RegexMatch {
  /** Where the match starts and ends in the text (UTF-16 offsets). */
  readonly index: number;
  readonly end: number;
  /** Group 0 (the whole match) and each capturing group; undefined when the group took no part. */
  readonly groups: readonly (string | undefined)[];
}

export class Regex {
  /** Each capturing group's name in order (undefined for an unnamed group); group 1 first. */
  readonly groupNames: readonly (string | undefined)[];
  private readonly matchProgram: Program;
  private readonly parsed: Parsed;
  private captureProgram: Program | undefined;
  private readonly max: number;
  private dfa: LazyDFA | undefined;
  private reverse: LazyDFA | undefined;
  private pike: PikeVM | undefined;
  private backtracker: Backtracker | undefined;
  private steps = 0;

  /** Compiles a pattern in RE2 syntax, or a tree another parser built; throws RegexError. */
  constructor(pattern: string | Parsed, options: RegexOptions = {}) {
    this.parsed = typeof pattern === "string" ? parse(pattern) : pattern;
    const max = options.maxProgram ?? MAX_PROGRAM;
    this.groupNames = this.parsed.groups;
    // Compiled now so that a pattern too large is refused when compiled, not at its first match.
    this.matchProgram = compileProgram(this.parsed.node, this.parsed.groups.length, false, max);
    // Captures add two instructions per group copy: room for them, still bounded.
    if (this.groupNames.length > 0) {
      const prog = compileProgram(this.parsed.node, this.groupNames.length, true, max * 4);
      // The Pike VM keeps every slot for every instruction: thousands of groups would take gigabytes.
      if (prog.op.length * prog.slots > MAX_CAPTURE_CELLS) {
        throw new RegexError(`too many capturing groups (${this.groupNames.length}) for a pattern this large`, 0, "limit");
      }
      this.captureProgram = prog;
    }
    this.max = max;
  }

  /** Whether some part of text[start, end) matches; `^`, `$` and `\b` see the slice's ends as the text's. */
  test(text: string, start = 0, end = text.length): boolean {
    const prog = this.matchProgram;
    if (prog.literal) {
      const at = text.indexOf(prog.prefix, start);
      return at !== -1 && at + prog.prefix.length <= end;
    }
    this.dfa ??= new LazyDFA(prog);
    return this.dfa.test(text, start, end);
  }

  /** The leftmost-first match in text[start, end), with its groups, or null. */
  exec(text: string, start = 0, end = text.length): RegexMatch | null {
    this.steps = 0;
    if (!this.test(text, start, end)) return null;
    this.captureProgram ??= compileProgram(this.parsed.node, 0, true, this.max + 2);
    this.pike ??= new PikeVM(this.captureProgram);
    // The reversed pattern, read right to left, ends its last match where the leftmost match starts;
    // captures are then searched from that one start, not with a thread per start position.
    this.reverse ??= new LazyDFA(compileProgram(reverseNode(this.parsed.node), 0, false, this.max), "last");
    const at = this.reverse.leftmostStart(text, start, end);
    this.backtracker ??= new Backtracker(this.captureProgram);
    let slots: Int32Array | null;
    if (at >= 0 && this.backtracker.fits(at, end)) {
      slots = this.backtracker.exec(text, start, end, at);
      this.steps = this.backtracker.steps;
    } else {
      slots = this.pike.exec(text, start, end, at);
      this.steps = this.pike.steps;
    }
    if (slots === null) return null;
    const groups: (string | undefined)[] = [];
    for (let i = 0; i < slots.length; i += 2) {
      const from = slots[i] as number;
      const to = slots[i + 1] as number;
      groups.push(from < 0 || to < 0 ? undefined : text.slice(from, to));
    }
    return { index: slots[0] as number, end: slots[1] as number, groups };
  }

  /** Steps the last exec took to take captures: at most (text length + 1) × program size × 2. */
  get lastSteps(): number {
    return this.steps;
  }
}

/** Text that matches itself when read as a pattern: every ASCII symbol escaped. */
export function escapeRegex(text: string): string {
  return text.replace(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/g, (c) => (c < " " || c === "\x7f" ? `\\x{${c.charCodeAt(0).toString(16)}}` : `\\${c}`));
}
