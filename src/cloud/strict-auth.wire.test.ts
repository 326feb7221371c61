import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { useLocalCloud } from "../../test/support/local-cloud.js";

const ROOT_SECRET = "strict-auth-root-secret";
const env = useLocalCloud({ auth: "strict", rootSecret: ROOT_SECRET });

const failsWith = async (promise: Promise<unknown>, code: string) => {
  await assert.rejects(promise, (error: Error & { name: string }) => {
    assert.equal(error.name, code);
    return true;
  });
};

describe("--auth strict", () => {
  test("the test key is known, with the root secret given", async () => {
    const logs = new CloudWatchLogsClient(env.clientConfig("test", ROOT_SECRET));
    const out = await logs.send(new DescribeLogGroupsCommand({}));
    assert.deepEqual(out.logGroups, []);
  });

  test("an unknown key is UnrecognizedClientException", async () => {
    const logs = new CloudWatchLogsClient(env.clientConfig("AKIAUNKNOWNKEY000000", "secret"));
    await failsWith(logs.send(new DescribeLogGroupsCommand({})), "UnrecognizedClientException");
  });

  test("a known key with the wrong secret is InvalidSignatureException", async () => {
    const logs = new CloudWatchLogsClient(env.clientConfig("test", "not-the-secret"));
    await failsWith(logs.send(new DescribeLogGroupsCommand({})), "InvalidSignatureException");
  });

  test("a 12-digit key with no secret on record cannot be verified, so it is refused", async () => {
    const logs = new CloudWatchLogsClient(env.clientConfig("000000000000", "whatever"));
    await failsWith(logs.send(new DescribeLogGroupsCommand({})), "UnrecognizedClientException");
  });

  test("an unsigned request is refused", async () => {
    const response = await fetch(`${env.endpoint}/`, { method: "POST", headers: { "x-amz-target": "Logs_20140328.DescribeLogGroups" }, body: "{}" });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Record<string, string>).__type, "MissingAuthenticationTokenException");
  });
});
