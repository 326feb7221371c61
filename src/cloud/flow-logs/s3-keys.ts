/**
 * Where VPC Flow Logs puts a file in S3: the bucket and folder of the flow log's LogDestination, then
 * AWS's folder layout (plain or Hive-compatible, by day or by hour) and AWS's file name.
 *
 * Amazon VPC User Guide, "Flow log files" (flow-logs-s3-path):
 *   bucket-and-optional-prefix/AWSLogs/account_id/vpcflowlogs/region/year/month/day/[hour/]
 *   bucket-and-optional-prefix/AWSLogs/aws-account-id=account_id/aws-service=vpcflowlogs/aws-region=region/year=year/month=month/day=day/[hour=hour/]
 *   file name: aws_account_id_vpcflowlogs_region_flow_log_id_YYYYMMDDTHHmmZ_hash.log.gz
 * and its example, a file of account 123456789012 in us-east-1 created on June 20, 2018 at 16:20 UTC:
 *   my-flow-log-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz
 */

export type FileFormat = "plain-text" | "parquet";

/** DestinationOptions as CreateFlowLogs takes them (EC2 API Reference, DestinationOptionsRequest), defaults filled. */
export interface S3DestinationOptions {
  /** `plain-text` (the default) or `parquet`. */
  readonly fileFormat: FileFormat;
  /** Hive-compatible `name=value` folders; default false. */
  readonly hiveCompatiblePartitions: boolean;
  /** A folder per hour under the day; default false. */
  readonly perHourPartition: boolean;
}

export const DEFAULT_S3_OPTIONS: S3DestinationOptions = { fileFormat: "plain-text", hiveCompatiblePartitions: false, perHourPartition: false };

/** A LogDestination of type s3: the bucket, and the folder inside it ("" for none, never a trailing slash). */
export interface S3Destination {
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * `arn:aws:s3:::my_bucket/my_subfolder/` (CreateFlowLogs' LogDestination) to its bucket and folder;
 * undefined when the text is not an S3 bucket ARN. Empty segments (`a//b`, a trailing `/`) are dropped,
 * as a folder path of S3 keys has none. Whether the folder may be named AWSLogs is CreateFlowLogs' check.
 */
export function parseS3Destination(arn: string): S3Destination | undefined {
  const match = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/.exec(arn);
  if (match === null) return undefined;
  const prefix = (match[2] ?? "")
    .split("/")
    .filter((segment) => segment !== "")
    .join("/");
  return { bucket: match[1] as string, prefix };
}

export interface FileKeyInput {
  readonly destination: S3Destination;
  readonly options: S3DestinationOptions;
  readonly accountId: string;
  readonly region: string;
  readonly flowLogId: string;
  /** When the file was closed: its name's timestamp and its date (and hour) folders, in UTC. */
  readonly closedAt: Date;
  /** Eight lowercase hex digits that tell apart files of one flow log closed in the same minute. */
  readonly hash: string;
}

const two = (n: number) => String(n).padStart(2, "0");

/** The folder a file goes in, without the bucket, ending with `/`. */
export function flowLogFolder(input: Omit<FileKeyInput, "flowLogId" | "hash">): string {
  const { destination, options, accountId, region, closedAt } = input;
  const year = String(closedAt.getUTCFullYear()).padStart(4, "0");
  const month = two(closedAt.getUTCMonth() + 1);
  const day = two(closedAt.getUTCDate());
  const hour = two(closedAt.getUTCHours());
  const parts = options.hiveCompatiblePartitions
    ? [
        `aws-account-id=${accountId}`,
        "aws-service=vpcflowlogs",
        `aws-region=${region}`,
        `year=${year}`,
        `month=${month}`,
        `day=${day}`,
        ...(options.perHourPartition ? [`hour=${hour}`] : []),
      ]
    : [accountId, "vpcflowlogs", region, year, month, day, ...(options.perHourPartition ? [hour] : [])];
  const base = destination.prefix === "" ? "AWSLogs" : `${destination.prefix}/AWSLogs`;
  return `${base}/${parts.join("/")}/`;
}

/**
 * The file's name: `ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_YYYYMMDDTHHmmZ_HASH` then `.log.gz` for
 * plain text, `.log.parquet` for Parquet (the extension AWS's Parquet files carry; they are compressed
 * inside, page by page, so there is no outer `.gz`).
 */
export function flowLogFileName(input: Pick<FileKeyInput, "options" | "accountId" | "region" | "flowLogId" | "closedAt" | "hash">): string {
  if (!/^[0-9a-f]{8}$/.test(input.hash)) throw new RangeError(`file hash '${input.hash}' is not eight hex digits`);
  const t = input.closedAt;
  const stamp = `${String(t.getUTCFullYear()).padStart(4, "0")}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}T${two(t.getUTCHours())}${two(t.getUTCMinutes())}Z`;
  const extension = input.options.fileFormat === "parquet" ? ".log.parquet" : ".log.gz";
  return `${input.accountId}_vpcflowlogs_${input.region}_${input.flowLogId}_${stamp}_${input.hash}${extension}`;
}

/** The object key: folder, then file name. */
export function flowLogObjectKey(input: FileKeyInput): string {
  return flowLogFolder(input) + flowLogFileName(input);
}
