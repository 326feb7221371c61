/** roleLink: ok with the role, fail with its dependents skipped when missing, unknown throughout when unreadable. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { roleLink } from "./role.js";

const arn = "arn:aws:iam::123456789012:role/r";

test("a role found is one ok check; the trust and permission links are the caller's to add", () => {
  assert.deepEqual(roleLink({ arn, trust: {}, managed: true, attachedPolicyArns: [] }, arn, undefined), [
    { id: "role", title: "role", status: "ok", detail: arn },
  ]);
});

test("a missing role fails and skips trust-principal, trust-conditions and permissions", () => {
  const checks = roleLink(undefined, arn, undefined);
  assert.deepEqual(
    checks.map((c) => [c.id, c.status]),
    [
      ["role", "fail"],
      ["trust-principal", "skip"],
      ["trust-conditions", "skip"],
      ["permissions", "skip"],
    ],
  );
  assert.equal(checks[0]?.detail, `${arn} does not exist`);
});

test("an unreadable role is unknown, never ok nor fail, and so are its dependents", () => {
  const checks = roleLink(undefined, arn, "AccessDenied: no");
  assert.deepEqual(
    checks.map((c) => c.status),
    ["unknown", "unknown", "unknown", "unknown"],
  );
  assert.match(checks[0]?.detail ?? "", /\(AccessDenied: no\)$/);
});
