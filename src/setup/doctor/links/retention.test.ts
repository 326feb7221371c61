/** retentionLink: a retention is ok, none (never expires) a warning with the fix. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { retentionLink } from "./retention.js";

test("30 days is ok; no retention warns and suggests --retention-days 30", () => {
  assert.deepEqual(retentionLink(30), { id: "retention", title: "retention", status: "ok", detail: "30 days" });
  const never = retentionLink(undefined);
  assert.equal(never.status, "warn");
  assert.equal(never.fix, "flowwatch setup (or doctor --fix) --retention-days 30");
});
