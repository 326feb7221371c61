/** doctor's flow-log links: the flow log feeding the group exists, is ACTIVE, and its last delivery did not fail. */
import type { FlowLog } from "@aws-sdk/client-ec2";
import type { Check } from "../check.js";
import { SETUP_FIX } from "./fixes.js";

const skipped = (id: "flow-log-status" | "delivery", title: string, because: string): Check => ({
  id,
  title,
  status: "skip",
  detail: `not checked: ${because}`,
});

/**
 * `feeding`: every flow log of the VPC delivering to the group; `flowLog`: the one judged. `accessRefused`:
 * the last delivery failed with "Access error", which the role's recent IAM changes may explain (recent-iam.ts).
 */
export function flowLogLinks(
  flowLog: FlowLog | undefined,
  feeding: FlowLog[],
  vpcId: string,
  logGroupName: string,
): { checks: Check[]; accessRefused: boolean } {
  if (flowLog === undefined) {
    return {
      checks: [
        { id: "flow-log", title: "flow log", status: "fail", detail: `no flow log on ${vpcId} delivers to ${logGroupName}`, fix: SETUP_FIX },
        skipped("flow-log-status", "flow log status", "no flow log"),
        skipped("delivery", "delivery", "no flow log"),
      ],
      accessRefused: false,
    };
  }
  const others = feeding.length > 1 ? ` (1 of ${feeding.length} flow logs of ${vpcId} delivering to it: ${feeding.map((f) => f.FlowLogId).join(", ")})` : "";
  const active = flowLog.FlowLogStatus === "ACTIVE";
  const status = flowLog.DeliverLogsStatus ?? "unknown";
  const failed = status === "FAILED";
  return {
    checks: [
      {
        id: "flow-log",
        title: "flow log",
        status: "ok",
        detail: `${flowLog.FlowLogId}: ${flowLog.TrafficType} traffic to ${flowLog.LogGroupName} every ${flowLog.MaxAggregationInterval} s${others}`,
      },
      {
        id: "flow-log-status",
        title: "flow log status",
        status: active ? "ok" : "fail",
        detail: flowLog.FlowLogStatus ?? "unknown",
        ...(active ? {} : { fix: "delete the flow log and run flowwatch setup" }),
      },
      {
        id: "delivery",
        title: "delivery",
        status: failed ? "fail" : "ok",
        detail: failed ? `FAILED: ${flowLog.DeliverLogsErrorMessage ?? "no message"} (the last delivery; the next window retries)` : status,
        ...(failed
          ? {
              fix:
                flowLog.DeliverLogsErrorMessage === "Rate limited"
                  ? "fewer flow log records (a narrower traffic type) or a higher CloudWatch Logs quota"
                  : "the role's trust policy or permissions: see the checks below",
            }
          : {}),
      },
    ],
    accessRefused: failed && flowLog.DeliverLogsErrorMessage === "Access error",
  };
}
