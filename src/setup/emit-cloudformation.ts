/** `setup --emit cloudformation`: the same pipeline as a CloudFormation template (JSON), tagged and hardened alike. */
import { buildPreset } from "./alarms/preset.js";
import type { SetupConfig } from "./config.js";
import { hardenedPermissionsPolicy, hardenedTrustPolicy, SEED_POLICY, SEED_TRUST } from "./documents.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "./tags.js";

const tags = () => [{ Key: MANAGED_TAG_KEY, Value: MANAGED_TAG_VALUE }];

/** `no-data` -> `NoData`: the preset's keys as logical ids. */
const logicalId = (key: string) =>
  key
    .split("-")
    .map((w) => `${w[0]?.toUpperCase()}${w.slice(1)}`)
    .join("");

/** `--alarms`: AWS::Logs::MetricFilter and AWS::CloudWatch::Alarm resources, as setup creates them. */
function presetResources(config: SetupConfig): Record<string, object> {
  const preset = buildPreset(config);
  const resources: Record<string, object> = {};
  for (const f of preset.filters) {
    resources[`${logicalId(f.key)}MetricFilter`] = {
      Type: "AWS::Logs::MetricFilter",
      Properties: {
        FilterName: f.filterName,
        LogGroupName: { Ref: "FlowLogGroup" },
        FilterPattern: f.filterPattern,
        MetricTransformations: [{ MetricName: f.metricName, MetricNamespace: f.metricNamespace, MetricValue: f.metricValue, Unit: f.unit }],
      },
    };
  }
  for (const { key, AlarmActions, OKActions, ...alarm } of preset.alarms) {
    resources[`${logicalId(key)}Alarm`] = {
      Type: "AWS::CloudWatch::Alarm",
      Properties: { ...alarm, ...(AlarmActions.length > 0 ? { AlarmActions, OKActions } : {}), Tags: tags() },
    };
  }
  return resources;
}

export function cloudFormationTemplate(config: SetupConfig): object {
  const groupArn = { "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${FlowLogGroup}" };
  const streamsArn = { "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${FlowLogGroup}:*" };
  const policy = config.seedExact ? SEED_POLICY : hardenedPermissionsPolicy(groupArn, streamsArn);
  const trust = config.seedExact
    ? SEED_TRUST
    : hardenedTrustPolicy<unknown>({ Ref: "AWS::AccountId" }, { "Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*" });
  const vpcIsId = /^vpc-[0-9a-f]+$/.test(config.vpc);
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `VPC Flow Logs of a VPC delivered to CloudWatch Logs (flowwatch setup --emit cloudformation)`,
    Parameters: {
      VpcId: {
        Type: "AWS::EC2::VPC::Id",
        Description: `The VPC to watch${vpcIsId ? "" : ` (the one named ${config.vpc})`}`,
        ...(vpcIsId ? { Default: config.vpc } : {}),
      },
    },
    Resources: {
      FlowLogPolicy: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: config.policyName, Description: "Lets VPC Flow Logs deliver records to CloudWatch Logs", PolicyDocument: policy },
      },
      FlowLogRole: {
        Type: "AWS::IAM::Role",
        Properties: { RoleName: config.roleName, AssumeRolePolicyDocument: trust, ManagedPolicyArns: [{ Ref: "FlowLogPolicy" }], Tags: tags() },
      },
      FlowLogGroup: {
        Type: "AWS::Logs::LogGroup",
        DeletionPolicy: "Delete",
        UpdateReplacePolicy: "Delete",
        Properties: {
          LogGroupName: config.logGroupName,
          ...(config.retentionDays !== undefined ? { RetentionInDays: config.retentionDays } : {}),
          Tags: tags(),
        },
      },
      FlowLog: {
        Type: "AWS::EC2::FlowLog",
        Properties: {
          ResourceId: { Ref: "VpcId" },
          ResourceType: "VPC",
          TrafficType: config.trafficType,
          LogDestinationType: "cloud-watch-logs",
          LogGroupName: { Ref: "FlowLogGroup" },
          DeliverLogsPermissionArn: { "Fn::GetAtt": ["FlowLogRole", "Arn"] },
          LogFormat: config.logFormat,
          MaxAggregationInterval: config.maxAggregationInterval,
          Tags: [{ Key: "Name", Value: config.flowLogName }, ...tags()],
        },
      },
      ...(config.alarmPreset ? presetResources(config) : {}),
    },
    Outputs: {
      FlowLogId: { Value: { Ref: "FlowLog" } },
      RoleArn: { Value: { "Fn::GetAtt": ["FlowLogRole", "Arn"] } },
    },
  };
}
