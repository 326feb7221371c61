/**
 * AWS's regex subset (`%...%`), parsed strictly by regex-syntax.ts and run on the linear-time engine
 * of src/regex/ (a lazy DFA over a Thompson NFA), so no pattern can make a match slow.
 */
import { type Node, Regex as Engine, RegexError } from "../regex/index.js";
import { unsupported } from "./errors.js";
import { type Atom, type CharSet, type Item, MAX_REPEAT, RegexParser } from "./regex-syntax.js";

export { MAX_REPEAT };
/** Each message character costs at most one step per instruction. */
export const MAX_PROGRAM = 2000;

/** `.` in AWS's subset: any character but a newline. */
const ANY = [0, 9, 11, 0x10ffff];

function ranges(set: CharSet): number[] {
  const out: number[] = [];
  for (let c = 0; c < 128; c++) {
    if (set.ascii[c] !== 1) continue;
    if (out.length > 0 && out[out.length - 1] === c - 1) out[out.length - 1] = c;
    else out.push(c, c);
  }
  if (set.other) {
    if (out.length > 0 && out[out.length - 1] === 127) out[out.length - 1] = 0x10ffff;
    else out.push(128, 0x10ffff);
  }
  return out;
}

function atomNode(atom: Atom): Node {
  switch (atom.t) {
    case "char":
      return { t: "set", ranges: [atom.c, atom.c] };
    case "any":
      return { t: "set", ranges: ANY };
    case "set":
      return { t: "set", ranges: ranges(atom.set) };
    case "bol":
      return { t: "assert", kind: "bot" };
    case "eol":
      return { t: "assert", kind: "eot" };
  }
}

function itemNode(item: Item): Node {
  const node = atomNode(item.atom);
  return item.min === 1 && item.max === 1 ? node : { t: "repeat", node, min: item.min, max: item.max, greedy: true };
}

/** A compiled regex of AWS's subset. */
export class Regex {
  private readonly engine: Engine;

  /** Compiles src[start, end), the text between the percent signs. */
  constructor(
    readonly source: string,
    start = 0,
    end = source.length,
  ) {
    const alternatives = new RegexParser(source, start, end).parse();
    const branches: Node[] = alternatives.map((seq) => ({ t: "cat", items: seq.map(itemNode) }));
    const node: Node = branches.length === 1 ? (branches[0] as Node) : { t: "alt", items: branches };
    try {
      this.engine = new Engine({ node, groups: [] }, { maxProgram: MAX_PROGRAM });
    } catch (e) {
      if (e instanceof RegexError) throw unsupported(`regular expression larger than ${MAX_PROGRAM} instructions`, start);
      throw e;
    }
  }

  /** Whether some substring of text[start, end) matches (`^` and `$` anchor at start and end). */
  test(text: string, start = 0, end = text.length): boolean {
    return this.engine.test(text, start, end);
  }
}
