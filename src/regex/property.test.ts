/**
 * Property: on patterns both accept, the engine agrees with JavaScript's RegExp (a backtracking
 * engine with the same leftmost-first priorities) on whether, where and what matches, and on groups.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { Regex } from "./index.js";

const atom: fc.Arbitrary<string> = fc.constantFrom("a", "b", "c", "1", ".", "[ab]", "[^a]", "[a-c1]", "\\d", "\\w", "\\W", "\\s", " ", "x", "\\.");
const anchor = fc.constantFrom("^", "$", "\\b", "\\B");
const quantifier = fc.constantFrom("", "", "", "*", "+", "?", "*?", "+?", "??", "{2}", "{1,3}", "{0,2}?", "{2,}");

/** Never matches the empty string: JavaScript refuses an empty iteration of a loop after its minimum, RE2 takes it. */
const solidTerm = fc.tuple(atom, fc.constantFrom("", "+", "{2}", "{1,3}", "+?")).map(([a, q]) => a + q);
const solidSeq = fc.array(solidTerm, { minLength: 1, maxLength: 3 }).map((ts) => ts.join(""));
const solid = fc.array(solidSeq, { minLength: 1, maxLength: 3 }).map((alts) => alts.join("|"));

/**
 * Patterns in which a repeated group never matches empty, and (unless capturesInLoops) holds no
 * capture: JavaScript resets a repeated group's captures each iteration, RE2 keeps the last ones.
 */
function pattern(capturesInLoops: boolean): fc.Arbitrary<string> {
  const { tree } = fc.letrec<{ tree: string; term: string; seq: string }>((tie) => ({
    term: fc.oneof(
      { weight: 6, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => a + q) },
      { weight: 1, arbitrary: anchor },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom("(", "(?:"), tie("tree")).map(([open, inner]) => `${open}${inner})`) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom("(", "(?:"), solid, quantifier).map(([open, inner, q]) => `${capturesInLoops ? open : "(?:"}${inner})${q}`),
      },
    ),
    seq: fc.array(tie("term"), { minLength: 1, maxLength: 4 }).map((ts) => ts.join("")),
    tree: fc.array(tie("seq"), { minLength: 1, maxLength: 3 }).map((alts) => alts.join("|")),
  }));
  return tree;
}

const text = fc.array(fc.constantFrom("a", "b", "c", "1", " ", "x", ".", "\n", "A"), { maxLength: 14 }).map((cs) => cs.join(""));

function compare(source: string, input: string, caseless: boolean): void {
  const ours = new Regex((caseless ? "(?i)" : "") + source);
  const js = new RegExp(source, caseless ? "i" : "");
  const expected = js.exec(input);
  const got = ours.exec(input);
  const label = `/${source}/${caseless ? "i" : ""} on ${JSON.stringify(input)}`;
  assert.equal(ours.test(input), expected !== null, label);
  if (expected === null) return assert.equal(got, null, label);
  assert.ok(got !== null, label);
  assert.equal(got.index, expected.index, label);
  assert.deepEqual(got.groups, [...expected], label);
}

describe("Regex against RegExp", () => {
  it("agrees on matches and groups when no capturing group repeats", () => {
    fc.assert(
      fc.property(pattern(false), text, fc.boolean(), (p, t, i) => compare(p, t, i)),
      { numRuns: 2000 },
    );
  });
});
