/**
 * Export tasks: CreateExportTask, DescribeExportTasks, CancelExportTask. A task copies a log group's
 * events in [from, to) to an S3 bucket as `logs.REGION.amazonaws.com`, which the bucket's policy alone
 * lets in: GetBucketAcl and the `aws-logs-write-test` object are checked in the call, then the events
 * are written after it returns, as `PREFIX/TASKID/STREAM/000000.gz` (gzip of `ISO-TIME MESSAGE` lines).
 */
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { AwsError } from "../protocol/aws-error.js";
import type { RequestContext } from "../service.js";
import type {
  CancelExportTaskRequest,
  CreateExportTaskRequest,
  CreateExportTaskResponse,
  DescribeExportTasksRequest,
  DescribeExportTasksResponse,
  ExportTask,
  ExportTaskStatusCode,
} from "../validation/logs-types.js";
import { logGroupArn } from "./arn.js";
import type { LogsContext } from "./context.js";
import { limitExceeded, logGroupNotFound } from "./errors.js";
import type { EventRun } from "./event-store.js";
import { decodePageToken, encodePageToken } from "./pagination.js";

/** The S3 side an export needs, as the S3 service offers it to AWS's service principals (s3/service-writer.ts). */
export interface ExportObjectWriter {
  getBucketAclAsService(call: ExportServiceCall): Promise<ExportWriteOutcome>;
  putObjectAsService(call: ExportServiceCall & { key: string; body: Uint8Array; contentType: string; acl: string }): Promise<ExportWriteOutcome>;
}
export interface ExportServiceCall {
  bucket: string;
  servicePrincipal: string;
  context: { sourceAccount: string; sourceArn: string };
}
export type ExportWriteOutcome = { ok: true } | { ok: false; code: string };

/** A file is closed past this many uncompressed bytes and the next one (000001.gz ...) begun. */
export const EXPORT_FILE_BYTES = 64 * 1024 * 1024;
const DEFAULT_PREFIX = "exportedlogs";
const WRITE_TEST_KEY = "aws-logs-write-test";
const WRITE_TEST_BODY = "Permission Check Successful";
const ACL = "bucket-owner-full-control";
const ACTIVE: readonly ExportTaskStatusCode[] = ["PENDING", "RUNNING"];

interface TaskRow {
  task_id: string;
  account: string;
  region: string;
  creation_time: number;
  status: string;
  body: string;
}
/** What a row's body holds: the task as DescribeExportTasks answers it, plus the stream prefix it was created with. */
interface StoredTask {
  task: ExportTask & { taskId: string; logGroupName: string; from: number; to: number; destination: string; destinationPrefix: string };
  logStreamNamePrefix?: string;
}

const invalid = (message: string) => new AwsError("InvalidParameterException", message);
// Recorded on AWS (shared/reference/aws-recorded/logs_test_logs_export_tasks.snapshot.json) and as reported by boto3 users.
const bucketMissing = () => invalid("The given bucket does not exist. Please make sure the bucket is valid.");
const aclRefused = () =>
  invalid("GetBucketAcl call on the given bucket failed. Please check if CloudWatch Logs has been granted permission to perform this operation.");
// Not recorded: said in the same form as the GetBucketAcl refusal (docs/aws-compatibility.md).
const putRefused = () =>
  invalid("PutObject call on the given bucket failed. Please check if CloudWatch Logs has been granted permission to perform this operation.");
const taskNotFound = () => new AwsError("ResourceNotFoundException", "The specified export task does not exist.");
const taskFinished = () => new AwsError("InvalidOperationException", "The specified export task has already finished");
const badRange = (from: number, to: number) =>
  invalid(
    `Specified time range of '${from}' and '${to}' is not valid. Please make sure the values are within the retention period of the log group and from value is less than the to values`,
  );

export function exportTaskOperations(logs: LogsContext) {
  const { db, catalog, events, clock } = logs;
  let writer: ExportObjectWriter | undefined;
  const insert = db.prepare<[string, string, string, number, string, string]>(
    "INSERT INTO logs_export_tasks (task_id, account, region, creation_time, status, body) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const byId = db.prepare<[string, string, string], TaskRow>("SELECT * FROM logs_export_tasks WHERE task_id = ? AND account = ? AND region = ?");
  const anyById = db.prepare<[string], TaskRow>("SELECT * FROM logs_export_tasks WHERE task_id = ?");
  const ofScope = db.prepare<[string, string], TaskRow>("SELECT * FROM logs_export_tasks WHERE account = ? AND region = ? ORDER BY creation_time, task_id");
  const activeCount = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM logs_export_tasks WHERE account = ? AND status IN ('PENDING', 'RUNNING')");
  const activeAll = db.prepare<[], TaskRow>("SELECT * FROM logs_export_tasks WHERE status IN ('PENDING', 'RUNNING') ORDER BY creation_time");
  const update = db.prepare<[string, string, string]>("UPDATE logs_export_tasks SET status = ?, body = ? WHERE task_id = ?");
  const streamsOf = db.prepare<[number, string, string], { id: number; name: string }>(
    "SELECT id, name FROM logs_streams WHERE group_id = ? AND substr(name, 1, length(?)) = ? ORDER BY name",
  );

  const read = (row: TaskRow): StoredTask => JSON.parse(row.body) as StoredTask;
  /** Moves a task on, unless it was cancelled meanwhile: false then, and the run stops. */
  const setStatus = (taskId: string, code: ExportTaskStatusCode, message?: string): boolean => {
    const row = anyById.get(taskId);
    if (row === undefined || !ACTIVE.includes(row.status as ExportTaskStatusCode)) return false;
    const stored = read(row);
    stored.task.status = { code, ...(message !== undefined ? { message } : {}) };
    if (!ACTIVE.includes(code)) stored.task.executionInfo = { ...stored.task.executionInfo, completionTime: clock.now() };
    update.run(code, JSON.stringify(stored), taskId);
    return true;
  };

  const callFor = (row: Pick<TaskRow, "account" | "region">, task: StoredTask["task"]): ExportServiceCall => ({
    bucket: task.destination,
    servicePrincipal: `logs.${row.region}.amazonaws.com`,
    context: { sourceAccount: row.account, sourceArn: logGroupArn(row, task.logGroupName) },
  });
  const keyOf = (prefix: string, rest: string) => (prefix === "" ? rest : `${prefix}/${rest}`);

  /** Writes one task's files; every failure ends as FAILED with its reason, never as an unhandled rejection. */
  async function run(taskId: string): Promise<void> {
    const row = anyById.get(taskId);
    if (row === undefined || writer === undefined || !setStatus(taskId, "RUNNING")) return;
    const { task, logStreamNamePrefix } = read(row);
    const call = callFor(row, task);
    try {
      const group = catalog.findGroup(row, task.logGroupName);
      if (group === undefined) {
        setStatus(taskId, "FAILED", "The specified log group does not exist.");
        return;
      }
      for (const stream of streamsOf.all(group.id, logStreamNamePrefix ?? "", logStreamNamePrefix ?? "")) {
        const files: string[][] = [];
        let lines: string[] = [];
        let bytes = 0;
        const scan = events.scan([stream.id], task.from, task.to);
        const r = {} as EventRun;
        while (scan.nextRun(r)) {
          for (let i = r.from; i !== r.to; i += r.step) {
            const line = `${new Date(r.chunk.timestamp(i)).toISOString()} ${r.chunk.message(i)}\n`;
            if (bytes + line.length > EXPORT_FILE_BYTES && lines.length > 0) {
              files.push(lines);
              lines = [];
              bytes = 0;
            }
            lines.push(line);
            bytes += line.length;
          }
        }
        if (lines.length > 0) files.push(lines);
        for (const [n, file] of files.entries()) {
          // Cancelled between two files: what was written stays, as on AWS.
          if (anyById.get(taskId)?.status !== "RUNNING") return;
          const key = keyOf(task.destinationPrefix, `${taskId}/${stream.name}/${String(n).padStart(6, "0")}.gz`);
          const put = await writer.putObjectAsService({ ...call, key, body: gzipSync(file.join("")), contentType: "application/octet-stream", acl: ACL });
          if (!put.ok) {
            setStatus(taskId, "FAILED", put.code === "NoSuchBucket" ? "The given bucket does not exist." : "PutObject call on the given bucket failed.");
            return;
          }
        }
      }
      setStatus(taskId, "COMPLETED", "Completed successfully");
    } catch (error) {
      setStatus(taskId, "FAILED", `Export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // One task at a time per cloud: tasks queue behind each other in creation order.
  let queue: Promise<void> = Promise.resolve();
  const schedule = (taskId: string) => {
    queue = queue.then(() => new Promise<void>((resolve) => setImmediate(() => run(taskId).then(resolve, resolve))));
  };

  return {
    /** Joins the S3 side (cloud.ts) and resumes the tasks a stop left PENDING or RUNNING. */
    connect(port: ExportObjectWriter): void {
      writer = port;
      for (const row of activeAll.all()) {
        db.prepare("UPDATE logs_export_tasks SET status = 'PENDING' WHERE task_id = ?").run(row.task_id);
        schedule(row.task_id);
      }
    },

    async createExportTask(input: CreateExportTaskRequest, ctx: RequestContext): Promise<CreateExportTaskResponse> {
      if (catalog.findGroup(ctx, input.logGroupName) === undefined) throw logGroupNotFound();
      if (input.from > input.to) throw badRange(input.from, input.to);
      // "One active (running or pending) export task at a time, per account" (CloudWatch Logs quotas).
      if ((activeCount.get(ctx.account)?.n ?? 0) > 0) throw limitExceeded();
      const prefix = input.destinationPrefix ?? DEFAULT_PREFIX;
      const task: StoredTask["task"] = {
        taskId: randomUUID(),
        ...(input.taskName !== undefined ? { taskName: input.taskName } : {}),
        logGroupName: input.logGroupName,
        from: input.from,
        to: input.to,
        destination: input.destination,
        destinationPrefix: prefix,
        status: { code: "PENDING" },
        executionInfo: { creationTime: clock.now() },
      };
      // Without an S3 in this cloud (a harness of the Logs service alone) there is no bucket to find.
      if (writer === undefined) throw bucketMissing();
      const call = callFor(ctx, task);
      const acl = await writer.getBucketAclAsService(call);
      if (!acl.ok) throw acl.code === "NoSuchBucket" ? bucketMissing() : aclRefused();
      // Moto's AWS-verified test finds the write test at the bucket's root when no prefix was given; under a
      // given prefix it goes there, so a policy that grants only that prefix (as AWS's guide once showed) passes.
      const probe = await writer.putObjectAsService({
        ...call,
        key: keyOf(input.destinationPrefix ?? "", WRITE_TEST_KEY),
        body: new TextEncoder().encode(WRITE_TEST_BODY),
        contentType: "text/plain",
        acl: ACL,
      });
      if (!probe.ok) throw probe.code === "NoSuchBucket" ? bucketMissing() : putRefused();
      // Checked again: another call may have been let in while the bucket was probed.
      if ((activeCount.get(ctx.account)?.n ?? 0) > 0) throw limitExceeded();
      const stored: StoredTask = { task, ...(input.logStreamNamePrefix !== undefined ? { logStreamNamePrefix: input.logStreamNamePrefix } : {}) };
      insert.run(task.taskId, ctx.account, ctx.region, task.executionInfo?.creationTime ?? clock.now(), "PENDING", JSON.stringify(stored));
      schedule(task.taskId);
      return { taskId: task.taskId };
    },

    /** By taskId (an unknown one answers an empty list, as recorded on AWS) or statusCode, oldest first, paged. */
    describeExportTasks(input: DescribeExportTasksRequest, ctx: RequestContext): DescribeExportTasksResponse {
      let rows =
        input.taskId !== undefined ? [byId.get(input.taskId, ctx.account, ctx.region)].filter((r) => r !== undefined) : ofScope.all(ctx.account, ctx.region);
      if (input.statusCode !== undefined) rows = rows.filter((r) => r.status === input.statusCode);
      let from = 0;
      if (input.nextToken !== undefined) {
        const [after] = decodePageToken("export-tasks", input.nextToken);
        from = rows.findIndex((r) => r.task_id === after) + 1;
      }
      const limit = input.limit ?? 50;
      const page = rows.slice(from, from + limit);
      const last = page[page.length - 1];
      return {
        exportTasks: page.map((r) => read(r).task),
        ...(from + limit < rows.length && last !== undefined ? { nextToken: encodePageToken("export-tasks", [last.task_id]) } : {}),
      };
    },

    cancelExportTask(input: CancelExportTaskRequest, ctx: RequestContext): Record<string, never> {
      const row = byId.get(input.taskId, ctx.account, ctx.region);
      if (row === undefined) throw taskNotFound();
      if (!setStatus(row.task_id, "CANCELLED", "Cancelled by user")) throw taskFinished();
      return {};
    },
  };
}
