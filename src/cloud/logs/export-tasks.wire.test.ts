/**
 * Export tasks over the wire with clients flowwatch did not write: boto3 in the shape of moto's own export-task
 * tests (bucket, policy, group with events, create_export_task, describe until COMPLETED, the objects read back),
 * the AWS CLI v2's `aws logs create-export-task`, and AWS's refusals (no policy, a second active task, no bucket).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli, boto3 } from "../../../test/support/aws-cli.js";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { rootContext } from "../../../test/support/service-harness.js";
import { systemClock } from "../clock.js";
import { invokeOperation } from "../service.js";

const env = useLocalCloud();
// PutLogEvents refuses events older than 14 days: the events are an hour old, on whole seconds.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const iso = (offset: number) => new Date(T0 + offset).toISOString();

const PRELUDE = `
import boto3, botocore, gzip, json, os, time
E = os.environ["ENDPOINT"]
logs = boto3.client("logs", endpoint_url=E, region_name="us-east-1")
s3 = boto3.client("s3", endpoint_url=E, region_name="us-east-1", config=botocore.config.Config(s3={"addressing_style": "path"}))
def policy(bucket, prefix="*"):
    principal = {"Service": "logs.us-east-1.amazonaws.com"}
    cond = {"StringEquals": {"aws:SourceAccount": "000000000000"}, "ArnLike": {"aws:SourceArn": "arn:aws:logs:us-east-1:000000000000:log-group:*"}}
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{bucket}", "Condition": cond},
        {"Effect": "Allow", "Principal": principal, "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/{prefix}",
         "Condition": {**cond, "StringEquals": {**cond["StringEquals"], "s3:x-amz-acl": "bucket-owner-full-control"}}}]})
def wait(task_id):
    for _ in range(200):
        task = logs.describe_export_tasks(taskId=task_id)["exportTasks"][0]
        if task["status"]["code"] not in ("PENDING", "RUNNING"):
            return task
        time.sleep(0.05)
    return task
def error(fn, **kw):
    try:
        fn(**kw)
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
`;

describe("export tasks", () => {
  test("boto3: events in [from, to) land as PREFIX/TASKID/STREAM/000000.gz, with the write-test object", async () => {
    const script = `${PRELUDE}
s3.create_bucket(Bucket="exports-a")
s3.put_bucket_policy(Bucket="exports-a", Policy=policy("exports-a"))
logs.create_log_group(logGroupName="/app/web")
for stream in ("web-1", "web-2", "other"):
    logs.create_log_stream(logGroupName="/app/web", logStreamName=stream)
logs.put_log_events(logGroupName="/app/web", logStreamName="web-1", logEvents=[
    {"timestamp": ${T0}, "message": "first"}, {"timestamp": ${T0 + 1000}, "message": "second line"}, {"timestamp": ${T0 + 9000}, "message": "too late"}])
logs.put_log_events(logGroupName="/app/web", logStreamName="web-2", logEvents=[{"timestamp": ${T0 + 2000}, "message": "two"}])
logs.put_log_events(logGroupName="/app/web", logStreamName="other", logEvents=[{"timestamp": ${T0 + 2000}, "message": "not this stream"}])
task_id = logs.create_export_task(taskName="t1", logGroupName="/app/web", logStreamNamePrefix="web-", fromTime=${T0}, to=${T0 + 5000},
    destination="exports-a", destinationPrefix="backup")["taskId"]
task = wait(task_id)
keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="exports-a")["Contents"])
bodies = {k: (gzip.decompress(s3.get_object(Bucket="exports-a", Key=k)["Body"].read()).decode() if k.endswith(".gz") else s3.get_object(Bucket="exports-a", Key=k)["Body"].read().decode()) for k in keys}
print(json.dumps({"taskId": task_id, "task": task, "keys": keys, "bodies": bodies, "byStatus": len(logs.describe_export_tasks(statusCode="COMPLETED")["exportTasks"])}, default=str))
`;
    const r = await boto3(env.endpoint, script);
    assert.equal(r.status, 0, r.stderr);
    const { taskId, task, keys, bodies, byStatus } = r.json;
    assert.deepEqual(task.status, { code: "COMPLETED", message: "Completed successfully" });
    assert.equal(task.taskName, "t1");
    assert.equal(task.destinationPrefix, "backup");
    assert.equal(task.from, T0);
    assert.ok(task.executionInfo.completionTime);
    assert.deepEqual(keys, ["backup/aws-logs-write-test", `backup/${taskId}/web-1/000000.gz`, `backup/${taskId}/web-2/000000.gz`].sort());
    assert.equal(bodies["backup/aws-logs-write-test"], "Permission Check Successful");
    assert.equal(bodies[`backup/${taskId}/web-1/000000.gz`], `${iso(0)} first\n${iso(1000)} second line\n`);
    assert.equal(bodies[`backup/${taskId}/web-2/000000.gz`], `${iso(2000)} two\n`);
    assert.equal(byStatus, 1);
  });

  test("boto3: AWS's refusals — no bucket, no policy, no group, cancelling a finished task; a task whose files are refused FAILS", async () => {
    const script = `${PRELUDE}
logs.create_log_group(logGroupName="/app/refusals")
logs.create_log_stream(logGroupName="/app/refusals", logStreamName="s")
logs.put_log_events(logGroupName="/app/refusals", logStreamName="s", logEvents=[{"timestamp": ${T0}, "message": "x"}])
out = {}
out["noBucket"] = error(logs.create_export_task, logGroupName="/app/refusals", fromTime=0, to=1, destination="exports-none")
s3.create_bucket(Bucket="exports-b")
out["noPolicy"] = error(logs.create_export_task, logGroupName="/app/refusals", fromTime=0, to=1, destination="exports-b")
s3.put_bucket_policy(Bucket="exports-b", Policy=policy("exports-b", "elsewhere/*"))
out["noPut"] = error(logs.create_export_task, logGroupName="/app/refusals", fromTime=0, to=1, destination="exports-b")
out["noGroup"] = error(logs.create_export_task, logGroupName="/app/none", fromTime=0, to=1, destination="exports-b")
s3.put_bucket_policy(Bucket="exports-b", Policy=policy("exports-b"))
first = logs.create_export_task(logGroupName="/app/refusals", fromTime=0, to=1800000000000, destination="exports-b")["taskId"]
out["firstDone"] = wait(first)["status"]
out["cancelDone"] = error(logs.cancel_export_task, taskId=first)
out["cancelNone"] = error(logs.cancel_export_task, taskId="00000000-0000-0000-0000-000000000000")
out["describeNone"] = logs.describe_export_tasks(taskId="00000000-0000-0000-0000-000000000000")["exportTasks"]
out["keys"] = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="exports-b")["Contents"])
# The policy lets in only the write test: the call succeeds, the task's own files are refused.
s3.create_bucket(Bucket="exports-e")
s3.put_bucket_policy(Bucket="exports-e", Policy=policy("exports-e", "aws-logs-write-test"))
out["failed"] = wait(logs.create_export_task(logGroupName="/app/refusals", fromTime=0, to=1800000000000, destination="exports-e")["taskId"])["status"]
out["failedKeys"] = [o["Key"] for o in s3.list_objects_v2(Bucket="exports-e")["Contents"]]
out["first"] = first
print(json.dumps(out))
`;
    const r = await boto3(env.endpoint, script);
    assert.equal(r.status, 0, r.stderr);
    const out = r.json;
    assert.deepEqual(out.noBucket, ["InvalidParameterException", "The given bucket does not exist. Please make sure the bucket is valid."]);
    assert.deepEqual(out.noPolicy, [
      "InvalidParameterException",
      "GetBucketAcl call on the given bucket failed. Please check if CloudWatch Logs has been granted permission to perform this operation.",
    ]);
    assert.equal(out.noPut[0], "InvalidParameterException");
    assert.match(out.noPut[1], /^PutObject call on the given bucket failed/);
    assert.deepEqual(out.noGroup, ["ResourceNotFoundException", "The specified log group does not exist."]);
    assert.deepEqual(out.firstDone, { code: "COMPLETED", message: "Completed successfully" });
    assert.deepEqual(out.cancelDone, ["InvalidOperationException", "The specified export task has already finished"]);
    assert.deepEqual(out.cancelNone, ["ResourceNotFoundException", "The specified export task does not exist."]);
    assert.deepEqual(out.describeNone, []);
    // No prefix given: the write test at the bucket's root (as moto's AWS-verified test finds it), the files under `exportedlogs`.
    assert.deepEqual(out.keys, ["aws-logs-write-test", `exportedlogs/${out.first}/s/000000.gz`].sort());
    assert.deepEqual(out.failed, { code: "FAILED", message: "PutObject call on the given bucket failed." });
    assert.deepEqual(out.failedKeys, ["aws-logs-write-test"]);
  });

  test("boto3: hostile inputs are answered as client errors, never 5xx", async () => {
    const script = `${PRELUDE}
logs.create_log_group(logGroupName="/app/hostile")
calls = [
    (logs.create_export_task, dict(logGroupName="/app/hostile", fromTime=5, to=1, destination="exports-none")),
    (logs.create_export_task, dict(logGroupName="/app/hostile", fromTime=-1, to=1, destination="Bad_Bucket..Name")),
    (logs.create_export_task, dict(logGroupName="/app/hostile", fromTime=0, to=1, destination="x" * 600, destinationPrefix="p" * 600)),
    (logs.create_export_task, dict(logGroupName="/app/hostile", fromTime=0, to=1, destination="exports-none", logStreamNamePrefix="%_*")),
    (logs.describe_export_tasks, dict(nextToken="garbage")),
    (logs.describe_export_tasks, dict(limit=0)),
    (logs.describe_export_tasks, dict(limit=51)),
    (logs.cancel_export_task, dict(taskId="")),
]
out = []
for fn, kw in calls:
    try:
        fn(**kw)
        out.append(200)
    except botocore.exceptions.ClientError as e:
        out.append(e.response["ResponseMetadata"]["HTTPStatusCode"])
    except botocore.exceptions.ParamValidationError:
        out.append(0)
print(json.dumps(out))
`;
    const r = await boto3(env.endpoint, script);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.length, 8);
    assert.deepEqual(
      r.json.filter((code: number) => code >= 500),
      [],
    );
    // An invalid page token is refused, not read as the first page.
    assert.equal(r.json[4], 400);
  });

  test("AWS CLI v2: create-export-task, describe-export-tasks paged, cancel-export-task of a finished task refused", async () => {
    const cli = (...args: string[]) => awsCli(env.endpoint, args);
    assert.equal((await cli("s3api", "create-bucket", "--bucket", "exports-c")).status, 0);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: "arn:aws:s3:::exports-c" },
        { Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::exports-c/*" },
      ],
    });
    assert.equal((await cli("s3api", "put-bucket-policy", "--bucket", "exports-c", "--policy", policy)).status, 0);
    assert.equal((await cli("logs", "create-log-group", "--log-group-name", "/app/cli")).status, 0);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await cli(
        "logs",
        "create-export-task",
        "--log-group-name",
        "/app/cli",
        "--from",
        "0",
        "--to",
        String(T0),
        "--destination",
        "exports-c",
        "--destination-prefix",
        "cli",
      );
      assert.equal(created.status, 0, created.stderr);
      ids.push(created.json.taskId);
      // The group is empty: the task completes within the server's next turns, before the CLI's next start.
      const shown = await cli("logs", "describe-export-tasks", "--task-id", created.json.taskId);
      assert.deepEqual(shown.json.exportTasks[0].status, { code: "COMPLETED", message: "Completed successfully" });
    }
    const refused = await cli("logs", "cancel-export-task", "--task-id", ids[0] as string);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /InvalidOperationException.*The specified export task has already finished/);
    const page = await cli("logs", "describe-export-tasks", "--status-code", "COMPLETED", "--max-items", "2");
    assert.equal(page.status, 0, page.stderr);
    assert.equal(page.json.exportTasks.length, 2);
    assert.ok(page.json.NextToken);
    const all = await cli("logs", "describe-export-tasks", "--status-code", "COMPLETED", "--page-size", "1");
    assert.deepEqual(
      all.json.exportTasks.filter((t: { logGroupName: string }) => t.logGroupName === "/app/cli").map((t: { taskId: string }) => t.taskId),
      ids,
    );
  });

  test("in process: a task cancelled while PENDING never writes its files, and holds the account's one active slot until then", async () => {
    const logs = env.cloud.service("logs");
    const ctx = rootContext(systemClock);
    const call = (name: string, input: unknown) => invokeOperation(logs, name, input, ctx);
    const s3 = await boto3(
      env.endpoint,
      `${PRELUDE}
s3.create_bucket(Bucket="exports-d")
s3.put_bucket_policy(Bucket="exports-d", Policy=policy("exports-d"))
logs.create_log_group(logGroupName="/app/pending")
logs.create_log_stream(logGroupName="/app/pending", logStreamName="s")
logs.put_log_events(logGroupName="/app/pending", logStreamName="s", logEvents=[{"timestamp": ${T0}, "message": "x"}])
print("{}")
`,
    );
    assert.equal(s3.status, 0, s3.stderr);
    const input = { logGroupName: "/app/pending", from: 0, to: 1800000000000, destination: "exports-d" };
    const { taskId } = (await call("CreateExportTask", input)) as { taskId: string };
    // Same turn as the answer: the run is scheduled for a later one, so the task is still PENDING here.
    // And the account's one active task is taken: a second create is refused in AWS's words.
    await assert.rejects(
      Promise.resolve().then(() => call("CreateExportTask", input)),
      { code: "LimitExceededException", message: "Resource limit exceeded." },
    );
    call("CancelExportTask", { taskId });
    const again = (await call("CreateExportTask", input)) as { taskId: string };
    const r = await boto3(
      env.endpoint,
      `${PRELUDE}
out = {"first": logs.describe_export_tasks(taskId="${taskId}")["exportTasks"][0]["status"], "second": wait("${again.taskId}")["status"]}
out["keys"] = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="exports-d")["Contents"])
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json.first, { code: "CANCELLED", message: "Cancelled by user" });
    assert.deepEqual(r.json.second, { code: "COMPLETED", message: "Completed successfully" });
    assert.deepEqual(r.json.keys, ["aws-logs-write-test", `exportedlogs/${again.taskId}/s/000000.gz`].sort());
  });
});
