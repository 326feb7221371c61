/**
 * Compiles a Node tree to a Thompson NFA: flat instruction arrays that the Pike VM and the lazy DFA
 * both walk. Split's first target is the preferred one, which gives Perl's leftmost-first priorities.
 */
import type { Assertion, Node } from "./ast.js";
import { RegexError } from "./ast.js";
import { CharClass } from "./char-class.js";

export const CHAR = 0;
export const SET = 1;
export const SPLIT = 2;
export const JMP = 3;
export const SAVE = 4;
export const ASSERT = 5;
export const MATCH = 6;

export const BOT = 0;
export const EOT = 1;
export const BOL = 2;
export const EOL = 3;
export const WORD = 4;
export const NOTWORD = 5;
const ASSERTIONS: Record<Assertion, number> = { bot: BOT, eot: EOT, bol: BOL, eol: EOL, word: WORD, notword: NOTWORD };

export interface Program {
  readonly op: Int32Array;
  readonly x: Int32Array;
  readonly y: Int32Array;
  readonly sets: readonly CharClass[];
  /** Capture slots (two per group, the whole match included); 0 when compiled for matching only. */
  readonly slots: number;
  /** Literal text every match starts with (empty when none is known), for an indexOf skip. */
  readonly prefix: string;
  /** True when the pattern is exactly `prefix`: a match is a substring search. */
  readonly literal: boolean;
}

export function compileProgram(node: Node, groupCount: number, captures: boolean, maxProgram: number): Program {
  const op: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const sets: CharClass[] = [];
  const emit = (o: number, a = 0, b = 0): number => {
    if (op.length >= maxProgram) throw new RegexError(`regular expression larger than ${maxProgram} instructions`, 0, "limit");
    op.push(o);
    x.push(a);
    y.push(b);
    return op.length - 1;
  };
  const split = (greedy: boolean, body: number, out: number, at: number): void => {
    x[at] = greedy ? body : out;
    y[at] = greedy ? out : body;
  };
  const gen = (n: Node): void => {
    switch (n.t) {
      case "empty":
        return;
      case "set": {
        const r = n.ranges;
        if (r.length === 2 && r[0] === r[1]) emit(CHAR, r[0]);
        else {
          sets.push(new CharClass(r));
          emit(SET, sets.length - 1);
        }
        return;
      }
      case "assert":
        emit(ASSERT, ASSERTIONS[n.kind]);
        return;
      case "cat":
        for (const item of n.items) gen(item);
        return;
      case "alt": {
        const exits: number[] = [];
        n.items.forEach((item, i) => {
          if (i < n.items.length - 1) {
            const s = emit(SPLIT);
            x[s] = op.length;
            gen(item);
            exits.push(emit(JMP));
            y[s] = op.length;
          } else gen(item);
        });
        for (const j of exits) x[j] = op.length;
        return;
      }
      case "group":
        if (captures) emit(SAVE, n.index * 2);
        gen(n.node);
        if (captures) emit(SAVE, n.index * 2 + 1);
        return;
      case "repeat": {
        for (let i = 0; i < n.min; i++) gen(n.node);
        if (n.max === -1) {
          const s = emit(SPLIT);
          gen(n.node);
          emit(JMP, s);
          split(n.greedy, s + 1, op.length, s);
          return;
        }
        // x{2,4} is xx(x(x)?)?: each optional copy is only tried after the one before it matched.
        const pending: number[] = [];
        for (let i = n.min; i < n.max; i++) {
          const s = emit(SPLIT);
          pending.push(s);
          gen(n.node);
        }
        for (const s of pending) split(n.greedy, s + 1, op.length, s);
        return;
      }
    }
  };
  if (captures) emit(SAVE, 0);
  gen(node);
  if (captures) emit(SAVE, 1);
  emit(MATCH);
  const { prefix, literal } = literalPrefix(node);
  return {
    op: Int32Array.from(op),
    x: Int32Array.from(x),
    y: Int32Array.from(y),
    sets,
    slots: captures ? (groupCount + 1) * 2 : 0,
    prefix,
    literal,
  };
}

/** The literal characters a match must begin with; whether they are the whole pattern. */
function literalPrefix(node: Node): { prefix: string; literal: boolean } {
  let prefix = "";
  const walk = (n: Node): boolean => {
    if (n.t === "set") {
      const r = n.ranges;
      if (r.length !== 2 || r[0] !== r[1]) return false;
      prefix += String.fromCodePoint(r[0] as number);
      return true;
    }
    if (n.t === "group") return walk(n.node);
    if (n.t === "cat") {
      for (const item of n.items) if (!walk(item)) return false;
      return true;
    }
    return n.t === "empty";
  };
  const literal = walk(node);
  return { prefix, literal: literal && prefix.length > 0 };
}

const MIRROR: Record<Assertion, Assertion> = { bot: "eot", eot: "bot", bol: "eol", eol: "bol", word: "word", notword: "notword" };

/** The pattern read right to left: it matches the reversed text of each match of the original. */
export function reverseNode(n: Node): Node {
  switch (n.t) {
    case "cat":
      return { t: "cat", items: n.items.map(reverseNode).reverse() };
    case "alt":
      return { t: "alt", items: n.items.map(reverseNode) };
    case "repeat":
    case "group":
      return { ...n, node: reverseNode(n.node) };
    case "assert":
      return { t: "assert", kind: MIRROR[n.kind] };
    default:
      return n;
  }
}
