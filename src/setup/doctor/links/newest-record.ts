/** doctor's newest-record link: the group's newest record is no older than delivery's usual lag for the flow log's interval. */
import type { LogStream } from "@aws-sdk/client-cloudwatch-logs";
import type { Check } from "../check.js";

/** `interval`: the flow log's maximum aggregation interval in seconds; `now`: epoch milliseconds. */
export function newestRecordLink(streams: LogStream[], interval: number, now: number): Check {
  const newest = Math.max(0, ...streams.map((s) => s.lastEventTimestamp ?? s.lastIngestionTime ?? 0));
  // AWS delivers a window about five minutes after it closes, more for 600 s windows.
  const expectedLagMs = (2 * interval + 15 * 60) * 1000;
  if (newest === 0)
    return {
      id: "freshness",
      title: "newest record",
      status: "warn",
      detail: "no records yet",
      fix: "send traffic to an instance of the VPC and wait for the window to close",
    };
  const age = now - newest;
  const minutes = Math.round(age / 60_000);
  return {
    id: "freshness",
    title: "newest record",
    status: age <= expectedLagMs ? "ok" : "warn",
    detail: `${minutes} min old`,
    ...(age <= expectedLagMs ? {} : { fix: "no recent traffic, or delivery stopped: see delivery above" }),
  };
}
