/** Issue 15 item 7: a read that meets damage after a clean start answers AWS's ServiceUnavailable, never a 500 InternalFailure, and the server goes on. */
import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import type { Store } from "../../src/cloud/store/store.js";
import { LocalCloud } from "../../src/cloud/cloud.js";

const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-serving-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test("a segment record damaged while the server runs: ServiceUnavailableException for that read, other reads still answered", async () => {
  const bugs: unknown[] = [];
  const cloud = new LocalCloud({ dataDir, port: 0, onBug: (error) => bugs.push(error), onWarning: () => undefined });
  await cloud.start();
  try {
    const logs = new CloudWatchLogsClient({
      endpoint: cloud.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    await logs.send(new CreateLogGroupCommand({ logGroupName: "g" }));
    for (const stream of ["damaged", "whole"]) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: "g", logStreamName: stream }));
      await logs.send(
        new PutLogEventsCommand({ logGroupName: "g", logStreamName: stream, logEvents: [{ timestamp: Date.now(), message: `${stream} ${"x".repeat(1000)}` }] }),
      );
    }
    // The first record (stream "damaged"), in the middle of its text.
    const fd = openSync(join(dataDir, "logs-events.segment"), "r+");
    writeSync(fd, Buffer.from("garbage"), 0, 7, 400);
    closeSync(fd);

    const error = await logs.send(new GetLogEventsCommand({ logGroupName: "g", logStreamName: "damaged" })).then(
      () => undefined,
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
    );
    assert.equal(error?.name, "ServiceUnavailableException");
    assert.equal(error?.$metadata?.httpStatusCode, 503);
    const whole = await logs.send(new GetLogEventsCommand({ logGroupName: "g", logStreamName: "whole" }));
    assert.equal(whole.events?.length, 1);
    assert.deepEqual(bugs, [], "damage is not a bug: no InternalFailure");
  } finally {
    await cloud.stop();
  }
});

test("a database page damaged while the server runs: IAM answers ServiceFailure, not InternalFailure", async () => {
  const dir = join(dataDir, "iam");
  const config = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  const first = new LocalCloud({ dataDir: dir, port: 0, onWarning: () => undefined });
  await first.start();
  for (let i = 0; i < 20; i++) await new IAMClient(config(first.endpoint)).send(new CreateUserCommand({ UserName: `user-${i}` }));
  await first.stop();

  const bugs: unknown[] = [];
  const cloud = new LocalCloud({ dataDir: dir, port: 0, onBug: (error) => bugs.push(error), onWarning: () => undefined });
  await cloud.start();
  try {
    const path = join(dir, "flowwatch.sqlite");
    const db = (cloud as unknown as { store: Store }).store.db;
    const root = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'iam_users'").get() as { rootpage: number }).rootpage;
    // The server's page cache would hide the damage: it is made to read from the file again.
    db.pragma("cache_size = 0");
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (root - 1) * 4096);
    closeSync(fd);
    const error = await new IAMClient(config(cloud.endpoint)).send(new ListUsersCommand({})).then(
      () => undefined,
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
    );
    assert.equal(error?.name, "ServiceFailureException");
    assert.equal(error?.$metadata?.httpStatusCode, 500);
    assert.deepEqual(bugs, []);
  } finally {
    await cloud.stop();
  }
});
