import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli, boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

describe("CloudWatch Logs through the AWS CLI v2", async () => {
  test("the tutorial's step 4 unchanged, then events written and read back", async () => {
    const create = await awsCli(env.endpoint, ["logs", "create-log-group", "--log-group-name", "MyVpc22-Log"]);
    assert.equal(create.status, 0, create.stderr);
    const groups = await awsCli(env.endpoint, ["logs", "describe-log-groups", "--log-group-name-prefix", "MyVpc22"]);
    assert.equal(groups.json.logGroups[0].logGroupName, "MyVpc22-Log");
    assert.equal(groups.json.logGroups[0].arn, "arn:aws:logs:us-east-1:000000000000:log-group:MyVpc22-Log:*");

    assert.equal(
      (await awsCli(env.endpoint, ["logs", "create-log-stream", "--log-group-name", "MyVpc22-Log", "--log-stream-name", "eni-0123456789abcdef0-all"])).status,
      0,
    );
    const now = Date.now();
    const events = JSON.stringify([
      { timestamp: now - 2000, message: "2 000000000000 eni-0123456789abcdef0 203.0.113.7 10.0.1.5 51234 80 6 5 420 1700000000 1700000060 ACCEPT OK" },
      { timestamp: now - 1000, message: "2 000000000000 eni-0123456789abcdef0 10.0.1.5 203.0.113.7 80 51234 6 4 1200 1700000000 1700000060 ACCEPT OK" },
    ]);
    const put = await awsCli(env.endpoint, [
      "logs",
      "put-log-events",
      "--log-group-name",
      "MyVpc22-Log",
      "--log-stream-name",
      "eni-0123456789abcdef0-all",
      "--log-events",
      events,
    ]);
    assert.equal(put.status, 0, put.stderr);
    const got = await awsCli(env.endpoint, [
      "logs",
      "get-log-events",
      "--log-group-name",
      "MyVpc22-Log",
      "--log-stream-name",
      "eni-0123456789abcdef0-all",
      "--start-from-head",
    ]);
    assert.equal(got.status, 0, got.stderr);
    assert.equal(got.json.events.length, 2);
    assert.match(got.json.events[0].message, /203\.0\.113\.7 10\.0\.1\.5 51234 80/);
  });

  test("a second create-log-group fails with AWS's code, exit status 254", async () => {
    const again = await awsCli(env.endpoint, ["logs", "create-log-group", "--log-group-name", "MyVpc22-Log"]);
    assert.equal(again.status, 254);
    assert.match(again.stderr, /ResourceAlreadyExistsException/);
  });

  test("a bad log group name fails with InvalidParameterException", async () => {
    const bad = await awsCli(env.endpoint, ["logs", "create-log-group", "--log-group-name", "bad name!"]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /InvalidParameterException/);
  });
});

describe("CloudWatch Logs through boto3", async () => {
  test("smoke: create, put, get, describe, delete", async () => {
    const run = await boto3(
      env.endpoint,
      `
import boto3, json, os, time
logs = boto3.client("logs", endpoint_url=os.environ["ENDPOINT"])
logs.create_log_group(logGroupName="boto3-group")
logs.create_log_stream(logGroupName="boto3-group", logStreamName="s")
now = int(time.time() * 1000)
logs.put_log_events(logGroupName="boto3-group", logStreamName="s", logEvents=[{"timestamp": now, "message": "hello from boto3"}])
events = logs.get_log_events(logGroupName="boto3-group", logStreamName="s", startFromHead=True)["events"]
streams = logs.describe_log_streams(logGroupName="boto3-group")["logStreams"]
try:
    logs.delete_log_group(logGroupName="no-such-group")
    missing = None
except logs.exceptions.ResourceNotFoundException as e:
    missing = e.response["Error"]["Code"]
logs.delete_log_group(logGroupName="boto3-group")
print(json.dumps({"messages": [e["message"] for e in events], "streams": [s["logStreamName"] for s in streams], "missing": missing}))
`,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.json, { messages: ["hello from boto3"], streams: ["s"], missing: "ResourceNotFoundException" });
  });
});
