/** newestRecordLink: no record warns; a record within two intervals and 15 minutes is ok, an older one warns. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { newestRecordLink } from "./newest-record.js";

const now = 10_000_000_000;

test("no records yet is a warning", () => {
  assert.equal(newestRecordLink([{ logStreamName: "s" }], 60, now).detail, "no records yet");
});

test("the newest of event and ingestion times is judged against 2 intervals + 15 min", () => {
  const lag = (2 * 600 + 15 * 60) * 1000;
  assert.equal(newestRecordLink([{ lastEventTimestamp: now - lag }], 600, now).status, "ok");
  const old = newestRecordLink([{ lastIngestionTime: now - lag - 60_000 }, { lastEventTimestamp: now - lag - 120_000 }], 600, now);
  assert.deepEqual([old.status, old.detail], ["warn", "36 min old"]);
});
