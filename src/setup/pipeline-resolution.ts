/**
 * Which pipeline a command means: `--log-group G` is the flow log(s) delivering to G, `--vpc V` the
 * flow logs of V, nothing at all the Region's only one. Several candidates are a question put to the
 * user (listed), never a silent pick. Used by doctor, tail, watch and the dashboard.
 */
import { DescribeFlowLogsCommand, type EC2Client, type FlowLog } from "@aws-sdk/client-ec2";
import type { AwsClients } from "./clients.js";
import { SetupError } from "./errors.js";
import { findVpc } from "./vpc.js";

/** The tutorial's group: what a command without options means when the Region has no flow log yet. */
export const TUTORIAL_LOG_GROUP = "MyVpc22-Log";

export interface PipelineQuery {
  /** --log-group, when given. */
  logGroup?: string;
  /** The VPC's id (vpc-...), when --vpc was given (callers resolve a Name tag first). */
  vpcId?: string;
}

export interface ResolvedPipeline {
  logGroupName: string;
  /** The flow logs delivering to that group (on that VPC, when one was given); possibly none. */
  flowLogs: FlowLog[];
  /** How the group was chosen, for messages: `given`, `the only flow log's`, `the tutorial's (no flow log yet)`. */
  how: string;
}

const toCloudWatch = (f: FlowLog) => (f.LogDestinationType ?? "cloud-watch-logs") === "cloud-watch-logs" && f.LogGroupName !== undefined;

/** Every flow log of the Region delivering to CloudWatch Logs, narrowed by EC2's filters (and checked again here). */
export async function cloudWatchFlowLogs(ec2: EC2Client, query: PipelineQuery = {}): Promise<FlowLog[]> {
  const Filter = [
    ...(query.logGroup !== undefined ? [{ Name: "log-group-name", Values: [query.logGroup] }] : []),
    ...(query.vpcId !== undefined ? [{ Name: "resource-id", Values: [query.vpcId] }] : []),
  ];
  const out: FlowLog[] = [];
  let NextToken: string | undefined;
  // Bounded: 1,000 pages of DescribeFlowLogs is far beyond any account's flow logs.
  for (let page = 0; page < 1000; page++) {
    const answer = await ec2.send(new DescribeFlowLogsCommand({ ...(Filter.length > 0 ? { Filter } : {}), ...(NextToken ? { NextToken } : {}) }));
    for (const f of answer.FlowLogs ?? []) {
      if (!toCloudWatch(f)) continue;
      if (query.logGroup !== undefined && f.LogGroupName !== query.logGroup) continue;
      if (query.vpcId !== undefined && f.ResourceId !== query.vpcId) continue;
      out.push(f);
    }
    NextToken = answer.NextToken;
    if (!NextToken) break;
  }
  return out;
}

/** One line per candidate: the group, the flow log's id and what it watches. */
export function listCandidates(flowLogs: FlowLog[]): string {
  return flowLogs
    .map(
      (f) =>
        `  ${f.LogGroupName}  ${f.FlowLogId}  ${f.ResourceId ?? "?"}${f.Tags?.find((t) => t.Key === "Name") ? ` (${f.Tags.find((t) => t.Key === "Name")?.Value})` : ""}`,
    )
    .join("\n");
}

/** The pipeline meant; a SetupError listing the candidates when the options leave several log groups. */
export async function resolvePipeline(ec2: EC2Client, query: PipelineQuery): Promise<ResolvedPipeline> {
  if (query.logGroup !== undefined) return { logGroupName: query.logGroup, flowLogs: await cloudWatchFlowLogs(ec2, query), how: "given" };
  const candidates = await cloudWatchFlowLogs(ec2, query);
  const groups = [...new Set(candidates.map((f) => f.LogGroupName as string))];
  if (groups.length === 1)
    return {
      logGroupName: groups[0] as string,
      flowLogs: candidates,
      how: query.vpcId ? `the log group of ${query.vpcId}'s flow log` : "the only flow log's log group",
    };
  if (groups.length === 0) {
    if (query.vpcId !== undefined) throw new SetupError(`no flow log of ${query.vpcId} delivers to CloudWatch Logs: give --log-group, or run flowwatch setup`);
    return { logGroupName: TUTORIAL_LOG_GROUP, flowLogs: [], how: "the tutorial's (no flow log delivers to CloudWatch Logs yet)" };
  }
  const where = query.vpcId !== undefined ? `${query.vpcId} has` : "this Region has";
  throw new SetupError(
    `${where} flow logs delivering to ${groups.length} log groups; say which with --log-group${query.vpcId ? "" : " (or --vpc)"}:\n  LOG GROUP  FLOW LOG  RESOURCE\n${listCandidates(candidates)}`,
  );
}

/** For tail, watch and the dashboard: the log group meant by --log-group / --vpc (a Name tag or an id), resolved as above. */
export async function logGroupFor(clients: AwsClients, options: { logGroup?: string | undefined; vpc?: string | undefined }): Promise<ResolvedPipeline> {
  if (options.logGroup !== undefined && options.vpc === undefined) return { logGroupName: options.logGroup, flowLogs: [], how: "given" };
  const vpcId = options.vpc === undefined ? undefined : await findVpc(clients, options.vpc);
  return resolvePipeline(clients.ec2, { ...(options.logGroup !== undefined ? { logGroup: options.logGroup } : {}), ...(vpcId !== undefined ? { vpcId } : {}) });
}
