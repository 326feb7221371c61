/**
 * Property tests: any pattern either compiles or throws FilterPatternError, never anything else, and a
 * compiled matcher answers every message. Inputs are bounded in size so no run can take long.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { FieldSplitter, FilterPatternError, compile } from "./index.js";
import { Regex } from "./regex.js";

const PATTERN_CHARS = [...'{}[]()$.,=!<>&|?-%*"\\^+ :_#@/;abcXYZ019 \t', "IS", "NULL", "NOT", "EXISTS", "TRUE", "...", "&&", "||", "$.a", "é"];
const patternText = fc.array(fc.constantFrom(...PATTERN_CHARS), { maxLength: 40 }).map((parts) => parts.join(""));

/** Patterns built from the grammar's pieces, so that many of them are valid and get evaluated. */
const value = fc.oneof(fc.constantFrom("1", "-2.5", "1e3", "abc", "a*", "*b*", '"x y"', '"*"', "%a.c%", "%^[0-9]+$%", "10.0.*"), fc.integer().map(String));
const op = fc.constantFrom("=", "!=", "<", "<=", ">", ">=");
const selector = fc.constantFrom("$.a", "$.a.b", "$.a[0]", "$.b[1].c", "$.n");
const jsonLeaf = fc.oneof(
  fc.tuple(selector, op, value).map(([s, o, v]) => `${s} ${o} ${v}`),
  selector.map((s) => `${s} IS NULL`),
  selector.map((s) => `${s} NOT EXISTS`),
  selector.map((s) => `${s} IS TRUE`),
);
const jsonExpr = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonLeaf,
    fc.tuple(tie("expr"), fc.constantFrom("&&", "||"), tie("expr")).map(([a, o, b]) => `${a} ${o} ${b}`),
    tie("expr").map((e) => `(${e})`),
  ),
})).expr;
const jsonPattern = jsonExpr.map((e) => `{ ${e} }`);
const slot = fc.oneof(
  fc.constantFrom("a", "b", "...", ""),
  fc.tuple(fc.constantFrom("f", "g"), op, value).map(([n, o, v]) => `${n} ${o} ${v}`),
  fc.tuple(fc.constantFrom("h"), op, value, fc.constantFrom("&&", "||"), op, value).map(([n, o1, v1, j, o2, v2]) => `${n}${o1}${v1} ${j} ${n}${o2}${v2}`),
);
const spacePattern = fc.array(slot, { minLength: 1, maxLength: 6 }).map((slots) => `[${slots.join(", ")}]`);
const termPattern = fc.array(fc.constantFrom("ERROR", "?WARN", "-INFO", '"a b"', "?x", "y"), { maxLength: 5 }).map((t) => t.join(" "));

const message = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{"a": {"b": 1}, "n": 5, "b": [0, {"c": "x"}]}',
    '{"a": [1e3, "10.0.1.2"], "n": null}',
    '{"a": true}',
    "1 2 3",
    'a "b c" [d e] 10.0.1.2 -2.5',
  ),
  fc.json({ maxDepth: 3 }),
  fc.array(fc.constantFrom("ERROR", "WARN", "x", "1e3", '"a b"', "[c d]", "10.0.0.1", "-"), { maxLength: 8 }).map((w) => w.join(" ")),
);

function compilesOrRefuses(pattern: string, messages: string[]): void {
  let matcher;
  try {
    matcher = compile(pattern);
  } catch (e) {
    if (!(e instanceof FilterPatternError)) throw e;
    assert.equal(e.code, "InvalidParameterException");
    return;
  }
  for (const m of messages) {
    const matched = matcher.matches(m);
    assert.equal(typeof matched, "boolean");
    assert.equal(matcher.match(m).matched, matched);
  }
}

describe("filter pattern properties", () => {
  for (const [name, patterns] of [
    ["random characters", patternText],
    ["JSON patterns", jsonPattern],
    ["space-delimited patterns", spacePattern],
    ["term patterns", termPattern],
  ] as const) {
    it(`${name} compile or throw FilterPatternError, and matchers answer`, () => {
      fc.assert(fc.property(patterns, fc.array(message, { maxLength: 4 }), compilesOrRefuses), { numRuns: 400 });
    });
  }

  it("a space-delimited matcher answers the same on a message split once (matchesFields, fieldIndex)", () => {
    const splitter = new FieldSplitter();
    const reference = fc.constantFrom("$a", "$b", "$f", "$g", "$h", "$1", "$2", "$3", "$7");
    fc.assert(
      fc.property(spacePattern, fc.array(message, { maxLength: 4 }), reference, (pattern, messages, ref) => {
        let matcher;
        try {
          matcher = compile(pattern);
        } catch {
          return;
        }
        for (const m of messages) {
          splitter.split(m);
          const matched = matcher.matches(m);
          assert.equal(matcher.matchesFields?.(splitter), matched, `${pattern} on ${JSON.stringify(m)}`);
          if (!matched) continue;
          let expected: string | undefined;
          try {
            expected = matcher.valueOf(m, ref);
          } catch (e) {
            assert.throws(() => matcher.fieldIndex?.(splitter, ref), { message: (e as Error).message });
            continue;
          }
          const f = matcher.fieldIndex?.(splitter, ref) as number;
          assert.equal(f < 0 ? undefined : m.slice(splitter.starts[f], splitter.ends[f]), expected);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a regex we accept finds the same matches as JavaScript's engine on short ASCII text", () => {
    const atom = fc.constantFrom("a", "b", ".", "[ab]", "[^a]", "\\d", "\\w", "\\s", "\\.", "[a-c0-9_]", "-", ":");
    const quant = fc.constantFrom("", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?");
    const piece = fc.tuple(atom, quant).map(([a, q]) => a + q);
    const alt = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(""));
    const source = fc
      .tuple(fc.boolean(), fc.array(alt, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([bol, alts, eol]) => alts.map((a, i) => (bol && i === 0 ? "^" : "") + a + (eol && i === alts.length - 1 ? "$" : "")).join("|"));
    const text = fc.array(fc.constantFrom("a", "b", "c", "1", " ", ".", "_", "-", ":", "\t"), { maxLength: 12 }).map((c) => c.join(""));
    fc.assert(
      fc.property(source, text, (src, t) => {
        const ours = new Regex(src).test(t);
        assert.equal(ours, new RegExp(src).test(t), `%${src}% on ${JSON.stringify(t)}`);
      }),
      { numRuns: 1500 },
    );
  });

  it("regexes that backtrack catastrophically elsewhere stay linear here", () => {
    const evil = new Regex("a*a*a*a*a*a*a*a*a*a*b");
    const started = process.hrtime.bigint();
    assert.equal(evil.test("a".repeat(20_000)), false);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});
