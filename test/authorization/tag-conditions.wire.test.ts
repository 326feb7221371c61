/**
 * The tag condition keys the authorization tables supply (aws:RequestTag/KEY, aws:TagKeys) reach
 * policy conditions in every service, whatever the wire form of the tags, with the SDK v3.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchClient, PutMetricAlarmCommand, TagResourceCommand as CwTag } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, CreateLogGroupCommand, TagResourceCommand as LogsTag } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTagsCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from "@aws-sdk/client-iam";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";

/** Tagging allowed only with the single key `team` set to `blue`. */
const onlyBlueTeam = (action: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: action,
        Resource: "*",
        Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] }, StringEquals: { "aws:RequestTag/team": "blue" } },
      },
    ],
  });

describe("tag condition keys in every service", () => {
  const key: { id?: string; secret?: string } = {};
  const as = <T>(Client: new (config: object) => T) => new Client(env.clientConfig(key.id, key.secret));
  const policy = async (action: string) => {
    await new IAMClient(env.clientConfig()).send(new PutUserPolicyCommand({ UserName: "tagger", PolicyName: "tags", PolicyDocument: onlyBlueTeam(action) }));
  };
  const refused = (promise: Promise<unknown>, code: string) =>
    assert.rejects(promise, (e: Error) => e.name === code && e.message.includes("not authorized to perform"));

  test("a tagger user", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "tagger" }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: "tagger" }))).AccessKey;
    key.id = k?.AccessKeyId;
    key.secret = k?.SecretAccessKey;
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: A }, Action: "sts:AssumeRole" }] });
    await iam.send(new CreateRoleCommand({ RoleName: "tagged", AssumeRolePolicyDocument: trust }));
    await new CloudWatchLogsClient(env.clientConfig()).send(new CreateLogGroupCommand({ logGroupName: "tagged" }));
    await new CloudWatchClient(env.clientConfig()).send(
      new PutMetricAlarmCommand({
        AlarmName: "tagged",
        Namespace: "App",
        MetricName: "m",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
  });

  test("IAM TagRole (Query, Tags.member.N) and UntagRole's aws:TagKeys", async () => {
    await policy("iam:TagRole");
    await as(IAMClient).send(new TagRoleCommand({ RoleName: "tagged", Tags: [{ Key: "team", Value: "blue" }] }));
    await refused(as(IAMClient).send(new TagRoleCommand({ RoleName: "tagged", Tags: [{ Key: "team", Value: "red" }] })), "AccessDenied");
    await refused(
      as(IAMClient).send(
        new TagRoleCommand({
          RoleName: "tagged",
          Tags: [
            { Key: "team", Value: "blue" },
            { Key: "cost", Value: "x" },
          ],
        }),
      ),
      "AccessDenied",
    );
    await new IAMClient(env.clientConfig()).send(
      new PutUserPolicyCommand({
        UserName: "tagger",
        PolicyName: "tags",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "iam:UntagRole", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } } }],
        }),
      }),
    );
    await as(IAMClient).send(new UntagRoleCommand({ RoleName: "tagged", TagKeys: ["team"] }));
    await refused(as(IAMClient).send(new UntagRoleCommand({ RoleName: "tagged", TagKeys: ["owner"] })), "AccessDenied");
  });

  test("CloudWatch Logs TagResource (JSON, a tags map)", async () => {
    await policy("logs:TagResource");
    const resourceArn = `arn:aws:logs:us-east-1:${A}:log-group:tagged`;
    await as(CloudWatchLogsClient).send(new LogsTag({ resourceArn, tags: { team: "blue" } }));
    await refused(as(CloudWatchLogsClient).send(new LogsTag({ resourceArn, tags: { team: "red" } })), "AccessDeniedException");
  });

  test("CloudWatch TagResource (CBOR, a Tags list)", async () => {
    await policy("cloudwatch:TagResource");
    const ResourceARN = `arn:aws:cloudwatch:us-east-1:${A}:alarm:tagged`;
    await as(CloudWatchClient).send(new CwTag({ ResourceARN, Tags: [{ Key: "team", Value: "blue" }] }));
    await refused(as(CloudWatchClient).send(new CwTag({ ResourceARN, Tags: [{ Key: "owner", Value: "blue" }] })), "AccessDeniedException");
  });

  test("EC2 CreateTags (EC2 Query, Tag.N)", async () => {
    const vpc = (await new EC2Client(env.clientConfig()).send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }))).Vpc?.VpcId as string;
    await policy("ec2:CreateTags");
    await as(EC2Client).send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: "team", Value: "blue" }] }));
    await refused(as(EC2Client).send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: "team", Value: "red" }] })), "UnauthorizedOperation");
  });
});
