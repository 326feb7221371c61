/** The flow logs that deliver to a log group (DescribeFlowLogs) and the record format they write. */
import { DescribeFlowLogsCommand, type EC2Client, type FlowLog } from "@aws-sdk/client-ec2";
import { DEFAULT_FORMAT, type FlowLogFormat, parseFormat } from "../flowlog/index.js";

export async function flowLogsOf(ec2: EC2Client, logGroupName?: string): Promise<FlowLog[]> {
  const out: FlowLog[] = [];
  let NextToken: string | undefined;
  do {
    // The Region's other flow logs are filtered out by EC2, not fetched: this runs on a timer.
    const Filter = logGroupName === undefined ? undefined : [{ Name: "log-group-name", Values: [logGroupName] }];
    const page = await ec2.send(new DescribeFlowLogsCommand({ ...(Filter ? { Filter } : {}), ...(NextToken ? { NextToken } : {}) }));
    for (const f of page.FlowLogs ?? []) {
      if ((f.LogDestinationType ?? "cloud-watch-logs") !== "cloud-watch-logs") continue;
      if (logGroupName === undefined || f.LogGroupName === logGroupName) out.push(f);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
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
