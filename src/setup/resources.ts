/** The SDK calls that create or change each resource of the pipeline; what setup creates is tagged as flowwatch's. */
import { CreateLogGroupCommand, PutRetentionPolicyCommand, DeleteRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, DeleteFlowLogsCommand } from "@aws-sdk/client-ec2";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyVersionCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { PutMetricFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { PresetAlarm, PresetFilter } from "./alarms/preset.js";
import { policyArn, roleArn, type Scope } from "./arns.js";
import type { AwsClients } from "./clients.js";
import type { SetupConfig } from "./config.js";
import { SetupError } from "./errors.js";
import { FLOW_LOGS_SERVICE } from "./documents.js";
import { afterIamChange, type IamWait, isRoleNotYetUsable, notYetUsable } from "./iam-propagation.js";
import { managedTags } from "./tags.js";

export type ResourceWork =
  | { kind: "create-policy"; document: object }
  | { kind: "update-policy"; document: object; versionIds: string[]; defaultVersionId: string }
  | { kind: "create-role"; trust: object }
  | { kind: "update-trust"; trust: object }
  | { kind: "attach-policy" }
  | { kind: "create-log-group" }
  | { kind: "set-retention" }
  | { kind: "delete-flow-log"; flowLogId: string }
  | { kind: "create-flow-log" }
  | { kind: "put-metric-filter"; filter: PresetFilter }
  /** PutMetricAlarm creates or replaces; tags are taken on creation only, as on AWS. */
  | { kind: "put-metric-alarm"; alarm: PresetAlarm; create: boolean };

export interface WorkContext {
  clients: AwsClients;
  config: SetupConfig;
  scope: Scope;
  vpcId: string;
  /** Set by create-flow-log. */
  flowLogId?: string;
  /** Set once a role, its trust or its policy was changed in this run: the next use of the role may be refused for a while. */
  iamChanged?: boolean;
  iamWait: IamWait;
  say: (line: string) => void;
}

const IAM_WORK = new Set<ResourceWork["kind"]>(["create-policy", "update-policy", "create-role", "update-trust", "attach-policy"]);

export async function perform(work: ResourceWork, ctx: WorkContext): Promise<void> {
  await performOnce(work, ctx);
  if (IAM_WORK.has(work.kind)) ctx.iamChanged = true;
}

/** CreateFlowLogs reports a refused resource in Unsuccessful rather than throwing: such a failure as an Error. */
class FlowLogRefused extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/** IAM keeps at most five versions of a policy: the oldest one that is not the default makes room. */
export const MAX_POLICY_VERSIONS = 5;

async function performOnce(work: ResourceWork, ctx: WorkContext): Promise<void> {
  const { clients, config, scope } = ctx;
  switch (work.kind) {
    case "create-policy":
      await clients.iam.send(
        new CreatePolicyCommand({
          PolicyName: config.policyName,
          PolicyDocument: JSON.stringify(work.document),
          Description: "Lets VPC Flow Logs deliver records to CloudWatch Logs (flowwatch setup)",
          Tags: managedTags(),
        }),
      );
      return;
    case "update-policy": {
      const arn = policyArn(scope, config.policyName);
      if (work.versionIds.length >= MAX_POLICY_VERSIONS) {
        const oldest = work.versionIds.filter((v) => v !== work.defaultVersionId).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))[0];
        if (oldest !== undefined) await clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: oldest }));
      }
      await clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(work.document), SetAsDefault: true }));
      return;
    }
    case "create-role":
      await clients.iam.send(
        new CreateRoleCommand({
          RoleName: config.roleName,
          AssumeRolePolicyDocument: JSON.stringify(work.trust),
          Description: "Assumed by VPC Flow Logs to deliver to CloudWatch Logs (flowwatch setup)",
          Tags: managedTags(),
        }),
      );
      return;
    case "update-trust":
      await clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: config.roleName, PolicyDocument: JSON.stringify(work.trust) }));
      return;
    case "attach-policy":
      await clients.iam.send(new AttachRolePolicyCommand({ RoleName: config.roleName, PolicyArn: policyArn(scope, config.policyName) }));
      return;
    case "create-log-group":
      await clients.logs.send(
        new CreateLogGroupCommand({ logGroupName: config.logGroupName, tags: Object.fromEntries(managedTags().map((t) => [t.Key, t.Value])) }),
      );
      await setRetention(ctx);
      return;
    case "set-retention":
      await setRetention(ctx);
      return;
    case "delete-flow-log":
      await clients.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [work.flowLogId] }));
      return;
    case "create-flow-log": {
      const create = async () => {
        const answer = await clients.ec2.send(
          new CreateFlowLogsCommand({
            ResourceType: "VPC",
            ResourceIds: [ctx.vpcId],
            TrafficType: config.trafficType,
            LogDestinationType: "cloud-watch-logs",
            LogGroupName: config.logGroupName,
            DeliverLogsPermissionArn: roleArn(scope, config.roleName),
            LogFormat: config.logFormat,
            MaxAggregationInterval: config.maxAggregationInterval,
            TagSpecifications: [{ ResourceType: "vpc-flow-log", Tags: [{ Key: "Name", Value: config.flowLogName }, ...managedTags()] }],
          }),
        );
        const failure = answer.Unsuccessful?.[0]?.Error;
        if (failure !== undefined && isRoleNotYetUsable(failure.Code, failure.Message))
          throw new FlowLogRefused(failure.Code ?? "InvalidParameter", failure.Message ?? "");
        return answer;
      };
      // Only right after an IAM change in this run is the refusal propagation; otherwise it is the answer.
      const why = ctx.iamChanged
        ? `still refused after waiting ${ctx.iamWait.totalMs / 1000} s for IAM: the role's trust policy must let ${FLOW_LOGS_SERVICE} assume it`
        : `the role's trust policy must let ${FLOW_LOGS_SERVICE} assume it; if it was created or changed in the last minute, IAM may not have reached EC2 yet: run setup again shortly`;
      const answer = await (ctx.iamChanged ? afterIamChange(create, ctx.iamWait, ctx.say) : create()).catch((error: unknown) => {
        const refusal = notYetUsable(error);
        if (refusal === undefined) throw error;
        throw new SetupError(`CreateFlowLogs: ${refusal.name}: ${refusal.message} (${why})`);
      });
      const failure = answer.Unsuccessful?.[0]?.Error;
      if (failure !== undefined) throw new SetupError(`CreateFlowLogs: ${failure.Code}: ${failure.Message}`);
      const id = answer.FlowLogIds?.[0];
      if (id !== undefined) ctx.flowLogId = id;
      return;
    }
    case "put-metric-filter": {
      const f = work.filter;
      await clients.logs.send(
        new PutMetricFilterCommand({
          logGroupName: config.logGroupName,
          filterName: f.filterName,
          filterPattern: f.filterPattern,
          metricTransformations: [{ metricName: f.metricName, metricNamespace: f.metricNamespace, metricValue: f.metricValue, unit: f.unit }],
        }),
      );
      return;
    }
    case "put-metric-alarm": {
      const { key: _key, ...alarm } = work.alarm;
      await clients.cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, ...(work.create ? { Tags: managedTags() } : {}) }));
      return;
    }
  }
}

async function setRetention({ clients, config }: WorkContext): Promise<void> {
  if (config.retentionDays === undefined) await clients.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: config.logGroupName }));
  else await clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: config.logGroupName, retentionInDays: config.retentionDays }));
}
