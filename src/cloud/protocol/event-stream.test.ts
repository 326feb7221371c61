/**
 * The event-stream framing read back by the SDK's own codec (@smithy/core's EventStreamCodec, which checks both
 * CRCs), and by this module's decoder, which refuses a flipped bit in the prelude or the message.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { decodeMessage, encodeMessage, eventMessage, exceptionMessage } from "./event-stream.js";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

describe("event-stream framing", () => {
  test("an event as the SDK's codec reads it: string headers, JSON payload", () => {
    const message = codec.decode(eventMessage("sessionUpdate", { sessionResults: [{ message: "é ✓" }] }));
    assert.deepEqual(Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, v.value])), {
      ":event-type": "sessionUpdate",
      ":content-type": "application/json",
      ":message-type": "event",
    });
    assert.equal(message.headers[":event-type"]?.type, "string");
    assert.deepEqual(JSON.parse(Buffer.from(message.body).toString("utf8")), { sessionResults: [{ message: "é ✓" }] });
  });

  test("an exception names its type in :exception-type", () => {
    const message = codec.decode(exceptionMessage("SessionTimeoutException", "over"));
    assert.equal(message.headers[":message-type"]?.value, "exception");
    assert.equal(message.headers[":exception-type"]?.value, "SessionTimeoutException");
    assert.deepEqual(JSON.parse(Buffer.from(message.body).toString("utf8")), { message: "over" });
  });

  test("lengths: prelude's total and header length agree with the bytes", () => {
    const bytes = encodeMessage({ a: "b" }, Buffer.from("xyz"));
    assert.equal(bytes.readUInt32BE(0), bytes.length);
    assert.equal(bytes.readUInt32BE(4), 1 + 1 + 1 + 2 + 1);
    assert.equal(bytes.length, 12 + 6 + 3 + 4);
    const decoded = decodeMessage(Buffer.concat([bytes, Buffer.from([0, 0])]));
    assert.equal(decoded?.length, bytes.length);
    assert.deepEqual(decoded?.headers, { a: "b" });
    assert.equal(decoded?.payload.toString(), "xyz");
    assert.equal(decodeMessage(bytes.subarray(0, bytes.length - 1)), undefined);
  });

  test("a flipped bit fails a CRC, in this decoder and in the SDK's", () => {
    // The prelude CRC itself, a header byte, a payload byte (a changed length would only make the message look short).
    for (const at of [9, 14, 40]) {
      const bytes = Buffer.from(eventMessage("sessionStart", { sessionId: "x" }));
      bytes[at] = (bytes[at] as number) ^ 1;
      assert.throws(() => decodeMessage(bytes));
      assert.throws(() => codec.decode(bytes));
    }
  });
});
