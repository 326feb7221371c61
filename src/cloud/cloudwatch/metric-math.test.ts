import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluate, MathError, type MathValue, parseExpression, type Series } from "./metric-math.js";

const a: Series = { ts: [0, 60_000, 120_000], v: [1, 4, 10] };
const b: Series = { ts: [0, 60_000], v: [2, 2] };
const scope = {
  lookup: (id: string): MathValue | undefined => ({ a, b })[id],
  metrics: (filter: string) => [a, b].filter((_, i) => ["a", "b"][i]?.includes(filter)),
};
const run = (text: string) => evaluate(parseExpression(text), scope);

describe("metric math", () => {
  it("arithmetic between series and numbers, with precedence", () => {
    assert.deepEqual(run("a * 2 + 1"), { ts: [0, 60_000, 120_000], v: [3, 9, 21] });
    assert.deepEqual(run("-(a - 1) ^ 2"), { ts: [0, 60_000, 120_000], v: [-0, -9, -81] });
    assert.equal(run("2 + 3 * 4"), 14);
  });
  it("series with series: timestamps in both only; division by zero drops the point", () => {
    assert.deepEqual(run("a / b"), { ts: [0, 60_000], v: [0.5, 2] });
    assert.deepEqual(run("a / (b - 2)"), { ts: [], v: [] });
  });
  it("SUM over an array is a series; over one series, a number", () => {
    assert.deepEqual(run("SUM([a, b])"), { ts: [0, 60_000, 120_000], v: [3, 6, 10] });
    assert.deepEqual(run("SUM(METRICS())"), { ts: [0, 60_000, 120_000], v: [3, 6, 10] });
    assert.equal(run("SUM(a)"), 15);
    assert.equal(run("MAX(a)"), 10);
    assert.deepEqual(run('AVG(METRICS("b"))'), { ts: [0, 60_000], v: [2, 2] });
  });
  it("RATE: change per second", () => {
    assert.deepEqual(run("RATE(a)"), { ts: [60_000, 120_000], v: [3 / 60, 6 / 60] });
  });
  it("refuses functions it does not run, syntax errors and unknown ids", () => {
    assert.throws(
      () => run("ANOMALY_DETECTION_BAND(a)"),
      (e: unknown) => e instanceof MathError && /Unsupported function ANOMALY_DETECTION_BAND/.test(e.message),
    );
    assert.throws(() => run("a +"), MathError);
    assert.throws(() => run("a $ b"), MathError);
    assert.throws(() => run("zz"), /Unrecognized id zz/);
    assert.throws(() => run(`${"(".repeat(500)}a${")".repeat(500)}`), /too deeply/);
  });
});
