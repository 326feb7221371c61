/** Delivery broken: a FAILED flow log, silence longer than two aggregation intervals, once per episode. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileQuery } from "../../insights/index.js";
import { type DeliveryHealth, DetectionEngine, defaultDetectionConfig } from "./engine.js";

const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);
const MINUTE = 60_000;

/** An engine whose wall clock the test moves. */
function engine() {
  const clock = { now: T0 };
  return { clock, engine: new DetectionEngine(defaultDetectionConfig, "MyVpc22-Log", () => clock.now) };
}
const flowLog = (status: string, interval = 600, message?: string): DeliveryHealth["flowLogs"][number] => ({
  FlowLogId: "fl-0123",
  DeliverLogsStatus: status,
  MaxAggregationInterval: interval,
  ...(message ? { DeliverLogsErrorMessage: message } : {}),
});

test("a FAILED flow log fires once with its error message, and again after a recovery", () => {
  const { clock, engine: e } = engine();
  const failed = e.checkDelivery({ flowLogs: [flowLog("FAILED", 600, "Access error")], lastEventTime: T0 });
  assert.deepEqual(
    failed.map((a) => [a.rule, a.who]),
    [["delivery-broken", "fl-0123"]],
  );
  assert.match(failed[0]?.what ?? "", /FAILED \(Access error\)/);
  assert.doesNotThrow(() => compileQuery(failed[0]?.query ?? ""));
  clock.now += MINUTE;
  assert.deepEqual(e.checkDelivery({ flowLogs: [flowLog("FAILED", 600, "Access error")], lastEventTime: T0 }), [], "same episode");
  clock.now += MINUTE;
  assert.deepEqual(e.checkDelivery({ flowLogs: [flowLog("SUCCESS")], lastEventTime: clock.now }), []);
  clock.now += MINUTE;
  assert.equal(e.checkDelivery({ flowLogs: [flowLog("FAILED", 600, "Rate limited")], lastEventTime: clock.now - MINUTE }).length, 1);
});

test("silence longer than two aggregation intervals fires once; an event ends the episode; a new silence fires again", () => {
  const { clock, engine: e } = engine();
  const check = (lastEventTime: number, interval = 60) => e.checkDelivery({ flowLogs: [flowLog("SUCCESS", interval)], lastEventTime });
  assert.deepEqual(check(T0), []);
  clock.now = T0 + 2 * MINUTE;
  assert.deepEqual(check(T0), [], "two intervals exactly is not more than two");
  clock.now = T0 + 2 * MINUTE + 5000;
  const silent = check(T0);
  assert.deepEqual(
    silent.map((a) => [a.rule, a.who]),
    [["delivery-broken", "MyVpc22-Log"]],
  );
  assert.match(silent[0]?.what ?? "", /no event has reached MyVpc22-Log since .*: 125 s, more than 2 aggregation intervals of 60 s/);
  clock.now += 10 * MINUTE;
  assert.deepEqual(check(T0), [], "the same silence");
  const back = clock.now;
  assert.deepEqual(check(back), [], "an event arrived");
  clock.now = back + 3 * MINUTE;
  assert.equal(check(back).length, 1, "a new episode");
});

test("silence is measured against the largest interval, 600 s when DescribeFlowLogs gives none", () => {
  const { clock, engine: e } = engine();
  e.checkDelivery({ flowLogs: [{ FlowLogId: "fl-1", DeliverLogsStatus: "SUCCESS" }], lastEventTime: T0 });
  clock.now = T0 + 15 * MINUTE;
  assert.deepEqual(e.checkDelivery({ flowLogs: [{ FlowLogId: "fl-1", DeliverLogsStatus: "SUCCESS" }, flowLog("SUCCESS", 60)], lastEventTime: T0 }), []);
  clock.now = T0 + 21 * MINUTE;
  assert.equal(e.checkDelivery({ flowLogs: [{ FlowLogId: "fl-1", DeliverLogsStatus: "SUCCESS" }], lastEventTime: T0 }).length, 1);
});

test("no event at all: silence counts from the first check", () => {
  const { clock, engine: e } = engine();
  assert.deepEqual(e.checkDelivery({ flowLogs: [flowLog("SUCCESS", 60)] }), []);
  clock.now = T0 + 3 * MINUTE;
  assert.match(e.checkDelivery({ flowLogs: [flowLog("SUCCESS", 60)] })[0]?.what ?? "", /since watching began/);
});

test("a FAILED flow log explains the silence: one alert, not two", () => {
  const { clock, engine: e } = engine();
  assert.equal(e.checkDelivery({ flowLogs: [flowLog("FAILED", 60, "Access error")], lastEventTime: T0 }).length, 1);
  clock.now = T0 + 10 * MINUTE;
  assert.deepEqual(e.checkDelivery({ flowLogs: [flowLog("FAILED", 60, "Access error")], lastEventTime: T0 }), []);
});
