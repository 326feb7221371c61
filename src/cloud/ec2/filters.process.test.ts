/**
 * Hostile Describe* filter wildcards (issue 15, item 3): `*a*a*a*a*a*a*a*b` against a 255-character
 * tag value made a backtracking regex run for minutes. Run in a child killed after KILL_MS, so a
 * regression fails with a message instead of hanging the test run.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const KILL_MS = 30_000;
const filters = fileURLToPath(new URL("./filters.ts", import.meta.url));

describe("EC2 filter wildcards", () => {
  it("match in linear time, with the same answers", () => {
    const script = `
      const { applyFilters } = await import(${JSON.stringify(filters)});
      const items = [{ id: "x", tags: { Name: "a".repeat(255) } }, { id: "y", tags: { Name: "a".repeat(254) + "b" } }, { id: "z", tags: { Name: "a?b*c" } }];
      const ids = (value) => applyFilters(items, [{ Name: "tag:Name", Values: [value] }], {}).map((i) => i.id);
      const t0 = performance.now();
      const result = [ids("*a*a*a*a*a*a*a*b"), ids("a*"), ids("?*b"), ids("a\\\\?b\\\\*c"), ids("a?b*c"), ids("*\\n*")];
      process.stdout.write(JSON.stringify({ result, ms: performance.now() - t0 }));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: KILL_MS });
    assert.equal(child.signal, null, `still running after ${KILL_MS} ms (killed)`);
    assert.equal(child.status, 0, child.stderr);
    const { result, ms } = JSON.parse(child.stdout) as { result: string[][]; ms: number };
    assert.deepEqual(result, [["y"], ["x", "y", "z"], ["y"], ["z"], ["z"], []]);
    assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
  });
});
