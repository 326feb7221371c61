/**
 * Partitions through the SDK v3: in cn-north-1, us-gov-west-1 and us-iso-east-1 every ARN the local cloud answers carries
 * aws-cn / aws-us-gov (STS, IAM, Logs, EC2 flow logs, CloudWatch alarms), ARNs of another partition are
 * not found or refused, and a user policy scoped to an aws-cn ARN is what allows the call there.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, CreateVpcCommand, DescribeFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

const denied = (promise: Promise<unknown>, code: string, message: RegExp) =>
  assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, code);
    assert.match(error.message, message);
    return true;
  });

// One account per partition, as on AWS (an account id belongs to one partition); a 12-digit key is that account's root.
const cases = [
  { region: "cn-north-1", partition: "aws-cn", account: "111111111111" },
  { region: "us-gov-west-1", partition: "aws-us-gov", account: "222222222222" },
  { region: "us-iso-east-1", partition: "aws-iso", account: "333333333333" },
] as const;

for (const { region, partition, account } of cases) {
  describe(`partition ${partition} (${region})`, () => {
    const config = (accessKeyId: string = account, secretAccessKey = "x", sessionToken?: string) => ({
      ...env.clientConfig(accessKeyId, secretAccessKey),
      region,
      credentials: sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken },
    });
    const user: { key?: { id: string; secret: string } } = {};
    const roleArn = `arn:${partition}:iam::${account}:role/flow-logs`;

    test("GetCallerIdentity: the root's ARN is in the partition", async () => {
      const id = await new STSClient(config()).send(new GetCallerIdentityCommand({}));
      assert.equal(id.Arn, `arn:${partition}:iam::${account}:root`);
      assert.equal(id.Account, account);
    });

    test("CreateLogGroup and DescribeLogGroups: the group's arn and logGroupArn", async () => {
      const logs = new CloudWatchLogsClient(config());
      await logs.send(new CreateLogGroupCommand({ logGroupName: "app-flow" }));
      await logs.send(new CreateLogGroupCommand({ logGroupName: "other" }));
      const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "app-flow" }))).logGroups?.[0];
      assert.equal(group?.arn, `arn:${partition}:logs:${region}:${account}:log-group:app-flow:*`);
      assert.equal(group?.logGroupArn, `arn:${partition}:logs:${region}:${account}:log-group:app-flow`);
      const tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: group?.logGroupArn }));
      assert.deepEqual(tags.tags, {});
    });

    test("Logs: an ARN of the aws partition names nothing here", async () => {
      const logs = new CloudWatchLogsClient(config());
      const awsArn = `arn:aws:logs:${region}:${account}:log-group:app-flow`;
      await denied(logs.send(new ListTagsForResourceCommand({ resourceArn: awsArn })), "ResourceNotFoundException", /./);
      await denied(logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: awsArn })), "ResourceNotFoundException", /./);
    });

    test("CreateRole, GetRole, CreatePolicy, AttachRolePolicy: IAM ARNs in the partition", async () => {
      const iam = new IAMClient(config());
      const trust = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
      });
      const role = (await iam.send(new CreateRoleCommand({ RoleName: "flow-logs", AssumeRolePolicyDocument: trust }))).Role;
      assert.equal(role?.Arn, roleArn);
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: "flow-logs" }))).Role?.Arn, roleArn);
      const document = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: `arn:${partition}:logs:*:*:*` }],
      });
      const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: "deliver", PolicyDocument: document }))).Policy;
      assert.equal(policy?.Arn, `arn:${partition}:iam::${account}:policy/deliver`);
      await iam.send(new AttachRolePolicyCommand({ RoleName: "flow-logs", PolicyArn: policy?.Arn }));
      // AWS managed policies exist in every partition under its own ARN.
      const managed = `arn:${partition}:iam::aws:policy/ReadOnlyAccess`;
      await iam.send(new AttachRolePolicyCommand({ RoleName: "flow-logs", PolicyArn: managed }));
      const shown = (await iam.send(new GetPolicyCommand({ PolicyArn: managed }))).Policy;
      assert.equal(shown?.Arn, managed);
      assert.equal(shown?.AttachmentCount, 1);
      const listed = (await iam.send(new ListPoliciesCommand({ Scope: "AWS" }))).Policies ?? [];
      assert.ok(listed.length > 0 && listed.every((p) => p.Arn?.startsWith(`arn:${partition}:iam::aws:policy/`)), JSON.stringify(listed.map((p) => p.Arn)));
      assert.deepEqual(
        (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "flow-logs" }))).AttachedPolicies?.map((p) => p.PolicyArn),
        [policy?.Arn, managed],
      );
      // The same policy named in the aws partition does not exist here.
      await denied(
        iam.send(new AttachRolePolicyCommand({ RoleName: "flow-logs", PolicyArn: `arn:aws:iam::${account}:policy/deliver` })),
        "NoSuchEntityException",
        /deliver/,
      );
    });

    test("CreateFlowLogs and DescribeFlowLogs: DeliverLogsPermissionArn round-trips; a role of the aws partition is refused", async () => {
      const ec2 = new EC2Client(config());
      const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc?.VpcId as string;
      const created = await ec2.send(
        new CreateFlowLogsCommand({ ResourceType: "VPC", ResourceIds: [vpc], TrafficType: "ALL", LogGroupName: "app-flow", DeliverLogsPermissionArn: roleArn }),
      );
      assert.equal(created.Unsuccessful?.length ?? 0, 0);
      const described = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: created.FlowLogIds }))).FlowLogs?.[0];
      assert.equal(described?.DeliverLogsPermissionArn, roleArn);
      await denied(
        ec2.send(
          new CreateFlowLogsCommand({
            ResourceType: "VPC",
            ResourceIds: [vpc],
            TrafficType: "ALL",
            LogGroupName: "other",
            DeliverLogsPermissionArn: `arn:aws:iam::${account}:role/flow-logs`,
          }),
        ),
        "InvalidParameter",
        /is not a valid IAM role ARN/,
      );
    });

    test("PutMetricAlarm and DescribeAlarms: the alarm's ARN", async () => {
      const cw = new CloudWatchClient(config());
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: "hits",
          Namespace: "App",
          MetricName: "Hits",
          Statistic: "Sum",
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: "GreaterThanThreshold",
        }),
      );
      const alarm = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["hits"] }))).MetricAlarms?.[0];
      assert.equal(alarm?.AlarmArn, `arn:${partition}:cloudwatch:${region}:${account}:alarm:hits`);
    });

    test("a user policy scoped to a partition's ARN allows the call there; one scoped to the aws partition does not", async () => {
      const iam = new IAMClient(config());
      const created = (await iam.send(new CreateUserCommand({ UserName: "writer" }))).User;
      assert.equal(created?.Arn, `arn:${partition}:iam::${account}:user/writer`);
      const policy = {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "logs:CreateLogStream", Resource: `arn:${partition}:logs:${region}:${account}:log-group:app-*` },
          { Effect: "Allow", Action: "logs:CreateLogStream", Resource: `arn:aws:logs:${region}:${account}:log-group:other:*` },
          { Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:${partition}:iam::${account}:role/reader` },
        ],
      };
      await iam.send(new PutUserPolicyCommand({ UserName: "writer", PolicyName: "writer", PolicyDocument: JSON.stringify(policy) }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "writer" }))).AccessKey;
      user.key = { id: key?.AccessKeyId as string, secret: key?.SecretAccessKey as string };

      const logs = new CloudWatchLogsClient(config(user.key.id, user.key.secret));
      await logs.send(new CreateLogStreamCommand({ logGroupName: "app-flow", logStreamName: "s" }));
      await denied(
        logs.send(new CreateLogStreamCommand({ logGroupName: "other", logStreamName: "s" })),
        "AccessDeniedException",
        new RegExp(
          `^User: arn:${partition}:iam::${account}:user/writer is not authorized to perform: logs:CreateLogStream on resource: arn:${partition}:logs:${region}:${account}:log-group:other:log-stream:s `,
        ),
      );
      const id = await new STSClient(config(user.key.id, user.key.secret)).send(new GetCallerIdentityCommand({}));
      assert.equal(id.Arn, `arn:${partition}:iam::${account}:user/writer`);
    });

    test("the user's key signed for a Region of the aws partition is unknown there", async () => {
      const key = user.key as { id: string; secret: string };
      await denied(
        new STSClient({ ...config(key.id, key.secret), region: "us-east-1" }).send(new GetCallerIdentityCommand({})),
        "InvalidClientTokenId",
        /security token included in the request is invalid/,
      );
    });

    test("AssumeRole: AssumedRoleUser.Arn and the session's GetCallerIdentity are in the partition", async () => {
      const iam = new IAMClient(config());
      const trust = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:user/writer` }, Action: "sts:AssumeRole" }],
      });
      await iam.send(new CreateRoleCommand({ RoleName: "reader", AssumeRolePolicyDocument: trust }));
      const key = user.key as { id: string; secret: string };
      const assumed = await new STSClient(config(key.id, key.secret)).send(
        new AssumeRoleCommand({ RoleArn: `arn:${partition}:iam::${account}:role/reader`, RoleSessionName: "s1" }),
      );
      const sessionArn = `arn:${partition}:sts::${account}:assumed-role/reader/s1`;
      assert.equal(assumed.AssumedRoleUser?.Arn, sessionArn);
      const c = assumed.Credentials;
      const id = await new STSClient(config(c?.AccessKeyId, c?.SecretAccessKey, c?.SessionToken)).send(new GetCallerIdentityCommand({}));
      assert.equal(id.Arn, sessionArn);
    });
  });
}
