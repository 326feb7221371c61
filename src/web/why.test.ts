/** "Why?" picks the record to explain: a held one by id, an alert's newest REJECT in its span; refusals in words. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FlowView } from "../monitor/flow-view.js";
import { recordFor, WhyRefusal, whyRequestOf } from "./why.js";

const T = Date.UTC(2026, 11, 8, 2, 0, 0);
const view = (id: string, over: Partial<FlowView>): FlowView => ({
  record: { version: 2 },
  eventId: id,
  timestamp: T,
  logStreamName: "eni-1-all",
  message: id,
  interfaceId: "eni-1",
  srcaddr: "203.0.113.9",
  dstaddr: "10.0.1.5",
  srcport: 51234,
  dstport: 22,
  protocol: "TCP",
  service: "22/ssh",
  packets: 1,
  bytes: 60,
  action: "REJECT",
  logStatus: "OK",
  direction: "in",
  ...over,
});
const held = [
  view("old", { timestamp: T - 3_600_000 }),
  view("in-span", { timestamp: T }),
  view("accepted-later", { timestamp: T + 1000, action: "ACCEPT" }),
  view("other", { timestamp: T + 2000, srcaddr: "198.51.100.1" }),
];

test("a held record by its id", () => {
  assert.equal(recordFor(held, { id: "other" }).eventId, "other");
  assert.throws(
    () => recordFor(held, { id: "gone" }),
    (e: unknown) => e instanceof WhyRefusal && e.status === 404 && /no longer held/.test(e.message),
  );
});

test("an alert: its address's newest REJECT within its span, else its newest REJECT at all", () => {
  const span = { who: "203.0.113.9", from: new Date(T - 60_000).toISOString(), to: new Date(T + 60_000).toISOString() };
  assert.equal(recordFor(held, span).eventId, "in-span");
  const before = { who: "203.0.113.9", from: new Date(T - 7_200_000).toISOString(), to: new Date(T - 7_000_000).toISOString() };
  assert.equal(recordFor(held, before).eventId, "in-span");
  assert.equal(recordFor(held, { who: "10.0.1.5" }).eventId, "other", "the address as the destination counts too");
  assert.throws(
    () => recordFor(held, { who: "192.0.2.1" }),
    (e: unknown) => e instanceof WhyRefusal && e.status === 404 && /no record of 192\.0\.2\.1/.test(e.message),
  );
  const accepted = [
    view("a1", { action: "ACCEPT", dstaddr: "198.51.100.200", timestamp: T - 5000 }),
    view("a2", { action: "ACCEPT", dstaddr: "198.51.100.200" }),
  ];
  assert.equal(recordFor(accepted, { who: "198.51.100.200" }).eventId, "a2", "no REJECT: the newest record, to say what allowed it");
});

test("request bodies: {id} or {who, from, to}, anything else 400", () => {
  assert.deepEqual(whyRequestOf({ id: "e1" }), { id: "e1" });
  assert.deepEqual(whyRequestOf({ who: "203.0.113.9", to: "2026-12-08T02:00:00Z" }), { who: "203.0.113.9", to: "2026-12-08T02:00:00Z" });
  for (const bad of [null, [], "x", {}, { id: 5 }, { who: "a", from: "yesterday" }]) {
    assert.throws(
      () => whyRequestOf(bad),
      (e: unknown) => e instanceof WhyRefusal && e.status === 400,
      JSON.stringify(bad),
    );
  }
});
