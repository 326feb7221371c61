/**
 * Flow log files for S3, held open per flow log and closed every delivery interval: the records of a
 * flow log collect in its open file, and at the end of each five-minute interval (or at a flush) the
 * file becomes objects (s3-objects.ts) that are put as delivery.logs.amazonaws.com, the bucket's
 * policy deciding. The outcome is the flow log's DeliverLogsStatus, as for CloudWatch Logs.
 */
import type { FlowRecord } from "../../flowlog/index.js";
import { type FlowLogFileSettings, flowLogObjects } from "./s3-objects.js";

/** The service principal that writes flow log files to S3 (Amazon VPC User Guide, "Amazon S3 bucket permissions for flow logs"). */
export const LOG_DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com";

/**
 * "VPC Flow Logs ... publishes the log files to the Amazon S3 bucket at 5-minute intervals" (Amazon VPC
 * User Guide, "Flow log files"). Intervals are aligned to multiples of five minutes of UTC, as in the
 * guide's example: a file closed at 16:20 holds the records of 16:15:01 to 16:20:00.
 */
export const FILE_INTERVAL_MS = 5 * 60 * 1000;

/**
 * What S3 must offer delivery (the seam with src/cloud/s3/): the two calls AWS's log delivery makes,
 * each authorized as the service principal by the bucket's policy alone, with aws:SourceAccount and
 * aws:SourceArn in the request context — the bucket policy AWS documents grants s3:GetBucketAcl on the
 * bucket and s3:PutObject on the bucket and folder (`my-s3-arn/*`) under `s3:x-amz-acl` =
 * `bucket-owner-full-control`, aws:SourceAccount = ACCOUNT and aws:SourceArn like `arn:aws:logs:REGION:ACCOUNT:*`.
 */
export interface ServiceObjectWriter {
  getBucketAclAsService(request: ServiceRequest): Promise<ServiceOutcome>;
  putObjectAsService(
    request: ServiceRequest & { key: string; body: Uint8Array; contentType: string; acl: "bucket-owner-full-control" },
  ): Promise<ServiceOutcome>;
}

export interface ServiceRequest {
  bucket: string;
  servicePrincipal: typeof LOG_DELIVERY_PRINCIPAL;
  context: { sourceAccount: string; sourceArn: string };
}

/** An S3 error code (AccessDenied, NoSuchBucket, ...) when the call failed. */
export type ServiceOutcome = { ok: true } | { ok: false; code: string };

/** A flow log delivering to S3: its file settings, and where its status goes. */
export type S3FlowLogTarget = FlowLogFileSettings;

export interface S3FileOutcome {
  flowLogId: string;
  keys: string[];
  records: number;
  status: "SUCCESS" | "FAILED";
  message?: string;
}

export interface S3FileDeliveryDeps {
  writer: ServiceObjectWriter;
  setDeliveryStatus(account: string, region: string, flowLogId: string, status: "SUCCESS" | "FAILED", message?: string): void;
}

interface OpenFile {
  target: S3FlowLogTarget;
  records: FlowRecord[];
  /** The end of the interval the file belongs to (ms): its close time and its name's timestamp. */
  closesAt: number;
}

/**
 * DeliverLogsErrorMessage for S3: AWS documents `Access error` for missing permissions and `Unknown
 * error` for the rest; a bucket that is gone is reported as an access error (delivery cannot tell a
 * missing bucket from one it may not see, as S3 answers AccessDenied to strangers).
 */
function failureMessage(code: string): string {
  return code === "AccessDenied" || code === "NoSuchBucket" || code === "AllAccessDisabled" ? "Access error" : "Unknown error";
}

export class S3FileDelivery {
  private readonly open = new Map<string, OpenFile>();

  constructor(private readonly deps: S3FileDeliveryDeps) {}

  /** Adds a window's records of one flow log, made at `now` (ms), to the flow log's open file. */
  append(target: S3FlowLogTarget, records: readonly FlowRecord[], now: number): void {
    if (records.length === 0) return;
    const closesAt = Math.floor(now / FILE_INTERVAL_MS) * FILE_INTERVAL_MS + FILE_INTERVAL_MS;
    const file = this.open.get(target.flowLogId);
    if (file === undefined) this.open.set(target.flowLogId, { target, records: [...records], closesAt });
    else {
      file.target = target;
      file.records.push(...records);
    }
  }

  /** Closes the files whose interval has ended by `now` and puts them. */
  closeDue(now: number): Promise<S3FileOutcome[]> {
    return this.close((file) => file.closesAt <= now, now);
  }

  /** Closes every open file now (POST /_flowwatch/flush): its name carries the current minute. */
  flush(now: number): Promise<S3FileOutcome[]> {
    return this.close(() => true, now);
  }

  /** Drops a deleted flow log's open file: "deleting stops delivery". */
  forget(flowLogId: string): void {
    this.open.delete(flowLogId);
  }

  private async close(due: (file: OpenFile) => boolean, now: number): Promise<S3FileOutcome[]> {
    const closing = [...this.open.values()].filter(due);
    for (const file of closing) this.open.delete(file.target.flowLogId);
    const outcomes: S3FileOutcome[] = [];
    for (const file of closing) {
      const outcome = await this.put(file, new Date(Math.min(file.closesAt, Math.max(now, file.closesAt - FILE_INTERVAL_MS))));
      this.deps.setDeliveryStatus(file.target.accountId, file.target.region, file.target.flowLogId, outcome.status, outcome.message);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  private async put(file: OpenFile, closedAt: Date): Promise<S3FileOutcome> {
    const { target } = file;
    const request: ServiceRequest = {
      bucket: target.destination.bucket,
      servicePrincipal: LOG_DELIVERY_PRINCIPAL,
      // The documented bucket policy matches aws:SourceArn against the account's CloudWatch Logs ARNs.
      context: { sourceAccount: target.accountId, sourceArn: `arn:aws:logs:${target.region}:${target.accountId}:*` },
    };
    const keys: string[] = [];
    const failed = (code: string): S3FileOutcome => ({
      flowLogId: target.flowLogId,
      keys,
      records: file.records.length,
      status: "FAILED",
      message: failureMessage(code),
    });
    const acl = await this.deps.writer.getBucketAclAsService(request);
    if (!acl.ok) return failed(acl.code);
    for (const object of flowLogObjects(file.records, target, closedAt)) {
      const put = await this.deps.writer.putObjectAsService({
        ...request,
        key: object.key,
        body: object.body,
        contentType: object.contentType,
        acl: "bucket-owner-full-control",
      });
      if (!put.ok) return failed(put.code);
      keys.push(object.key);
    }
    return { flowLogId: target.flowLogId, keys, records: file.records.length, status: "SUCCESS" };
  }
}
