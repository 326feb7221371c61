/** streamsLink: one stream per interface, named after the traffic type; missing ones listed (five at most). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { streamsLink } from "./streams.js";

const interfaces = Array.from({ length: 7 }, (_, i) => ({ NetworkInterfaceId: `eni-${i}` }));

test("every interface with its stream is ok", () => {
  const streams = interfaces.map((i) => ({ logStreamName: `${i.NetworkInterfaceId}-reject` }));
  assert.deepEqual(streamsLink(streams, interfaces, "REJECT"), { id: "streams", title: "log streams", status: "ok", detail: "one per interface (7)" });
});

test("streams of another traffic type do not count; the first five missing are named", () => {
  const check = streamsLink([{ logStreamName: "eni-0-all" }, { logStreamName: "eni-1-accept" }], interfaces, "ACCEPT");
  assert.equal(check.status, "warn");
  assert.equal(check.detail, "6 of 7 interfaces have no stream yet: eni-0-accept, eni-2-accept, eni-3-accept, eni-4-accept, eni-5-accept");
});
