/**
 * aws:ResourceTag/KEY from the resource a request acts on, in CloudWatch Logs, EC2 and CloudWatch: a
 * policy allowing an action only on resources tagged team=blue lets it through on the blue resource
 * and refuses it, in the service's words, on the red one. SDK v3 against the local cloud in strict mode.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";

/** `action` allowed on any resource, but only where the resource carries team=blue. */
const onlyBlueResources = (action: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: action, Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/team": "blue" } } }],
  });

describe("aws:ResourceTag conditions in Logs, EC2 and CloudWatch", () => {
  const key: { id?: string; secret?: string } = {};
  const as = <T>(Client: new (config: object) => T) => new Client(env.clientConfig(key.id, key.secret));
  const policy = async (document: string) => {
    await new IAMClient(env.clientConfig()).send(new PutUserPolicyCommand({ UserName: "abac", PolicyName: "abac", PolicyDocument: document }));
  };
  const refused = (promise: Promise<unknown>, code: string, action: string, resource: string) =>
    assert.rejects(promise, (e: Error) => {
      assert.equal(e.name, code);
      assert.match(
        e.message,
        new RegExp(`User: arn:aws:iam::${A}:user/abac is not authorized to perform: ${action} on resource: ${resource.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
      );
      return true;
    });

  test("a user with an access key", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "abac" }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: "abac" }))).AccessKey;
    key.id = k?.AccessKeyId;
    key.secret = k?.SecretAccessKey;
  });

  test("Logs PutRetentionPolicy: the blue group's tags allow it, the red one's and an untagged one's do not", async () => {
    const admin = new CloudWatchLogsClient(env.clientConfig());
    await admin.send(new CreateLogGroupCommand({ logGroupName: "blue", tags: { team: "blue" } }));
    await admin.send(new CreateLogGroupCommand({ logGroupName: "red", tags: { team: "red" } }));
    await admin.send(new CreateLogGroupCommand({ logGroupName: "plain" }));
    await policy(onlyBlueResources("logs:PutRetentionPolicy"));
    await as(CloudWatchLogsClient).send(new PutRetentionPolicyCommand({ logGroupName: "blue", retentionInDays: 7 }));
    await refused(
      as(CloudWatchLogsClient).send(new PutRetentionPolicyCommand({ logGroupName: "red", retentionInDays: 7 })),
      "AccessDeniedException",
      "logs:PutRetentionPolicy",
      `arn:aws:logs:us-east-1:${A}:log-group:red:log-stream:`,
    );
    await refused(
      as(CloudWatchLogsClient).send(new PutRetentionPolicyCommand({ logGroupName: "plain", retentionInDays: 7 })),
      "AccessDeniedException",
      "logs:PutRetentionPolicy",
      `arn:aws:logs:us-east-1:${A}:log-group:plain:log-stream:`,
    );
    const groups = (await admin.send(new DescribeLogGroupsCommand({}))).logGroups ?? [];
    assert.deepEqual(
      groups.map((g) => [g.logGroupName, g.retentionInDays]),
      [
        ["blue", 7],
        ["plain", undefined],
        ["red", undefined],
      ],
    );
  });

  test("Logs: a log stream has no tags of its own (the reference gives log-stream no aws:ResourceTag)", async () => {
    await new CloudWatchLogsClient(env.clientConfig()).send(new CreateLogStreamCommand({ logGroupName: "blue", logStreamName: "s" }));
    await policy(onlyBlueResources("logs:PutLogEvents"));
    await refused(
      as(CloudWatchLogsClient).send(
        new PutLogEventsCommand({ logGroupName: "blue", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "m" }] }),
      ),
      "AccessDeniedException",
      "logs:PutLogEvents",
      `arn:aws:logs:us-east-1:${A}:log-group:blue:log-stream:s`,
    );
  });

  test("EC2 DeleteSecurityGroup: tags added by CreateTags decide, ec2:ResourceTag as well as aws:ResourceTag", async () => {
    const admin = new EC2Client(env.clientConfig());
    const vpc = (await admin.send(new CreateVpcCommand({ CidrBlock: "10.41.0.0/16" }))).Vpc?.VpcId as string;
    const group = async (name: string) =>
      (await admin.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpc }))).GroupId as string;
    const blue = await group("blue");
    const red = await group("red");
    const other = await group("other");
    await admin.send(new CreateTagsCommand({ Resources: [blue], Tags: [{ Key: "team", Value: "blue" }] }));
    await admin.send(new CreateTagsCommand({ Resources: [red, other], Tags: [{ Key: "team", Value: "red" }] }));
    await policy(onlyBlueResources("ec2:DeleteSecurityGroup"));
    await as(EC2Client).send(new DeleteSecurityGroupCommand({ GroupId: blue }));
    await refused(
      as(EC2Client).send(new DeleteSecurityGroupCommand({ GroupId: red })),
      "UnauthorizedOperation",
      "ec2:DeleteSecurityGroup",
      `arn:aws:ec2:us-east-1:${A}:security-group/${red}`,
    );
    await policy(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "ec2:DeleteSecurityGroup", Resource: "*", Condition: { StringEquals: { "ec2:ResourceTag/team": "red" } } }],
      }),
    );
    await as(EC2Client).send(new DeleteSecurityGroupCommand({ GroupId: red }));
    const left = (await admin.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc] }] }))).SecurityGroups ?? [];
    assert.deepEqual(left.map((g) => g.GroupName).sort(), ["default", "other"]);
  });

  test("CloudWatch DeleteAlarms and PutMetricAlarm: the alarm's tags decide", async () => {
    const admin = new CloudWatchClient(env.clientConfig());
    const alarm = (name: string, team: string) =>
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: "App",
        MetricName: "m",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
        Tags: [{ Key: "team", Value: team }],
      });
    await admin.send(alarm("blue", "blue"));
    await admin.send(alarm("red", "red"));
    await policy(onlyBlueResources("cloudwatch:PutMetricAlarm"));
    const update = (name: string) =>
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: "App",
        MetricName: "m",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: "GreaterThanThreshold",
      });
    await as(CloudWatchClient).send(update("blue"));
    await refused(
      as(CloudWatchClient).send(update("red")),
      "AccessDeniedException",
      "cloudwatch:PutMetricAlarm",
      `arn:aws:cloudwatch:us-east-1:${A}:alarm:red`,
    );
    // A new alarm has no tags yet: nothing satisfies the condition.
    await refused(
      as(CloudWatchClient).send(update("new")),
      "AccessDeniedException",
      "cloudwatch:PutMetricAlarm",
      `arn:aws:cloudwatch:us-east-1:${A}:alarm:new`,
    );
    await policy(onlyBlueResources("cloudwatch:DeleteAlarms"));
    await refused(
      as(CloudWatchClient).send(new DeleteAlarmsCommand({ AlarmNames: ["blue", "red"] })),
      "AccessDeniedException",
      "cloudwatch:DeleteAlarms",
      `arn:aws:cloudwatch:us-east-1:${A}:alarm:red`,
    );
    await as(CloudWatchClient).send(new DeleteAlarmsCommand({ AlarmNames: ["blue"] }));
    const alarms = (await admin.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
    assert.deepEqual(
      alarms.map((a) => a.AlarmName),
      ["red"],
    );
  });
});
