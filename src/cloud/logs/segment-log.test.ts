import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { ManualClock } from "../clock.js";
import type { RequestContext } from "../service.js";
import { Store } from "../store/store.js";
import { encodeChunk } from "./chunk.js";
import { crc32 } from "./crc32.js";
import { FileSegmentLog } from "./segment-log.js";
import { RECORD_HEADER, sealRecord } from "./segment-record.js";
import { createLogsService } from "./service.js";

const NOW = Date.UTC(2026, 0, 1);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A Logs service on a data dir, as `flowwatch up --data-dir` builds it. */
function open(dir: string) {
  const clock = new ManualClock(NOW);
  const store = new Store({ dataDir: dir });
  const service = createLogsService({ store, clock });
  const ctx: RequestContext = {
    account: "000000000000",
    region: "us-east-1",
    requestId: "t",
    principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true },
    clock,
  };
  const call = async (op: string, input: unknown): Promise<any> => (service.operations[op] as (i: unknown, c: RequestContext) => unknown)(input, ctx);
  const messages = async (stream = "s") => {
    const out = await call("GetLogEvents", { logGroupName: "g", logStreamName: stream, startFromHead: true });
    return (out.events as { message: string }[]).map((e) => e.message);
  };
  return { store, call, messages };
}

const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ timestamp: NOW, message: `event ${from + i}` }));

/** A sealed record of `events` for a stream, as EventStore writes one. */
function record(streamId: number, streamCreated: number, groupId: number, events: { timestamp: number; message: string }[]): Buffer {
  const sizes = Uint32Array.from(events, (e) => Buffer.byteLength(e.message));
  const buf = encodeChunk(
    events,
    sizes,
    0,
    events.length,
    sizes.reduce((a, b) => a + b, 0),
    RECORD_HEADER,
  );
  sealRecord(buf, { streamId, groupId, streamCreated, count: events.length, minTs: NOW, maxTs: NOW, ingestionTime: NOW }, true);
  return buf;
}

describe("segment log recovery", () => {
  it("computes the standard CRC-32", () => {
    assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
    assert.equal(crc32(Buffer.from("xx123456789yy"), 2, 11), 0xcbf43926);
  });

  it("indexes synced records the crash kept out of the index, ignores and cuts a torn tail, and appends after it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flowwatch-segment-"));
    dirs.push(dir);
    const first = open(dir);
    await first.call("CreateLogGroup", { logGroupName: "g" });
    await first.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    await first.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: batch(0, 3) });
    const row = first.store.db.prepare("SELECT s.id, s.creation_time, s.group_id FROM logs_streams s").get() as {
      id: number;
      creation_time: number;
      group_id: number;
    };
    first.store.close();

    // The crash: one record synced but never indexed, then a record the kill cut in half.
    const path = join(dir, "logs-events.segment");
    const log = new FileSegmentLog(path);
    log.append(record(row.id, row.creation_time, row.group_id, batch(3, 2)));
    const validEnd = statSync(path).size;
    const torn = record(row.id, row.creation_time, row.group_id, batch(5, 4));
    log.append(torn.subarray(0, torn.length - 7));
    log.close();

    const second = open(dir);
    assert.deepEqual(await second.messages(), ["event 0", "event 1", "event 2", "event 3", "event 4"]);
    assert.equal(statSync(path).size, validEnd, "the torn tail is cut off");
    const group = await second.call("DescribeLogGroups", {});
    assert.equal(group.logGroups[0].storedBytes, 5 * "event 0".length);
    await second.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: batch(5, 2) });
    second.store.close();

    // Restarting again re-indexes nothing: the index reached the end of the log.
    const third = open(dir);
    assert.deepEqual(await third.messages(), ["event 0", "event 1", "event 2", "event 3", "event 4", "event 5", "event 6"]);
    third.store.close();
  });

  it("skips records of deleted streams, even when a new stream reuses the id", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flowwatch-segment-"));
    dirs.push(dir);
    const first = open(dir);
    await first.call("CreateLogGroup", { logGroupName: "g" });
    await first.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    const row = first.store.db.prepare("SELECT id, creation_time, group_id FROM logs_streams").get() as { id: number; creation_time: number; group_id: number };
    first.store.close();
    const log = new FileSegmentLog(join(dir, "logs-events.segment"));
    log.append(record(row.id, row.creation_time - 1, row.group_id, batch(0, 2)));
    log.close();
    const second = open(dir);
    assert.deepEqual(await second.messages(), []);
    second.store.close();
  });

  it("a bad record past the index's end with a valid one after it is damage, not a torn tail: refused, and --repair keeps the valid one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flowwatch-segment-"));
    dirs.push(dir);
    const first = open(dir);
    await first.call("CreateLogGroup", { logGroupName: "g" });
    await first.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    await first.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: batch(0, 1) });
    const row = first.store.db.prepare("SELECT id, creation_time, group_id FROM logs_streams").get() as { id: number; creation_time: number; group_id: number };
    first.store.close();
    // Two synced, unindexed records (the kill came before their index commit); the first then damaged.
    const path = join(dir, "logs-events.segment");
    const log = new FileSegmentLog(path);
    const damaged = record(row.id, row.creation_time, row.group_id, batch(1, 2));
    damaged.write("garbage", RECORD_HEADER + 10);
    log.append(damaged);
    log.append(record(row.id, row.creation_time, row.group_id, batch(3, 2)));
    log.close();
    const size = statSync(path).size;

    const refused = new Store({ dataDir: dir });
    assert.throws(
      () => createLogsService({ store: refused, clock: new ManualClock(NOW) }),
      /logs-events\.segment is damaged: the record at offset \d+ fails its check, yet a valid record follows at \d+\. flowwatch up --repair would keep/,
    );
    refused.close();
    assert.equal(statSync(path).size, size, "nothing is cut: the valid record after the damage stays");

    const store = new Store({ dataDir: dir, repair: true });
    const repaired = createLogsService({ store, clock: new ManualClock(NOW) });
    assert.ok(repaired);
    assert.match(store.repair?.lines.join("\n") ?? "", /damaged byte\(s\) at offset \d+, past the index's end, skipped/);
    store.close();
    const after = open(dir);
    assert.deepEqual(await after.messages(), ["event 0", "event 3", "event 4"]);
    after.store.close();
  });
});
