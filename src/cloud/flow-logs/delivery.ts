/**
 * Delivery of closed aggregation windows to CloudWatch Logs, as VPC Flow Logs delivers: per flow log
 * covering the interface, records pass its TrafficType, are written in its LogFormat into the stream
 * `<eni>-all` (`-accept`, `-reject`), and every call is made as vpc-flow-logs.amazonaws.com through
 * the flow log's role — so a wrong trust policy or a missing permission fails exactly as on AWS.
 */
import { type FlowLogFormat, formatRecord, parseFormat } from "../../flowlog/index.js";
import { FlowEnricher } from "../../network/enrich.js";
import type { ClosedWindow } from "../../network/observation.js";
import type { Authorizer } from "../authorization.js";
import type { Clock } from "../clock.js";
import { AwsError } from "../protocol/aws-error.js";
import { callOperation, type RequestContext, type ServiceDefinition } from "../service.js";
import type { FlowLogTarget, MonitoredInterface, ServiceRoleAssumer, VpcView } from "./ports.js";
import type { S3FileDelivery } from "./s3-delivery.js";

export const FLOW_LOGS_PRINCIPAL = "vpc-flow-logs.amazonaws.com";

/** PutLogEvents' limits: 10,000 events and 1,048,576 bytes counting 26 per event. */
const MAX_EVENTS = 10_000;
const MAX_BYTES = 1_048_576;

export interface DeliveryDeps {
  vpc: VpcView;
  sts: ServiceRoleAssumer;
  logs: ServiceDefinition;
  authorizer: Authorizer;
  clock: Clock;
  /** Files for flow logs delivering to S3; without it such flow logs fail with `Unknown error`. */
  s3Files?: S3FileDelivery;
}

export interface DeliveryOutcome {
  flowLogId: string;
  records: number;
  status: "SUCCESS" | "FAILED";
  message?: string;
}

/** AWS's DeliverLogsErrorMessage values: `Access error` for the role, `Unknown error` for anything else. */
function failureMessage(error: unknown): string {
  if (error instanceof AwsError && /AccessDenied|UnauthorizedOperation/.test(error.code)) return "Access error";
  if (error instanceof AwsError && error.code === "LimitExceededException") return "Rate limited";
  return "Unknown error";
}

export class FlowLogDelivery {
  private readonly enricher = new FlowEnricher();
  private readonly formats = new Map<string, FlowLogFormat>();

  constructor(private readonly deps: DeliveryDeps) {}

  private format(text: string): FlowLogFormat {
    let format = this.formats.get(text);
    if (format === undefined) {
      format = parseFormat(text);
      this.formats.set(text, format);
    }
    return format;
  }

  /** Delivers one closed window of one interface to every flow log of `interval` seconds covering it. */
  async deliver(window: ClosedWindow, iface: MonitoredInterface, interval: 60 | 600): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (const flowLog of this.deps.vpc.flowLogsCovering(iface.account, iface.region, iface.interfaceId)) {
      if (flowLog.maxAggregationInterval !== interval) continue;
      const records = window.records.filter((r) => r.logStatus !== "OK" || flowLog.trafficType === "ALL" || r.action === flowLog.trafficType);
      if (records.length === 0) continue;
      const format = this.format(flowLog.logFormat);
      const metadata = {
        interfaceId: iface.interfaceId,
        accountId: iface.account,
        vpcId: iface.vpcId,
        subnetId: iface.subnetId,
        instanceId: iface.instanceId,
        region: iface.region,
        azId: iface.azId,
        privateIp: iface.privateIp,
        publicIp: iface.publicIp,
        ...(iface.vpcCidrs ? { vpcCidrs: iface.vpcCidrs } : {}),
      };
      if (flowLog.s3 !== undefined) {
        // S3 delivery writes files: the records wait in the flow log's open file until its interval ends.
        const enriched = records.map((flow) => this.enricher.record(flow, metadata, format.version));
        if (this.deps.s3Files === undefined) {
          this.deps.vpc.setDeliveryStatus(flowLog.account, flowLog.region, flowLog.flowLogId, "FAILED", "Unknown error");
          outcomes.push({ flowLogId: flowLog.flowLogId, records: enriched.length, status: "FAILED", message: "Unknown error" });
        } else {
          const { destination, options } = flowLog.s3;
          this.deps.s3Files.append(
            { accountId: flowLog.account, region: flowLog.region, flowLogId: flowLog.flowLogId, format, destination, options },
            enriched,
            this.deps.clock.now(),
          );
        }
        continue;
      }
      const events = records
        .map((flow) => ({ timestamp: flow.start * 1000, message: formatRecord(this.enricher.record(flow, metadata, format.version), format) }))
        .sort((a, b) => a.timestamp - b.timestamp);
      const stream = `${iface.interfaceId}-${flowLog.trafficType.toLowerCase()}`;
      const outcome = await this.put(flowLog, stream, events);
      this.deps.vpc.setDeliveryStatus(flowLog.account, flowLog.region, flowLog.flowLogId, outcome.status, outcome.message);
      outcomes.push({ ...outcome, records: events.length });
    }
    return outcomes;
  }

  /** Puts the S3 files whose interval has ended by now, or every open one when `all` (a flush). */
  async closeFiles(all: boolean): Promise<DeliveryOutcome[]> {
    const files = this.deps.s3Files;
    if (files === undefined) return [];
    const now = this.deps.clock.now();
    const outcomes = all ? await files.flush(now) : await files.closeDue(now);
    return outcomes.map(({ flowLogId, records, status, message }) =>
      message === undefined ? { flowLogId, records, status } : { flowLogId, records, status, message },
    );
  }

  private async put(flowLog: FlowLogTarget, stream: string, events: Array<{ timestamp: number; message: string }>): Promise<Omit<DeliveryOutcome, "records">> {
    const session = this.deps.sts.assumeRoleAsService(flowLog.roleArn, FLOW_LOGS_PRINCIPAL, { sourceAccount: flowLog.account, sourceArn: flowLog.arn });
    if (!session.ok) return { flowLogId: flowLog.flowLogId, status: "FAILED", message: "Access error" };
    const ctx: RequestContext = {
      account: flowLog.account,
      region: flowLog.region,
      requestId: `flow-log-delivery-${flowLog.flowLogId}`,
      principal: session.principal,
      clock: this.deps.clock,
    };
    const call = async (operation: string, wire: Record<string, unknown>) => {
      const handler = this.deps.logs.operations[operation];
      if (handler === undefined) throw new AwsError("UnknownOperationException", operation);
      // As the pipeline: decoded and validated by the operation's model, then authorized on the typed input.
      const input = this.deps.logs.inputs.decode(operation, wire, "json");
      this.deps.authorizer.authorize(this.deps.logs, operation, input, ctx);
      return await callOperation(handler, input, ctx);
    };
    const ignore = async (code: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        if (!(error instanceof AwsError) || error.code !== code) throw error;
      }
    };
    try {
      // As AWS: the group is created on first delivery when missing, which needs logs:CreateLogGroup.
      await ignore("ResourceAlreadyExistsException", () => call("CreateLogGroup", { logGroupName: flowLog.logGroupName }));
      await ignore("ResourceAlreadyExistsException", () => call("CreateLogStream", { logGroupName: flowLog.logGroupName, logStreamName: stream }));
      for (const batch of batches(events)) await call("PutLogEvents", { logGroupName: flowLog.logGroupName, logStreamName: stream, logEvents: batch });
      return { flowLogId: flowLog.flowLogId, status: "SUCCESS" };
    } catch (error) {
      return { flowLogId: flowLog.flowLogId, status: "FAILED", message: failureMessage(error) };
    }
  }
}

/** Splits events into PutLogEvents batches within its limits. */
function* batches(events: Array<{ timestamp: number; message: string }>): Generator<Array<{ timestamp: number; message: string }>> {
  let batch: Array<{ timestamp: number; message: string }> = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(event.message) + 26;
    if (batch.length === MAX_EVENTS || bytes + size > MAX_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
