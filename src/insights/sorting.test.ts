/** `sort` in AWS's documented order: the case table of test/insights/sort-cases.ts through every path of the engine that orders rows. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InsightsEvent } from "./fields.js";
import { runQuerySync } from "./index.js";
import { DOCUMENTED_ORDER, FLOW_VALUE_ORDER, type SortEntry } from "../../test/insights/sort-cases.js";
import { compareNatural } from "./natural-order.js";

const T0 = Date.UTC(2024, 0, 1);

/** The values as messages, in a given order of arrival. */
const eventsOf = (values: readonly string[]): InsightsEvent[] =>
  values.map((message, i) => ({ timestamp: T0 + i * 1000, ingestionTime: T0 + i * 1000, message, logStream: "s", log: "000000000000:g" }));

/** Arrival orders: the list itself, reversed, and a few fixed shuffles (no order of arrival may show through). */
function arrivals(values: readonly string[]): string[][] {
  const out = [values.slice(), values.slice().reverse()];
  for (const seed of [7, 1234, 99991]) {
    const a = values.slice();
    let s = seed;
    for (let i = a.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [a[i], a[j]] = [a[j] as string, a[i] as string];
    }
    out.push(a);
  }
  return out;
}

const column = (results: { field: string; value: string }[][], field: string) => results.map((r) => r.find((f) => f.field === field)?.value);

for (const [title, table] of [
  ["the sort page's example list", DOCUMENTED_ORDER],
  ["flow log values by the page's rules", FLOW_VALUE_ORDER],
] as const) {
  describe(`sort: ${title}`, () => {
    const order = (table as readonly SortEntry[]).map((e) => e.value);
    const reversed = order.slice().reverse();
    const queries: [string, string, string[]][] = [
      ["sort of events, asc", "fields @message | sort @message asc", order],
      ["sort of events, desc (the page: 'the reverse')", "fields @message | sort @message desc", reversed],
      ["sort of events by default direction", "fields @message | sort @message", order],
      ["top-k of events, asc", "fields @message | sort @message asc | limit 1000", order],
      ["top-k of events, desc", "fields @message | sort @message desc | limit 1000", reversed],
      ["top 3 of events", "fields @message | sort @message | limit 3", order.slice(0, 3)],
      ["sort after stats, asc", "stats count(*) as n by @message | sort @message asc", order],
      ["sort after stats, desc", "stats count(*) as n by @message | sort @message desc", reversed],
      ["top-k after stats", "stats count(*) as n by @message | sort @message desc | limit 4", reversed.slice(0, 4)],
      ["second key after an equal first", "stats count(*) as n by @message | sort n, @message desc", reversed],
    ];
    for (const [name, query, expected] of queries) {
      it(name, () => {
        for (const values of arrivals(order)) {
          const { results } = runQuerySync(query, eventsOf(values));
          assert.deepEqual(column(results, "@message"), expected, `arrival order ${JSON.stringify(values)}`);
        }
      });
    }
    it("sortsFirst and sortsLast take the ends of that order", () => {
      for (const values of arrivals(order)) {
        const { results } = runQuerySync("stats sortsFirst(@message) as lo, sortsLast(@message) as hi", eventsOf(values));
        assert.deepEqual(results, [
          [
            { field: "lo", value: order[0] },
            { field: "hi", value: order[order.length - 1] },
          ],
        ]);
      }
    });
  });
}

describe("sort: rules beyond the example list", () => {
  const sorted = (values: readonly string[], query = "fields @message | sort @message") => column(runQuerySync(query, eventsOf(values)).results, "@message");

  it("a non-numeric chunk that is a prefix of another sorts first, whatever follows it", () => {
    // Chunk by chunk, 'a' (then '5') is a prefix of 'a!': plain code-point order would put 'a!' first.
    assert.deepEqual(sorted(["a!", "a5"]), ["a5", "a!"]);
    assert.deepEqual(sorted(["a\u0000!", "a5"]), ["a5", "a\u0000!"]);
  });

  it("leading zeros count in a numeric chunk's length", () => {
    assert.deepEqual(sorted(["x007", "x10", "x9"]), ["x9", "x10", "x007"]);
  });

  it("numbers and numeric strings together, by value; absent values last in both directions", () => {
    const events = [...eventsOf(["10", "9", "-1", "2.5", "1e1", "b"]), { timestamp: T0, ingestionTime: T0, message: '{"x":1}', logStream: "s", log: "g" }];
    const asc = column(runQuerySync("fields @message as m, strlen(@message) as len | filter len < 7 | sort m", events).results, "m");
    assert.deepEqual(asc, ["b", "-1", "2.5", "9", "10", "1e1"]);
    const withAbsent = runQuerySync("fields x | sort x desc", events).results.map((r) => r.find((f) => f.field === "x")?.value ?? null);
    assert.equal(withAbsent[withAbsent.length - 1], null);
    assert.equal(withAbsent[0], "1");
  });
});

/**
 * A second, independent statement of the page's rules: text rewritten so that plain code-unit order is
 * the run order (a digit run becomes '0', its length in two code units, the digits; a non-digit run before
 * a digit run ends in U+0000 U+0000; a U+0000 of the text becomes U+0000 U+0001).
 */
function oracleKey(s: string): string {
  let key = "";
  for (const [run] of s.matchAll(/[0-9]+|[^0-9]+/g)) {
    if (/^[0-9]/.test(run)) key += `0${String.fromCharCode(run.length >>> 16, run.length & 0xffff)}${run}`;
    else key += `${run.replaceAll("\u0000", "\u0000\u0001")}\u0000\u0000`;
  }
  return key;
}

describe("compareNatural against an independent statement of the rules", () => {
  it("agrees on the page's list and on random texts of digits, punctuation, letters, U+0000 and surrogates", () => {
    const alphabet = ["0", "1", "9", "00", "a", "A", "z", "!", "~", "@", "_", ".", "-", "\u0000", "\u0001", "\ud83d\ude00", "\uffff", "é"];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const texts = DOCUMENTED_ORDER.map((e) => e.value).filter((v) => !/^[0-9]+$/.test(v));
    for (let i = 0; i < 400; i++) {
      let t = "";
      const length = next() % 7;
      for (let k = 0; k < length; k++) t += alphabet[next() % alphabet.length];
      texts.push(t);
    }
    const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);
    let compared = 0;
    for (const a of texts) {
      for (const b of texts) {
        const ka = oracleKey(a);
        const kb = oracleKey(b);
        const expected = ka < kb ? -1 : ka > kb ? 1 : 0;
        assert.equal(sign(compareNatural(a, b)), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        compared++;
      }
    }
    assert.ok(compared > 100_000);
  });
});
