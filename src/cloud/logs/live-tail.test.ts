/**
 * A live tail session in process, its response replaced by a sink that stops accepting: a client slower than the
 * updates gets at most 10 of them held, the oldest dropped, and the newest sent when it reads again.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeMessage, type EventSink, EventStreamReply } from "../protocol/event-stream.js";
import { newLogs } from "../../../test/support/logs-harness.js";
import type { LogsServiceDefinition } from "./service.js";

test("a slow client: 10 updates held past back-pressure, the oldest dropped, the rest sent on drain", async () => {
  const { service, call, ctx } = newLogs({ liveTailLimits: { updateMs: 20 } });
  const logs = service as LogsServiceDefinition;
  await call("CreateLogGroup", { logGroupName: "g" });
  await call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
  const reply = await call("StartLiveTail", { logGroupIdentifiers: ["g"] });
  assert.ok(reply instanceof EventStreamReply);

  const written: Buffer[] = [];
  let accepting = true;
  let drain: () => void = () => undefined;
  const sink: EventSink = {
    write: (message) => {
      written.push(message);
      return accepting;
    },
    end: () => undefined,
    onDrain: (listener) => {
      drain = listener;
    },
  };
  const close = reply.open(sink);
  assert.equal(logs.liveTail.sessions(), 1);
  const types = () => written.map((m) => decodeMessage(m)?.headers[":event-type"]);
  assert.deepEqual(types(), ["initial-response", "sessionStart"]);

  // The client stops reading: the next write is refused, and every update after it waits.
  accepting = false;
  for (let i = 0; i < 20; i++) {
    await call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: ctx.clock.now(), message: `m${i}` }] });
    await new Promise((r) => setTimeout(r, 25));
  }
  // Two more ticks: the last event is in an update of the queue before the client reads again.
  await new Promise((r) => setTimeout(r, 60));
  const sentBefore = written.length;
  accepting = true;
  drain();
  const released = written
    .slice(sentBefore)
    .map((m) => JSON.parse(decodeMessage(m)?.payload.toString("utf8") ?? "{}") as { sessionResults?: { message: string }[] });
  assert.equal(released.length, 10);
  // The newest updates are the ones kept: the last event put is among them, the first ones are not.
  const messages = released.flatMap((u) => u.sessionResults ?? []).map((e) => e.message);
  assert.ok(messages.includes("m19"), messages.join(","));
  assert.ok(!messages.includes("m0"), messages.join(","));

  close();
  assert.equal(logs.liveTail.sessions(), 0);
});
