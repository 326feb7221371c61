/** flowLogLinks: a missing flow log fails and skips its two dependents; a FAILED delivery names its fix; Access error is flagged. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FlowLog } from "@aws-sdk/client-ec2";
import { flowLogLinks } from "./flow-log.js";

const base: FlowLog = {
  FlowLogId: "fl-1",
  TrafficType: "ALL",
  LogGroupName: "G",
  MaxAggregationInterval: 60,
  FlowLogStatus: "ACTIVE",
  DeliverLogsStatus: "SUCCESS",
};

test("no flow log: flow-log fails, status and delivery skipped", () => {
  const { checks, accessRefused } = flowLogLinks(undefined, [], "vpc-1", "G");
  assert.deepEqual(
    checks.map((c) => [c.id, c.status]),
    [
      ["flow-log", "fail"],
      ["flow-log-status", "skip"],
      ["delivery", "skip"],
    ],
  );
  assert.equal(checks[0]?.detail, "no flow log on vpc-1 delivers to G");
  assert.equal(accessRefused, false);
});

test("an ACTIVE flow log delivering: three oks, the others feeding the group named", () => {
  const { checks } = flowLogLinks(base, [base, { ...base, FlowLogId: "fl-2" }], "vpc-1", "G");
  assert.deepEqual(
    checks.map((c) => c.status),
    ["ok", "ok", "ok"],
  );
  assert.equal(checks[0]?.detail, "fl-1: ALL traffic to G every 60 s (1 of 2 flow logs of vpc-1 delivering to it: fl-1, fl-2)");
});

test("a refused delivery fails, is flagged for the propagation rule; a rate-limited one is not", () => {
  const refused = flowLogLinks({ ...base, DeliverLogsStatus: "FAILED", DeliverLogsErrorMessage: "Access error" }, [], "vpc-1", "G");
  assert.equal(refused.accessRefused, true);
  assert.equal(refused.checks[2]?.status, "fail");
  assert.equal(refused.checks[2]?.fix, "the role's trust policy or permissions: see the checks below");
  const limited = flowLogLinks({ ...base, FlowLogStatus: "DELETING", DeliverLogsStatus: "FAILED", DeliverLogsErrorMessage: "Rate limited" }, [], "vpc-1", "G");
  assert.equal(limited.accessRefused, false);
  assert.equal(limited.checks[1]?.status, "fail");
  assert.match(limited.checks[2]?.fix ?? "", /higher CloudWatch Logs quota/);
});
