/**
 * A key IAM deleted or made Inactive stays refused after the local cloud restarts on the same data dir;
 * in relaxed mode an unknown key would otherwise act as a root, the opposite of what its owner meant.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { LocalCloud } from "../cloud.js";

const config = (endpoint: string, accessKeyId = "test", secretAccessKey = "test") => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId, secretAccessKey },
});

test("deleted and inactive keys are refused after a restart, active ones still work", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-keys-"));
  const options = { port: 0, dataDir, onWarning: () => undefined };
  try {
    const first = new LocalCloud(options);
    await first.start();
    const iam = new IAMClient(config(first.endpoint));
    await iam.send(new CreateUserCommand({ UserName: "alice" }));
    const keys = [];
    for (let i = 0; i < 2; i++) keys.push((await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }))).AccessKey);
    const [deleted, inactive] = keys as { AccessKeyId: string; SecretAccessKey: string }[];
    assert.ok(deleted && inactive);
    await iam.send(new DeleteAccessKeyCommand({ UserName: "alice", AccessKeyId: deleted.AccessKeyId }));
    await iam.send(new UpdateAccessKeyCommand({ UserName: "alice", AccessKeyId: inactive.AccessKeyId, Status: "Inactive" }));
    const active = (await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }))).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    iam.destroy();
    await first.stop();

    const second = new LocalCloud(options);
    await second.start();
    try {
      const whoAmI = (key: { AccessKeyId: string; SecretAccessKey: string }) =>
        new STSClient(config(second.endpoint, key.AccessKeyId, key.SecretAccessKey)).send(new GetCallerIdentityCommand({}));
      assert.equal((await whoAmI(active)).Arn, "arn:aws:iam::000000000000:user/alice");
      for (const key of [deleted, inactive]) await assert.rejects(whoAmI(key), (e: Error) => e.name === "InvalidClientTokenId");
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
