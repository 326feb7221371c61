/** The dashboard's detections judge a backfilled batch at the records' own times, not at the time it is read. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FlowRecord } from "../flowlog/index.js";
import type { FlowView } from "./flow-view.js";
import { LiveDetections } from "./live-detections.js";

const T0 = Date.UTC(2026, 10, 27, 4, 0, 0);
const view = (timestamp: number, srcaddr: string, dstport: number, action = "REJECT"): FlowView => ({
  eventId: `${timestamp}-${dstport}`,
  timestamp,
  logStreamName: "eni-1-all",
  message: "",
  record: {} as FlowRecord,
  interfaceId: "eni-1",
  srcaddr,
  dstaddr: "10.0.1.5",
  srcport: 40000,
  dstport,
  protocol: "TCP",
  service: String(dstport),
  packets: 1,
  bytes: 44,
  action,
  logStatus: "OK",
  direction: "in",
});

test("a scan in an hours-old batch fires at its own time, once", () => {
  const scan = Array.from({ length: 30 }, (_, i) => view(T0 + i * 1000, "198.51.100.7", 1000 + i));
  const alerts = new LiveDetections().ingest(scan.reverse(), "MyVpc22-Log");
  assert.deepEqual(
    alerts.map((a) => [a.rule, a.who]),
    [["port-scan", "198.51.100.7"]],
  );
  // The 20th distinct port arrived 19 s into the scan: that is when the rule fired, whatever the wall clock says.
  assert.equal(alerts[0]?.when, new Date(T0 + 19_000).toISOString());
  assert.equal(alerts[0]?.logGroup, "MyVpc22-Log");
});

test("twenty ports over twenty minutes, read in one batch, is no scan", () => {
  const slow = Array.from({ length: 20 }, (_, i) => view(T0 + i * 60_000, "198.51.100.8", 2000 + i));
  assert.deepEqual(new LiveDetections().ingest(slow, "MyVpc22-Log"), []);
});

test("lines that are not records of the format are skipped; a late record does not turn the clock back", () => {
  const d = new LiveDetections();
  const raw = { ...view(T0, "-", 0), record: undefined } as FlowView;
  assert.deepEqual(d.ingest([raw], "g"), []);
  d.ingest([view(T0 + 600_000, "10.0.1.9", 443, "ACCEPT")], "g");
  // Delivered late: records 10 s older than the newest seen are judged at the newest time.
  const late = Array.from({ length: 20 }, (_, i) => view(T0 + 590_000, "198.51.100.9", 3000 + i));
  assert.deepEqual(
    d.ingest(late, "g").map((a) => a.when),
    [new Date(T0 + 600_000).toISOString()],
  );
});
