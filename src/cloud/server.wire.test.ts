import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { useLocalCloud } from "../../test/support/local-cloud.js";
import { signedPost } from "../../test/support/signed-fetch.js";
import { internalRequest } from "../cli/internal-request.js";

const env = useLocalCloud();

const post = (path: string, headers: Record<string, string>, body: string | Buffer) => fetch(`${env.endpoint}${path}`, { method: "POST", headers, body });

describe("the request pipeline", () => {
  test("health answers 200 with JSON once ready", async () => {
    const response = await internalRequest(env.endpoint, "/_flowwatch/health", {
      method: "GET",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.status, "ready");
    for (const service of ["ec2", "iam", "logs", "sts"]) assert.ok((body.services as string[]).includes(service), service);
  });

  test("reset, also at moto's path, empties every account", async () => {
    for (const path of ["/_flowwatch/reset", "/moto-api/reset"]) {
      const logs = new CloudWatchLogsClient(env.clientConfig("111111111111"));
      await logs.send(new CreateLogGroupCommand({ logGroupName: "before-reset" }));
      const reset = await internalRequest(env.endpoint, path, { method: "POST", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      assert.equal(reset.status, 200);
      const after = await logs.send(new DescribeLogGroupsCommand({}));
      assert.deepEqual(after.logGroups, []);
    }
  });

  test("an unknown JSON operation is UnknownOperationException, not a 500", async () => {
    const response = await post("/", { "x-amz-target": "Logs_20140328.MakeCoffee", "content-type": "application/x-amz-json-1.1" }, "{}");
    assert.equal(response.status, 400);
    const body = (await response.json()) as Record<string, string>;
    assert.equal(body.__type, "UnknownOperationException");
    assert.equal(response.headers.get("x-amzn-errortype"), "UnknownOperationException");
    assert.ok(response.headers.get("x-amzn-requestid"));
  });

  test("a body that is not JSON is a SerializationException", async () => {
    const response = await post("/", { "x-amz-target": "Logs_20140328.DescribeLogGroups", "content-type": "application/x-amz-json-1.1" }, "{nope");
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Record<string, string>).__type, "SerializationException");
  });

  test("a JSON array body is a SerializationException", async () => {
    const response = await post("/", { "x-amz-target": "Logs_20140328.DescribeLogGroups" }, "[]");
    assert.equal(((await response.json()) as Record<string, string>).__type, "SerializationException");
  });

  test("an unknown Query action gets the Query error shape", async () => {
    const response = await signedPost(
      env.endpoint,
      "/",
      { "content-type": "application/x-www-form-urlencoded" },
      "Action=DescribeNothingAtAll&Version=2010-05-08",
      "iam",
    );
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.match(text, /<ErrorResponse/);
    assert.match(text, /<Code>InvalidAction<\/Code>/);
  });

  test("an unknown EC2 action gets the EC2 error shape", async () => {
    const response = await signedPost(
      env.endpoint,
      "/",
      { "content-type": "application/x-www-form-urlencoded" },
      "Action=DescribeVolumes&Version=2016-11-15",
      "ec2",
    );
    const text = await response.text();
    assert.match(text, /<Response><Errors><Error><Code>InvalidAction<\/Code><Message>The action DescribeVolumes is not valid for this web service.<\/Message>/);
    assert.match(text, /<RequestID>/);
  });

  test("a request that names no operation is refused, not a 500", async () => {
    const response = await signedPost(env.endpoint, "/", { "content-type": "text/plain" }, "hello", "logs");
    assert.equal(response.status, 404);
  });

  test("a body over 16 MiB is refused with 413", async () => {
    const response = await post("/", { "x-amz-target": "Logs_20140328.PutLogEvents" }, Buffer.alloc(17 * 1024 * 1024, 0x20));
    assert.equal(response.status, 413);
  });

  test("accounts are isolated: a 12-digit key is that account's root", async () => {
    const a = new CloudWatchLogsClient(env.clientConfig("222222222222"));
    const b = new CloudWatchLogsClient(env.clientConfig("333333333333"));
    await a.send(new CreateLogGroupCommand({ logGroupName: "only-in-a" }));
    const seenByB = await b.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "only-in-a" }));
    assert.deepEqual(seenByB.logGroups, []);
    const seenByA = await a.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "only-in-a" }));
    assert.equal(seenByA.logGroups?.[0]?.arn, "arn:aws:logs:us-east-1:222222222222:log-group:only-in-a:*");
  });

  test("regions are isolated", async () => {
    const east = new CloudWatchLogsClient(env.clientConfig("444444444444"));
    const west = new CloudWatchLogsClient({ ...env.clientConfig("444444444444"), region: "eu-west-1" });
    await west.send(new CreateLogGroupCommand({ logGroupName: "west-only" }));
    assert.deepEqual((await east.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "west-only" }))).logGroups, []);
    assert.equal(
      (await west.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "west-only" }))).logGroups?.[0]?.arn,
      "arn:aws:logs:eu-west-1:444444444444:log-group:west-only:*",
    );
  });
});
