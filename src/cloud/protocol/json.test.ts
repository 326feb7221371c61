/** AWS JSON bodies: timestamps are epoch seconds (fractional), as the SDKs parse them, at any depth. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeJsonInput, encodeJsonOutput } from "./json.js";

test("a Date in an output is written as epoch seconds, nested ones too", () => {
  const at = new Date(Date.UTC(2026, 10, 27, 7, 27, 20, 499));
  const body = JSON.parse(encodeJsonOutput({ Alarm: { StateUpdatedTimestamp: at, History: [{ Timestamp: at }] }, n: 3 }, "1.0", "r").body as string);
  assert.deepEqual(body, { Alarm: { StateUpdatedTimestamp: 1795764440.499, History: [{ Timestamp: 1795764440.499 }] }, n: 3 });
});

test("a member sent as null is absent, at any depth; a null list item stays for validation", () => {
  const input = decodeJsonInput(Buffer.from('{"logGroupName":"g","logGroupIdentifier":null,"a":{"b":null,"c":1},"list":[null,2]}'));
  assert.deepEqual(input, { logGroupName: "g", a: { c: 1 }, list: [null, 2] });
  assert.equal(Object.hasOwn(input, "logGroupIdentifier"), false);
});
