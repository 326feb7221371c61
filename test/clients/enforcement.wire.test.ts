/**
 * Enforcement across services with the SDK v3: an IAM user with a narrow policy is refused exactly
 * the calls the policy does not allow, in logs, IAM, STS and EC2, in each service's words; an
 * assumed role's credentials carry the role's permissions and nothing more; a deleted key is refused.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
  CreateLogStreamCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, DescribeVpcsCommand, EC2Client, CreateVpcCommand } from "@aws-sdk/client-ec2";
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const account = "000000000000";

const narrowPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups"],
      Resource: `arn:aws:logs:us-east-1:${account}:log-group:app-*`,
    },
    { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    { Effect: "Allow", Action: "ec2:DescribeVpcs", Resource: "*" },
    { Effect: "Deny", Action: "logs:DeleteLogGroup", Resource: "*" },
  ],
});

const denied = (promise: Promise<unknown>, code: string, message: RegExp) =>
  assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, code);
    assert.match(error.message, message);
    return true;
  });

describe("IAM enforcement across services", () => {
  const keys: { user?: { accessKeyId: string; secretAccessKey: string } } = {};
  const as = <T>(Client: new (config: object) => T) => new Client(env.clientConfig(keys.user?.accessKeyId, keys.user?.secretAccessKey));

  test("an IAM user with a narrow inline policy and a real key", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "narrow" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "narrow", PolicyName: "narrow", PolicyDocument: narrowPolicy }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "narrow" }))).AccessKey;
    assert.match(key?.AccessKeyId ?? "", /^AKIA[A-Z0-9]{16}$/);
    keys.user = { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
    const root = new CloudWatchLogsClient(env.clientConfig());
    await root.send(new CreateLogGroupCommand({ logGroupName: "app-web" }));
    await root.send(new CreateLogGroupCommand({ logGroupName: "other" }));
  });

  test("CloudWatch Logs: what the policy allows works, the rest is AccessDeniedException", async () => {
    const logs = as(CloudWatchLogsClient);
    assert.equal((await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.length, 2);
    await logs.send(new CreateLogStreamCommand({ logGroupName: "app-web", logStreamName: "s" }));
    await logs.send(new PutLogEventsCommand({ logGroupName: "app-web", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "hello" }] }));
    await denied(
      logs.send(new CreateLogStreamCommand({ logGroupName: "other", logStreamName: "s" })),
      "AccessDeniedException",
      /^User: arn:aws:iam::000000000000:user\/narrow is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:us-east-1:000000000000:log-group:other:log-stream:s because no identity-based policy allows the logs:CreateLogStream action$/,
    );
    await denied(logs.send(new CreateLogGroupCommand({ logGroupName: "app-new" })), "AccessDeniedException", /logs:CreateLogGroup/);
    await denied(
      logs.send(new DeleteLogGroupCommand({ logGroupName: "app-web" })),
      "AccessDeniedException",
      /with an explicit deny in an identity-based policy/,
    );
  });

  test("IAM: AccessDenied; STS: GetCallerIdentity needs no permission", async () => {
    await denied(as(IAMClient).send(new ListUsersCommand({})), "AccessDenied", /iam:ListUsers/);
    const who = await as(STSClient).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${account}:user/narrow`);
    await denied(
      as(STSClient).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/none`, RoleSessionName: "xy" })),
      "AccessDenied",
      /sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/none$/,
    );
  });

  test("EC2: the allowed Describe works, CreateVpc is UnauthorizedOperation", async () => {
    const ec2 = as(EC2Client);
    assert.ok((await ec2.send(new DescribeVpcsCommand({}))).Vpcs);
    await denied(ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" })), "UnauthorizedOperation", /ec2:CreateVpc/);
  });

  test("assumed-role credentials carry the role's permissions and nothing more", async () => {
    const iam = new IAMClient(env.clientConfig());
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }],
    });
    await iam.send(new CreateRoleCommand({ RoleName: "logs-reader", AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "logs-reader", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess" }));
    const session = (
      await new STSClient(env.clientConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/logs-reader`, RoleSessionName: "reader" }))
    ).Credentials;
    assert.match(session?.AccessKeyId ?? "", /^ASIA/);
    const config = {
      ...env.clientConfig(),
      credentials: {
        accessKeyId: session?.AccessKeyId as string,
        secretAccessKey: session?.SecretAccessKey as string,
        sessionToken: session?.SessionToken as string,
      },
    };
    const logs = new CloudWatchLogsClient(config);
    assert.ok((await logs.send(new DescribeLogGroupsCommand({}))).logGroups);
    await denied(
      logs.send(new CreateLogGroupCommand({ logGroupName: "x" })),
      "AccessDeniedException",
      /assumed-role\/logs-reader\/reader is not authorized to perform: logs:CreateLogGroup/,
    );
    await denied(new EC2Client(config).send(new DescribeVpcsCommand({})), "UnauthorizedOperation", /ec2:DescribeVpcs/);
  });

  test("CreateFlowLogs' iam:PassRole carries iam:PassedToService vpc-flow-logs.amazonaws.com", async () => {
    const iam = new IAMClient(env.clientConfig());
    const vpcId = (await new EC2Client(env.clientConfig()).send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }))).Vpc?.VpcId as string;
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: "passed-role", AssumeRolePolicyDocument: trust }))).Role?.Arn as string;
    const passTo = (service: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "ec2:CreateFlowLogs", Resource: "*" },
          { Effect: "Allow", Action: "iam:PassRole", Resource: roleArn, Condition: { StringEquals: { "iam:PassedToService": service } } },
        ],
      });
    await iam.send(new CreateUserCommand({ UserName: "passer" }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "passer" }))).AccessKey;
    const ec2 = new EC2Client(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
    const create = () =>
      ec2.send(
        new CreateFlowLogsCommand({ ResourceType: "VPC", ResourceIds: [vpcId], TrafficType: "ALL", LogGroupName: "passed", DeliverLogsPermissionArn: roleArn }),
      );
    await iam.send(new PutUserPolicyCommand({ UserName: "passer", PolicyName: "pass", PolicyDocument: passTo("ec2.amazonaws.com") }));
    await denied(create(), "UnauthorizedOperation", /iam:PassRole/);
    await iam.send(new PutUserPolicyCommand({ UserName: "passer", PolicyName: "pass", PolicyDocument: passTo("vpc-flow-logs.amazonaws.com") }));
    assert.equal((await create()).FlowLogIds?.length, 1);
  });

  test("a deleted access key is refused", async () => {
    await new IAMClient(env.clientConfig()).send(new DeleteAccessKeyCommand({ UserName: "narrow", AccessKeyId: keys.user?.accessKeyId as string }));
    await assert.rejects(as(CloudWatchLogsClient).send(new DescribeLogGroupsCommand({})), (error: Error) => {
      assert.ok(["UnrecognizedClientException", "InvalidSignatureException"].includes(error.name), error.name);
      return true;
    });
  });
});
