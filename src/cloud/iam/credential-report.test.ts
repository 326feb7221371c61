/** The credential report's four hours: kept, then expired for Get and built again by Generate (ManualClock, no sleeping). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { newIam } from "../../../test/support/iam-harness.js";

test("a report expires after four hours and the next GenerateCredentialReport builds a new one", () => {
  const { call, fails, clock } = newIam();
  fails("GetCredentialReport", {}, "ReportNotPresent", "Credential report not present");
  assert.equal(call("GenerateCredentialReport", {}).State, "STARTED");
  const first = call("GetCredentialReport", {});
  assert.equal(first.GeneratedTime.getTime(), clock.now());
  call("CreateUser", { UserName: "later" });
  clock.advance(4 * 3600 * 1000 - 1);
  // Still the first report: a user made since is not in it until a new one is generated.
  assert.equal(call("GenerateCredentialReport", {}).State, "COMPLETE");
  assert.doesNotMatch(Buffer.from(call("GetCredentialReport", {}).Content).toString(), /^later,/m);
  clock.advance(1);
  fails("GetCredentialReport", {}, "ReportExpired");
  assert.equal(call("GenerateCredentialReport", {}).State, "STARTED");
  assert.match(
    Buffer.from(call("GetCredentialReport", {}).Content).toString(),
    /^later,arn:aws:iam::123456789012:user\/later,2026-01-01T00:00:00\+00:00,false,/m,
  );
});
