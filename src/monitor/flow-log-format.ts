/** The flow logs that deliver to a log group (DescribeFlowLogs) and the record format they write. */
import type { EC2Client, FlowLog } from "@aws-sdk/client-ec2";
import { DEFAULT_FORMAT, type FlowLogFormat, parseFormat } from "../flowlog/index.js";
import { cloudWatchFlowLogs } from "../setup/pipeline-resolution.js";

/** The flow logs delivering to CloudWatch Logs (to this group, when given): one listing for every command (setup/pipeline-resolution.ts). */
export async function flowLogsOf(ec2: EC2Client, logGroupName?: string): Promise<FlowLog[]> {
  return cloudWatchFlowLogs(ec2, logGroupName === undefined ? {} : { logGroup: logGroupName });
}

/**
 * The format to decode a group's records with: --format if given, else the first flow log's LogFormat.
 * Two flow logs with different formats into one group is possible on AWS; records of the other format
 * then fail to decode and are shown raw rather than misread.
 */
export async function formatOfGroup(ec2: EC2Client, logGroupName: string, override?: string): Promise<FlowLogFormat> {
  if (override !== undefined) return parseFormat(override);
  const logs = await flowLogsOf(ec2, logGroupName);
  const text = logs.find((f) => f.LogFormat)?.LogFormat;
  return text === undefined ? DEFAULT_FORMAT : parseFormat(text);
}
