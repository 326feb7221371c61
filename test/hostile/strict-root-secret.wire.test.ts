/**
 * The strict cloud's root key: `test` with the secret everyone knows must not sign as root. The secret is random
 * per start unless given; a request signed test/test is refused as AWS refuses a wrong secret, on AWS routes and internal ones.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { internalRequest } from "../../src/cli/internal-request.js";
import { useLocalCloud } from "../support/local-cloud.js";

const generated = useLocalCloud({ auth: "strict" });
const other = useLocalCloud({ auth: "strict" });
const GIVEN = "a-secret-the-operator-chose";
const given = useLocalCloud({ auth: "strict", rootSecret: GIVEN });
const relaxed = useLocalCloud();

async function refusal(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  assert.fail("the request was accepted");
}

describe("a strict cloud's root secret", () => {
  test("test/test is refused: SignatureDoesNotMatch (Query), InvalidSignatureException (JSON), and on the reset route", async () => {
    const iam = new IAMClient(generated.clientConfig("test", "test"));
    assert.deepEqual(await refusal(iam.send(new ListUsersCommand({}))), { name: "SignatureDoesNotMatch", status: 403 });
    const logs = new CloudWatchLogsClient(generated.clientConfig("test", "test"));
    assert.deepEqual(await refusal(logs.send(new DescribeLogGroupsCommand({}))), { name: "InvalidSignatureException", status: 400 });

    const owner = new CloudWatchLogsClient(generated.clientConfig("test", generated.cloud.rootSecret));
    await owner.send(new CreateLogGroupCommand({ logGroupName: "kept" }));
    const reset = await internalRequest(generated.endpoint, "/_flowwatch/reset", {
      method: "POST",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      region: "us-east-1",
    });
    // The internal routes speak JSON, so the refusal is JSON's word for a wrong secret.
    assert.equal(reset.status, 400);
    assert.match(await reset.text(), /InvalidSignatureException/);
    const groups = await owner.send(new DescribeLogGroupsCommand({}));
    assert.deepEqual(
      groups.logGroups?.map((g) => g.logGroupName),
      ["kept"],
      "the reset signed test/test changed nothing",
    );
  });

  test("is random per cloud, shaped like an AWS secret, and signs as the root of 000000000000", async () => {
    const secret = generated.cloud.rootSecret;
    assert.match(secret, /^[A-Za-z0-9+/]{40}$/);
    assert.notEqual(secret, other.cloud.rootSecret);
    const iam = new IAMClient(generated.clientConfig("test", secret));
    assert.ok(Array.isArray((await iam.send(new ListUsersCommand({}))).Users));
    const reset = await internalRequest(generated.endpoint, "/_flowwatch/reset", {
      method: "POST",
      credentials: { accessKeyId: "test", secretAccessKey: secret },
      region: "us-east-1",
    });
    assert.equal(reset.status, 200, await reset.text());
  });

  test("a secret given as an option is the one accepted; any other is refused", async () => {
    assert.equal(given.cloud.rootSecret, GIVEN);
    const iam = new IAMClient(given.clientConfig("test", GIVEN));
    assert.ok(Array.isArray((await iam.send(new ListUsersCommand({}))).Users));
    for (const wrong of ["test", `${GIVEN}x`, GIVEN.slice(1)]) {
      const refused = new IAMClient(given.clientConfig("test", wrong));
      assert.equal((await refusal(refused.send(new ListUsersCommand({})))).name, "SignatureDoesNotMatch", wrong);
    }
  });

  test("relaxed mode is unchanged: the test key signs with any secret", async () => {
    for (const secret of ["test", "anything", relaxed.cloud.rootSecret]) {
      const iam = new IAMClient(relaxed.clientConfig("test", secret));
      assert.ok(Array.isArray((await iam.send(new ListUsersCommand({}))).Users), secret);
    }
  });
});
