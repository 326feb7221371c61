/**
 * Hostile regexes (issue 15, item 3): patterns that make a backtracking engine run for minutes must
 * finish at once. Each runs in a child process that is killed after KILL_MS, so on a backtracking
 * engine the test fails with a clear message instead of hanging the test run.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const KILL_MS = 30_000;
/** Far above what a linear engine needs (tens of milliseconds), far below a backtracking one (minutes). */
const BOUND_MS = 3_000;
const insights = fileURLToPath(new URL("./index.ts", import.meta.url));
const filterpattern = fileURLToPath(new URL("../filterpattern/index.ts", import.meta.url));

/** Runs `body` (which sets `result`) in a child; returns its result and the milliseconds the body took. */
function attack(body: string): { result: unknown; ms: number } {
  const script = `
    const { runQuerySync } = await import(${JSON.stringify(insights)});
    const { compile } = await import(${JSON.stringify(filterpattern)});
    const ev = (message) => [{ timestamp: 1, ingestionTime: 1, message, logStream: "s", log: "123456789012:g" }];
    const rows = (q, message) => runQuerySync(q, ev(message), { now: 2 }).results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));
    let result;
    const t0 = performance.now();
    ${body}
    const ms = performance.now() - t0;
    process.stdout.write(JSON.stringify({ result, ms }));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: KILL_MS,
    maxBuffer: 1 << 20,
  });
  assert.equal(child.signal, null, `still running after ${KILL_MS} ms (killed)`);
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { result: unknown; ms: number };
}

function bounded(ms: number): void {
  assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
}

describe("hostile regexes finish at once", () => {
  it("filter @message =~ /^(a|a)*$/ over a 32-byte event", () => {
    const { result, ms } = attack(`result = rows("filter @message =~ /^(a|a)*$/ | fields @message", "a".repeat(31) + "!");`);
    assert.deepEqual(result, []);
    bounded(ms);
  });

  it("filter @message like /(a+)+$/ over 10,000 'a's and a '!'", () => {
    const { result, ms } = attack(`result = rows("filter @message like /(a+)+$/ | fields @message", "a".repeat(10000) + "!");`);
    assert.deepEqual(result, []);
    bounded(ms);
  });

  it("parse @message /^(?<x>(a|a)*)$/ over a 32-byte event", () => {
    const { result, ms } = attack(`result = rows("parse @message /^(?<x>(a|a)*)$/ | filter ispresent(x) | display x", "a".repeat(31) + "!");`);
    assert.deepEqual(result, []);
    bounded(ms);
  });

  it("a parse glob with many stars over 5,000 characters", () => {
    const { result, ms } = attack(
      `result = rows('parse @message "*a*a*a*a*a*a*a*a*!" as p1, p2, p3, p4, p5, p6, p7, p8, p9 | filter ispresent(p1) | display p1', "a".repeat(5000));`,
    );
    assert.deepEqual(result, []);
    bounded(ms);
  });

  it("filter pattern %a{0,999}b% over a 1 MB event, with and without a match at its end", () => {
    const { result, ms } = attack(`const m = compile("%a{0,999}b%"); const big = "a".repeat(1 << 20); result = [m.matches(big), m.matches(big + "b")];`);
    assert.deepEqual(result, [false, true]);
    bounded(ms);
  });
});
