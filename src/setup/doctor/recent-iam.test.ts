import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Check } from "./check.js";
import { asPropagation, PROPAGATION_WINDOW_MS } from "./recent-iam.js";

const refused: Check = {
  id: "delivery",
  title: "delivery",
  status: "fail",
  detail: "FAILED: Access error (the last delivery; the next window retries)",
  fix: "the role's trust policy or permissions: see the checks below",
};
const created = new Date("2026-12-07T12:00:00Z");
const change = { what: "role my-flowlog-role created", at: created };
const at = (seconds: number) => created.getTime() + seconds * 1000;

describe("doctor: just created against broken", () => {
  test("a refusal 42 s after the role was created is pending, says its age and how to go on, and offers no fix", () => {
    const check = asPropagation(refused, change, at(42));
    assert.equal(check.status, "pending");
    assert.equal(check.fix, undefined);
    assert.match(check.detail, /Access error.*; probably IAM propagation: role my-flowlog-role created 42 s ago; run doctor again in a minute$/);
  });

  test("at the window's edge still pending; a second later broken, with the fix kept", () => {
    assert.equal(asPropagation(refused, change, created.getTime() + PROPAGATION_WINDOW_MS).status, "pending");
    assert.deepEqual(asPropagation(refused, change, created.getTime() + PROPAGATION_WINDOW_MS + 1000), refused);
  });

  test("no visible change, a change dated far ahead of the clock, or a check that is not failing: unchanged", () => {
    assert.deepEqual(asPropagation(refused, undefined, at(1)), refused);
    assert.deepEqual(asPropagation(refused, change, at(-3600)), refused);
    const ok: Check = { ...refused, status: "ok", detail: "SUCCESS" };
    assert.deepEqual(asPropagation(ok, change, at(1)), ok);
  });

  test("a clock a little behind AWS's reads as 0 s ago", () => {
    assert.match(asPropagation(refused, change, at(-5)).detail, /created 0 s ago/);
  });
});
