/**
 * VPC flow logs: CreateFlowLogs, DescribeFlowLogs, DeleteFlowLogs. CloudWatch Logs and S3 destinations
 * are delivered by flowwatch, so Firehose is refused (after AWS's own checks) rather than stored and
 * never delivered. Delivery itself lives elsewhere and reports back through VpcDirectory.
 */
import { DEFAULT_FORMAT_TEXT, parseFormat } from "../../flowlog/index.js";
import type { RequestContext } from "../service.js";
import type {
  CreateFlowLogsRequest,
  CreateFlowLogsResult,
  DeleteFlowLogsRequest,
  DeleteFlowLogsResult,
  DescribeFlowLogsRequest,
  DescribeFlowLogsResult,
  FlowLog,
  UnsuccessfulItem,
} from "../validation/ec2-types.js";
import type { Ec2Context } from "./context.js";
import {
  dryRunOperation,
  flowLogAlreadyExists,
  flowLogsNotFound,
  invalidParameter,
  invalidParameterValue,
  missingParameter,
  networkInterfaceNotFound,
  subnetNotFound,
  vpcNotFound,
} from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { page } from "./pagination.js";
import type { FlowLogRecord } from "./records.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";
import { arnPrefix, inPartitionOf } from "../partitions.js";

const RESOURCE_TYPES = ["VPC", "Subnet", "NetworkInterface"] as const;
const UNSIMULATED_TYPES = ["TransitGateway", "TransitGatewayAttachment", "RegionalNatGateway"];
const TRAFFIC_TYPES = ["ACCEPT", "REJECT", "ALL"] as const;
const DESTINATION_TYPES = ["cloud-watch-logs", "s3", "kinesis-data-firehose"];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/;
const FILE_FORMATS = ["plain-text", "parquet"] as const;
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/;

/** Where a new flow log delivers: a log group through a role, or an S3 bucket with its file options. */
interface FlowLogDestination {
  destination: string;
  logGroupName?: string;
  roleArn?: string;
  bucket?: string;
  options?: NonNullable<FlowLogRecord["destinationOptions"]>;
}

export const flowLogArn = (f: { id: string }, account: string, region: string) => `${arnPrefix(region)}ec2:${region}:${account}:vpc-flow-log/${f.id}`;

/** A custom format as AWS takes it; a format AWS would refuse is refused in AWS's words (aws-cloudformation/rain#288). */
function checkFormat(format: string): void {
  const refused = () => invalidParameter(`1 validation error detected: Value '${format}' at 'logFormat' has an invalid format`);
  if (format !== format.trim()) throw refused();
  try {
    parseFormat(format);
  } catch {
    throw refused();
  }
}

export function flowLogOperations(ec2: Ec2Context) {
  const { store, clock } = ec2;

  function flowLogOutput(f: FlowLogRecord): FlowLog {
    return {
      CreationTime: new Date(f.created),
      DeliverLogsErrorMessage: f.deliverLogsErrorMessage,
      DeliverLogsPermissionArn: f.deliverLogsPermissionArn,
      DeliverCrossAccountRole: f.deliverCrossAccountRole,
      DeliverLogsStatus: f.deliverLogsStatus,
      ...(f.destinationOptions === undefined
        ? {}
        : {
            DestinationOptions: {
              FileFormat: f.destinationOptions.fileFormat,
              HiveCompatiblePartitions: f.destinationOptions.hiveCompatiblePartitions,
              PerHourPartition: f.destinationOptions.perHourPartition,
            },
          }),
      FlowLogId: f.id,
      FlowLogStatus: "ACTIVE",
      LogGroupName: f.logGroupName,
      ResourceId: f.resourceId,
      TrafficType: f.trafficType,
      LogDestinationType: f.logDestinationType,
      LogDestination: f.logDestination,
      LogFormat: f.logFormat,
      Tags: modelTags(f.tags),
      MaxAggregationInterval: f.maxAggregationInterval,
    };
  }

  /** Why a resource cannot get a flow log, as an `unsuccessful` item's error, or undefined when it can. */
  function resourceProblem(ctx: RequestContext, type: (typeof RESOURCE_TYPES)[number], id: string): { code: string; message: string } | undefined {
    const error =
      type === "VPC"
        ? store.get(ctx, "vpc", id) === undefined && vpcNotFound(id)
        : type === "Subnet"
          ? store.get(ctx, "subnet", id) === undefined && subnetNotFound(id)
          : store.get(ctx, "network-interface", id) === undefined && networkInterfaceNotFound(id);
    return error === false ? undefined : { code: error.code, message: error.message };
  }

  /** A CloudWatch Logs destination: the group (by name or ARN) and the role delivery assumes. */
  function logsTarget(input: CreateFlowLogsRequest, ctx: RequestContext): FlowLogDestination {
    if (input.DestinationOptions !== undefined) throw invalidParameter("DestinationOptions can only be provided if LogDestinationType is s3.");
    const roleArn = input.DeliverLogsPermissionArn;
    if (roleArn === undefined) throw invalidParameter("DeliverLogsPermissionArn can't be empty if LogDestinationType is cloud-watch-logs.");
    // A role of another partition than the request's Region cannot exist for this account: refused like a malformed one.
    if (!ROLE_ARN.test(roleArn) || !inPartitionOf(roleArn, ctx.region))
      throw invalidParameter(`DeliverLogsPermissionArn ${roleArn} is not a valid IAM role ARN.`);
    let logGroupName = input.LogGroupName;
    if (logGroupName === undefined) {
      const m = LOG_GROUP_ARN.exec(input.LogDestination ?? "");
      if (m === null || !inPartitionOf(input.LogDestination ?? "", ctx.region))
        throw invalidParameter(`LogDestination ${input.LogDestination ?? ""} is not a CloudWatch Logs log group ARN.`);
      // Group 3 always takes part in a match: `[^:]+`.
      logGroupName = m[3] ?? "";
    }
    if (logGroupName === "" || logGroupName.length > 512) throw invalidParameter("LogGroupName must be 1 to 512 characters long.");
    return { destination: `${arnPrefix(ctx.region)}logs:${ctx.region}:${ctx.account}:log-group:${logGroupName}`, logGroupName, roleArn };
  }

  /**
   * An S3 destination: `arn:aws:s3:::bucket[/folder]` (Amazon VPC User Guide, "Create a flow log that
   * publishes to Amazon S3": the folder may not be named AWSLogs), no role, DestinationOptions with AWS's
   * defaults (plain-text, no Hive partitions, by day). The bucket's existence is checked per resource.
   */
  function s3Target(input: CreateFlowLogsRequest, ctx: RequestContext): FlowLogDestination {
    const arn = input.LogDestination ?? "";
    if (input.DeliverLogsPermissionArn !== undefined) throw invalidParameter("DeliverLogsPermissionArn is not applicable for s3 delivery");
    const m = S3_ARN.exec(arn);
    if (m === null || !inPartitionOf(arn, ctx.region)) throw invalidParameter(`LogDestination ${arn} is not a valid S3 bucket ARN.`);
    const folders = (m[2] ?? "").split("/").filter((segment) => segment !== "");
    if (folders[0] === "AWSLogs") throw invalidParameter("LogDestination: AWSLogs is a reserved folder name and cannot be used as a subfolder.");
    const options = input.DestinationOptions ?? {};
    const fileFormat = FILE_FORMATS.find((f) => f === (options.FileFormat ?? "plain-text"));
    if (fileFormat === undefined) throw invalidParameterValue(`Value (${options.FileFormat}) for parameter destinationOptions.fileFormat is invalid.`);
    return {
      destination: arn,
      bucket: m[1] as string,
      options: { fileFormat, hiveCompatiblePartitions: options.HiveCompatiblePartitions ?? false, perHourPartition: options.PerHourPartition ?? false },
    };
  }

  /**
   * CreateFlowLogs. Parameter problems fail the call (InvalidParameter, in the words recorded on
   * AWS); a resource that does not exist, or already has a flow log of the same traffic type to the
   * same destination, is reported per resource in `unsuccessful` while the others are created.
   */
  function createFlowLogs(input: CreateFlowLogsRequest, ctx: RequestContext): CreateFlowLogsResult {
    const type = input.ResourceType;
    if (UNSIMULATED_TYPES.includes(type))
      throw invalidParameter(`flowwatch does not simulate ${type} flow logs: ResourceType must be VPC, Subnet or NetworkInterface.`);
    // EC2's enums arrive as plain strings: each is checked here, in EC2's words.
    const resourceType = RESOURCE_TYPES.find((t) => t === type);
    if (resourceType === undefined) throw invalidParameterValue(`Value (${type}) for parameter resourceType is invalid.`);
    if (input.TrafficType === undefined) throw missingParameter("TrafficType");
    const trafficType = TRAFFIC_TYPES.find((t) => t === input.TrafficType);
    if (trafficType === undefined) throw invalidParameterValue(`Value (${input.TrafficType}) for parameter trafficType is invalid.`);
    const destinationType = input.LogDestinationType ?? "cloud-watch-logs";
    if (!DESTINATION_TYPES.includes(destinationType)) throw invalidParameterValue(`Value (${destinationType}) for parameter logDestinationType is invalid.`);
    // The order of these checks follows the recordings
    // (test/vectors/aws-recorded/ec2_test_ec2.snapshot.json, test_ec2_flow_logs_s3_validation).
    if (input.LogGroupName !== undefined && input.LogDestination !== undefined)
      throw invalidParameter("Please only provide LogGroupName or only provide LogDestination.");
    if (input.LogGroupName !== undefined && destinationType !== "cloud-watch-logs")
      throw invalidParameter("LogDestination type must be cloud-watch-logs if LogGroupName is provided.");
    if (input.LogGroupName === undefined && input.LogDestination === undefined)
      throw invalidParameter("LogDestination can't be empty if LogGroupName is not provided.");
    if (destinationType === "kinesis-data-firehose") {
      throw invalidParameter(
        "flowwatch delivers flow logs to CloudWatch Logs and S3 only: LogDestinationType kinesis-data-firehose is refused rather than accepted and never delivered.",
      );
    }
    const target = destinationType === "s3" ? s3Target(input, ctx) : logsTarget(input, ctx);
    const interval = input.MaxAggregationInterval ?? 600;
    if (interval !== 60 && interval !== 600) throw invalidParameter("Invalid Flow Log Max Aggregation Interval");
    const logFormat = input.LogFormat ?? DEFAULT_FORMAT_TEXT;
    if (input.LogFormat !== undefined) checkFormat(input.LogFormat);
    if (input.ResourceIds.length > 1000) throw invalidParameter("The maximum number of resource IDs is 1000.");
    const tags = tagsFromSpecifications(input.TagSpecifications, "vpc-flow-log");
    // The caller passes the role to the flow logs service, so needs iam:PassRole on it (VPC user guide); S3 delivery takes no role.
    if (target.roleArn !== undefined) ctx.authorize?.("iam:PassRole", target.roleArn, { "iam:PassedToService": "vpc-flow-logs.amazonaws.com" });
    if (input.DryRun === true) throw dryRunOperation();

    const idKind = resourceType === "VPC" ? "vpc" : resourceType === "Subnet" ? "subnet" : "network-interface";
    for (const id of input.ResourceIds) checkId(idKind, id);
    const destination = target.destination;
    const existing = store.list(ctx, "vpc-flow-log");
    const created: FlowLogRecord[] = [];
    const unsuccessful: UnsuccessfulItem[] = [];
    for (const resourceId of input.ResourceIds) {
      const problem = resourceProblem(ctx, resourceType, resourceId);
      // Recorded on AWS (test_ec2_flow_logs_s3_validation): a missing bucket fails each resource with code "400".
      const missingBucket = target.bucket !== undefined && ec2.bucketExists !== undefined && !ec2.bucketExists(target.bucket);
      if (problem === undefined && missingBucket) {
        unsuccessful.push({ Error: { Code: "400", Message: `LogDestination: ${target.bucket} does not exist` }, ResourceId: resourceId });
        continue;
      }
      if (problem !== undefined) {
        unsuccessful.push({ Error: { Code: problem.code, Message: problem.message }, ResourceId: resourceId });
        continue;
      }
      const same = (f: FlowLogRecord) => f.resourceId === resourceId && f.trafficType === trafficType && f.logDestination === destination;
      if (existing.some(same) || created.some(same)) {
        const e = flowLogAlreadyExists();
        unsuccessful.push({ Error: { Code: e.code, Message: e.message }, ResourceId: resourceId });
        continue;
      }
      const flowLog: FlowLogRecord = {
        id: newId("vpc-flow-log"),
        created: clock.now(),
        resourceId,
        resourceType,
        trafficType,
        logDestinationType: destinationType === "s3" ? "s3" : "cloud-watch-logs",
        ...(target.logGroupName === undefined ? {} : { logGroupName: target.logGroupName }),
        logDestination: destination,
        ...(target.roleArn === undefined ? {} : { deliverLogsPermissionArn: target.roleArn }),
        ...(target.options === undefined ? {} : { destinationOptions: target.options }),
        ...(input.DeliverCrossAccountRole === undefined ? {} : { deliverCrossAccountRole: input.DeliverCrossAccountRole }),
        logFormat,
        maxAggregationInterval: interval,
        deliverLogsStatus: "SUCCESS",
        tags: { ...tags },
      };
      store.insert(ctx, "vpc-flow-log", flowLog);
      ec2.changes.queue({ type: "flow-log", account: ctx.account, region: ctx.region, flowLogId: flowLog.id, change: "created" });
      created.push(flowLog);
    }
    return { ClientToken: input.ClientToken, FlowLogIds: created.map((f) => f.id), Unsuccessful: unsuccessful };
  }

  /** DescribeFlowLogs. Unknown ids in FlowLogIds simply match nothing. */
  function describeFlowLogs(input: DescribeFlowLogsRequest, ctx: RequestContext): DescribeFlowLogsResult {
    let flowLogs = store.list(ctx, "vpc-flow-log");
    if (input.FlowLogIds !== undefined && input.FlowLogIds.length > 0) flowLogs = flowLogs.filter((f) => input.FlowLogIds?.includes(f.id));
    const filtered = applyFilters(flowLogs, input.Filter, {
      "deliver-log-status": (f) => f.deliverLogsStatus,
      "log-destination-type": (f) => f.logDestinationType,
      "flow-log-id": (f) => f.id,
      "log-group-name": (f) => f.logGroupName,
      "resource-id": (f) => f.resourceId,
      "traffic-type": (f) => f.trafficType,
    });
    const { items, nextToken } = page(filtered, input, { min: 1, max: 1000 });
    return { FlowLogs: items.map(flowLogOutput), NextToken: nextToken };
  }

  /** DeleteFlowLogs. Any unknown id fails the call, listing every id given (moto's wording, from getmoto/moto#6369). */
  function deleteFlowLogs(input: DeleteFlowLogsRequest, ctx: RequestContext): DeleteFlowLogsResult {
    for (const id of input.FlowLogIds) checkId("vpc-flow-log", id);
    if (input.FlowLogIds.some((id) => store.get(ctx, "vpc-flow-log", id) === undefined)) throw flowLogsNotFound(input.FlowLogIds);
    for (const id of input.FlowLogIds) {
      store.delete(ctx, id);
      ec2.changes.queue({ type: "flow-log", account: ctx.account, region: ctx.region, flowLogId: id, change: "deleted" });
    }
    return { Unsuccessful: [] };
  }

  return { createFlowLogs, describeFlowLogs, deleteFlowLogs };
}
