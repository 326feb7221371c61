/**
 * Compaction at start: a file that is mostly deleted streams' records is rewritten with the live ones;
 * every live event survives in order, appends and later restarts work, and whichever file an interrupted
 * compaction left behind is the one that goes.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { ManualClock } from "../clock.js";
import type { RequestContext } from "../service.js";
import { Store } from "../store/store.js";
import { type CompactionPolicy, segmentFileName } from "./segment-compaction.js";
import { createLogsService } from "./service.js";

const NOW = Date.UTC(2026, 0, 1);
const ALWAYS: CompactionPolicy = { minBytes: 1, maxLiveShare: 0.5 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string, segmentCompaction: CompactionPolicy = ALWAYS) {
  const clock = new ManualClock(NOW);
  const store = new Store({ dataDir: dir });
  const service = createLogsService({ store, clock }, { segmentCompaction });
  const ctx: RequestContext = {
    account: "000000000000",
    region: "us-east-1",
    requestId: "t",
    principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true },
    clock,
  };
  const call = async (op: string, input: unknown): Promise<any> => (service.operations[op] as (i: unknown, c: RequestContext) => unknown)(input, ctx);
  const messages = async (group: string) => {
    const out: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 100; page++) {
      const answer = await call("FilterLogEvents", { logGroupName: group, ...(nextToken ? { nextToken } : {}) });
      out.push(...(answer.events as { message: string }[]).map((e) => e.message));
      nextToken = answer.nextToken;
      if (nextToken === undefined) break;
    }
    return out;
  };
  const put = async (group: string, from: number, n: number) =>
    call("PutLogEvents", {
      logGroupName: group,
      logStreamName: "s",
      logEvents: Array.from({ length: n }, (_, i) => ({ timestamp: NOW + from + i, message: `${group} event ${from + i}` })),
    });
  return {
    store,
    call,
    messages,
    put,
    generation: () => (store.db.prepare("SELECT generation FROM logs_segment_file").get() as { generation: number } | undefined)?.generation ?? 0,
  };
}

const range = (group: string, from: number, n: number) => Array.from({ length: n }, (_, i) => `${group} event ${from + i}`);

/** A data dir whose segment holds `keep` (10 batches) and `gone` (30 batches, then deleted). */
async function mostlyDeleted(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-compact-"));
  dirs.push(dir);
  const first = open(dir, { minBytes: Number.MAX_SAFE_INTEGER, maxLiveShare: 0 });
  for (const group of ["keep", "gone"]) {
    await first.call("CreateLogGroup", { logGroupName: group });
    await first.call("CreateLogStream", { logGroupName: group, logStreamName: "s" });
  }
  for (let b = 0; b < 40; b++) await first.put(b % 4 === 0 ? "keep" : "gone", b * 100, 100);
  await first.call("DeleteLogGroup", { logGroupName: "gone" });
  first.store.close();
  return dir;
}

describe("segment compaction", () => {
  it("rewrites a mostly deleted file with the live records only, which read, append and restart as before", async () => {
    const dir = await mostlyDeleted();
    const before = statSync(join(dir, segmentFileName(0))).size;
    const expected = Array.from({ length: 10 }, (_, k) => range("keep", k * 400, 100)).flat();

    const second = open(dir);
    assert.equal(second.generation(), 1);
    assert.equal(existsSync(join(dir, segmentFileName(0))), false, "the old file is deleted");
    const after = statSync(join(dir, segmentFileName(1))).size;
    assert.ok(after < before / 3, `${after} bytes of ${before}`);
    assert.deepEqual(await second.messages("keep"), expected);
    const stored = (await second.call("DescribeLogGroups", {})).logGroups[0].storedBytes;
    await second.put("keep", 10_000, 5);
    second.store.close();

    // Live share is now 100%: nothing to do, and every event is still there.
    const third = open(dir);
    assert.equal(third.generation(), 1);
    assert.deepEqual(await third.messages("keep"), [...expected, ...range("keep", 10_000, 5)]);
    assert.ok((await third.call("DescribeLogGroups", {})).logGroups[0].storedBytes > stored);
    third.store.close();
  });

  it("leaves a file alone under the size floor or with most of it live", async () => {
    const dir = await mostlyDeleted();
    const small = open(dir, { minBytes: 1 << 30, maxLiveShare: 0.5 });
    assert.equal(small.generation(), 0);
    small.store.close();
    const live = open(dir, { minBytes: 1, maxLiveShare: 0.2 });
    assert.equal(live.generation(), 0);
    assert.equal((await live.messages("keep")).length, 1000);
    live.store.close();
  });

  it("a crash before the switch leaves the old file in charge; the half-written new one is deleted", async () => {
    const dir = await mostlyDeleted();
    writeFileSync(join(dir, segmentFileName(1)), "half a compaction");
    const again = open(dir, { minBytes: Number.MAX_SAFE_INTEGER, maxLiveShare: 0 });
    assert.equal(again.generation(), 0);
    assert.equal(existsSync(join(dir, segmentFileName(1))), false);
    assert.equal((await again.messages("keep")).length, 1000);
    again.store.close();
  });

  it("a crash after the switch leaves the new file in charge; the old one is deleted", async () => {
    const dir = await mostlyDeleted();
    open(dir).store.close();
    // As if the kill came between the commit and the old file's unlink.
    writeFileSync(join(dir, segmentFileName(0)), "the previous generation");
    const again = open(dir);
    assert.equal(again.generation(), 1);
    assert.equal(existsSync(join(dir, segmentFileName(0))), false);
    assert.equal((await again.messages("keep")).length, 1000);
    again.store.close();
  });
});
