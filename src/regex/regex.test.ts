/** The engine's syntax, refusals, semantics and captures, and the bounds that keep matching linear. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PROGRAM, Regex, RegexError, escapeRegex } from "./index.js";

const test = (src: string, text: string): boolean => new Regex(src).test(text);
const groups = (src: string, text: string) => new Regex(src).exec(text)?.groups ?? null;

function refused(src: string, kind: RegexError["kind"], position: number, message?: RegExp): void {
  assert.throws(
    () => new Regex(src),
    (e: unknown) => {
      const name = src.slice(0, 40);
      assert.ok(e instanceof RegexError, `${name}: ${String(e)}`);
      assert.equal(e.kind, kind, `${name}: ${e.message}`);
      assert.equal(e.position, position, `${name}: ${e.message.slice(0, 80)}`);
      if (message) assert.match(e.message, message);
      return true;
    },
  );
}

describe("Regex syntax", () => {
  it("searches anywhere unless anchored", () => {
    assert.equal(test("b", "abc"), true);
    assert.equal(test("^b", "abc"), false);
    assert.equal(test("c$", "abc"), true);
    assert.equal(test("^$", ""), true);
    assert.equal(test("\\Aab\\z", "ab"), true);
  });
  it("classes, shorthands, escapes and counted repetition", () => {
    assert.equal(test("^[a-c]+$", "abcab"), true);
    assert.equal(test("[^a-c]", "abc"), false);
    assert.equal(test("^\\d{1,3}(\\.\\d{1,3}){3}$", "10.0.1.255"), true);
    assert.equal(test("^\\w+@\\w+$", "bob@example"), true);
    assert.equal(test("\\s", "a\tb"), true);
    assert.equal(test("[[:alpha:]]+[[:digit:]]", "ab1"), true);
    assert.equal(test("[]a]", "]"), true);
    assert.equal(test("\\x41\\x{42}\\u0043", "ABC"), true);
    assert.equal(test("a{,2}", "a{,2}"), true);
    assert.equal(test("a{x}", "a{x}"), true);
    assert.equal(test("^x{2,}$", "xxxx"), true);
    assert.equal(test("^x{2}$", "xxx"), false);
  });
  it("word boundaries, multi-line anchors and dot-all", () => {
    assert.equal(test("\\bfoo\\b", "a foo."), true);
    assert.equal(test("\\bfoo\\b", "afoo"), false);
    assert.equal(test("\\Boo\\B", "afoob"), true);
    assert.equal(test("^b$", "a\nb\nc"), false);
    assert.equal(test("(?m)^b$", "a\nb\nc"), true);
    assert.equal(test("a.b", "a\nb"), false);
    assert.equal(test("(?s)a.b", "a\nb"), true);
    assert.equal(test("a.b", "a\rb"), true);
  });
  it("case-insensitive flags, for the whole pattern or a group", () => {
    assert.equal(test("(?i)exception", "Some EXCEPTION here"), true);
    assert.equal(test("(?i:ab)c", "ABc"), true);
    assert.equal(test("(?i:ab)c", "ABC"), false);
    assert.equal(test("(?i)[^a]", "A"), false);
    assert.equal(test("(?i)[a-c]+$", "xBCa"), true);
  });
  it("a surrogate pair is one character", () => {
    assert.equal(test("^.$", "😀"), true);
    assert.equal(test("^[😀-😂]$", "😁"), true);
    assert.equal(test("^\\W$", "é"), true);
    assert.deepEqual(groups("(.)(😀+)\\b", "é😀a😀😀 x"), ["é😀", "é", "😀"]);
    assert.deepEqual(groups("(.)(😀+) ", "é😀a😀😀 x"), ["a😀😀 ", "a", "😀😀"]);
    assert.deepEqual(groups("😀(.)$", "x😀😀"), ["😀😀", "😀"]);
  });
  it("refuses backreferences, lookaround and the rest with a position", () => {
    refused("(a)\\1", "unsupported", 3, /backreference/);
    refused("(?<n>a)\\k<n>", "unsupported", 7, /backreference/);
    refused("x(?=a)", "unsupported", 1, /lookaround/);
    refused("x(?!a)", "unsupported", 1, /lookaround/);
    refused("x(?<=a)", "unsupported", 1, /lookaround/);
    refused("x(?<!a)", "unsupported", 1, /lookaround/);
    refused("(?>a)", "unsupported", 0, /atomic/);
    refused("a++", "unsupported", 2, /possessive/);
    refused("\\p{L}", "unsupported", 0);
    refused("(?x)a", "unsupported", 0, /flag/);
    refused("ab(", "syntax", 2, /missing '\)'/);
    refused("ab)", "syntax", 2);
    refused("*a", "syntax", 0);
    refused("a**", "syntax", 2);
    refused("[a", "syntax", 0);
    refused("[z-a]", "syntax", 1);
    refused("a\\", "syntax", 1);
    refused("(?<1a>x)", "syntax", 0);
    refused("(?<a>x)(?<a>y)", "syntax", 7, /duplicate/);
  });
  it("caps counts at 1000, nesting at 1000 and the program's size", () => {
    refused("a{1001}", "limit", 1);
    refused("a{2,1001}", "limit", 1);
    assert.equal(new Regex("^a{1000}$").test("a".repeat(1000)), true);
    refused("(".repeat(1100) + ")".repeat(1100), "limit", 1000);
    refused("(a{1000}){11}", "limit", 0, new RegExp(`larger than ${MAX_PROGRAM}`));
    assert.throws(() => new Regex("a{100}b", { maxProgram: 100 }), RegexError);
    refused("()".repeat(2000), "limit", 0, /capturing groups/);
    assert.equal(new Regex("(a)".repeat(200)).test("a".repeat(200)), true);
  });
});

describe("Regex matches", () => {
  it("leftmost-first, with Perl's priorities for alternation and quantifiers", () => {
    assert.deepEqual(groups("(a|ab)(c|bcd)(d*)", "abcd"), ["abcd", "a", "bcd", ""]);
    assert.deepEqual(groups("(a*)(a*)", "aaa"), ["aaa", "aaa", ""]);
    assert.deepEqual(groups("(a*?)(a*)", "aaa"), ["aaa", "", "aaa"]);
    assert.deepEqual(groups("a+?", "aaa"), ["a"]);
    assert.deepEqual(groups("x*", "aaa"), [""]);
    assert.deepEqual(groups("(a)|(b)", "b"), ["b", undefined, "b"]);
    assert.equal(groups("z", "abc"), null);
  });
  it("named groups, in order among unnamed ones", () => {
    const re = new Regex("^\\[(?<level>[A-Z]+)\\] (\\w+) (?P<rest>.*)$");
    assert.deepEqual(re.groupNames, ["level", undefined, "rest"]);
    assert.deepEqual(re.exec("[ERROR] disk is full")?.groups, ["[ERROR] disk is full", "ERROR", "disk", "is full"]);
  });
  it("matches within a slice, its ends anchoring ^, $ and \\b", () => {
    const re = new Regex("^b.$");
    assert.equal(re.test("abcd", 1, 3), true);
    assert.equal(re.test("abcd", 1, 4), false);
    assert.equal(new Regex("\\bc").test("abcd", 2, 4), true);
    const m = new Regex("c(d)").exec("abcdcd", 3);
    assert.deepEqual([m?.index, m?.end, m?.groups], [4, 6, ["cd", "d"]]);
  });
  it("a literal prefix skip finds matches after false starts", () => {
    assert.equal(test("abc\\d", "ab abc abcx abc7"), true);
    assert.equal(test("abc\\d", "ab abc abcx abc"), false);
    assert.equal(test("\\d\\d", "ab abc abc7x 9"), false);
    assert.deepEqual(groups("ab(c+)d", "abab abcc abccd"), ["abccd", "cc"]);
  });
  it("stays correct when the DFA's state cache overflows and is rebuilt", () => {
    // a[ab]{13}$ needs 2^14 DFA states, eight times the cache.
    const re = new Regex("a[ab]{13}$");
    let text = "";
    for (let i = 0; i < 40_000; i++) text += (i * 7919) % 3 === 0 ? "a" : "b";
    assert.equal(re.test(text + "b".repeat(14)), false);
    assert.equal(re.test(`${text}a${"b".repeat(13)}`), true);
    for (let cut = text.length - 40; cut < text.length; cut++) assert.equal(re.test(text, 0, cut), /a[ab]{13}$/.test(text.slice(0, cut)), `cut ${cut}`);
  });
  it("escapeRegex gives a pattern that matches exactly its text", () => {
    const text = "a.b*c(d)[e]{f}|g\\h^i$j/k?l+m\t\u0001é😀";
    assert.deepEqual(groups(`^${escapeRegex(text)}$`, text), [text]);
  });
});

describe("Regex bounds", () => {
  it("capture search takes at most two steps per instruction per character", () => {
    const re = new Regex("^(a|a)*$");
    const text = `${"a".repeat(5000)}!`;
    assert.equal(re.exec(text.slice(0, -1))?.groups[0], text.slice(0, -1));
    assert.equal(re.exec(text), null);
    const nested = new Regex("(x+x+)+y(?<n>z)?");
    const program = 20;
    for (const input of [`${"x".repeat(3000)}y`, `${"x".repeat(30_000)}y`]) {
      assert.equal(nested.exec(input)?.groups[0], input);
      assert.ok(nested.lastSteps > input.length && nested.lastSteps <= (input.length + 1) * program * 2, `${nested.lastSteps} steps`);
    }
  });
});
