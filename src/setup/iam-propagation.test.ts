import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { afterIamChange, isRoleNotYetUsable } from "./iam-propagation.js";

const refusal = () => Object.assign(new Error("Unable to assume given IAM role: 'arn:aws:iam::123456789012:role/r'"), { name: "InvalidParameter" });

describe("afterIamChange", () => {
  test("the refusal thrown or in CreateFlowLogs' Unsuccessful list is recognised; other errors are not", () => {
    assert.equal(isRoleNotYetUsable("InvalidParameter", "Unable to assume given IAM role: 'arn:aws:iam::1:role/r'"), true);
    assert.equal(isRoleNotYetUsable("400", "Unable to assume given IAM role: 'arn:aws:iam::1:role/r'"), true);
    assert.equal(isRoleNotYetUsable("InvalidParameter", "LogGroupName is invalid"), false);
    assert.equal(isRoleNotYetUsable("AccessDenied", "Unable to assume given IAM role"), false);
  });

  test("retried with 2, 4, 8 s... within the budget; another error at once", async () => {
    const slept: number[] = [];
    let calls = 0;
    const lines: string[] = [];
    const answer = await afterIamChange(
      async () => (++calls < 4 ? Promise.reject(refusal()) : "ok"),
      { totalMs: 60_000, sleep: async (ms) => void slept.push(ms) },
      (l) => lines.push(l),
    );
    assert.deepEqual([answer, slept, lines.length], ["ok", [2_000, 4_000, 8_000], 3]);
    await assert.rejects(
      afterIamChange(
        () => Promise.reject(new Error("other")),
        { totalMs: 60_000, sleep: async (ms) => void slept.push(ms) },
        () => undefined,
      ),
      /other/,
    );
    assert.equal(slept.length, 3);
  });

  test("a budget of 5 s: 2 s, then the 3 s left, then the refusal", async () => {
    const slept: number[] = [];
    await assert.rejects(
      afterIamChange(
        () => Promise.reject(refusal()),
        { totalMs: 5_000, sleep: async (ms) => void slept.push(ms) },
        () => undefined,
      ),
      { name: "InvalidParameter" },
    );
    assert.deepEqual(slept, [2_000, 3_000]);
  });
});
