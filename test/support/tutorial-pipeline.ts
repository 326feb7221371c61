/** The tutorial's pipeline built through the SDK v3 against a LocalCloud: VPC, web instance, IAM role, log group, flow log. */
import { readFileSync } from "node:fs";
import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  DescribeRouteTablesCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { internalRequest } from "../../src/cli/internal-request.js";
import type { TestCloud } from "./local-cloud.js";

const vectors = new URL("../vectors/", import.meta.url);
export const TRUST = readFileSync(new URL("seed-trust.json", vectors), "utf8");
export const EC2_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export interface Pipeline {
  vpcId: string;
  instanceId: string;
  eni: string;
  privateIp: string;
  publicIp: string;
  setTrust(document: string): Promise<void>;
}

export async function buildTutorialPipeline(env: TestCloud, instanceName = "web-1"): Promise<Pipeline> {
  const ec2 = new EC2Client(env.clientConfig());
  const iam = new IAMClient(env.clientConfig());
  const logs = new CloudWatchLogsClient(env.clientConfig());
  const vpcId = (
    await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "MyVpc22" }] }] }))
  ).Vpc?.VpcId as string;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.1.0/24" }))).Subnet?.SubnetId as string;
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId as string;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  // A public subnet: its (main) route table sends the internet to the gateway, or no reply gets out.
  const main = (
    await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: "vpc-id", Values: [vpcId] },
          { Name: "association.main", Values: ["true"] },
        ],
      }),
    )
  ).RouteTables?.[0]?.RouteTableId as string;
  await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw }));
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "web", VpcId: vpcId }))).GroupId as string;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sg,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
    }),
  );
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: "ami-0abcdef1234567890",
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetId,
      SecurityGroupIds: [sg],
      TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: instanceName }] }],
    }),
  );
  const instance = run.Instances?.[0];
  const instanceId = instance?.InstanceId as string;
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const publicIp = described.Reservations?.[0]?.Instances?.[0]?.PublicIpAddress as string;
  const policyArn = (
    await iam.send(new CreatePolicyCommand({ PolicyName: "my-flowpolicy", PolicyDocument: readFileSync(new URL("seed-policy.json", vectors), "utf8") }))
  ).Policy?.Arn as string;
  const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: "my-flowlog-role", AssumeRolePolicyDocument: TRUST }))).Role?.Arn as string;
  await iam.send(new AttachRolePolicyCommand({ RoleName: "my-flowlog-role", PolicyArn: policyArn }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
  await ec2.send(
    new CreateFlowLogsCommand({
      ResourceType: "VPC",
      ResourceIds: [vpcId],
      TrafficType: "ALL",
      LogGroupName: "MyVpc22-Log",
      DeliverLogsPermissionArn: roleArn,
    }),
  );
  return {
    vpcId,
    instanceId,
    eni: instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId as string,
    privateIp: instance?.PrivateIpAddress as string,
    publicIp,
    setTrust: async (document) => {
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "my-flowlog-role", PolicyDocument: document }));
    },
  };
}

/** POST /_flowwatch/flush: delivers every open window now. */
export async function flush(env: TestCloud): Promise<Array<{ status: string; message?: string; records: number }>> {
  const response = await internalRequest(env.endpoint, "/_flowwatch/flush", { method: "POST", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  return ((await response.json()) as { deliveries: Array<{ status: string; message?: string; records: number }> }).deliveries;
}

/** A TCP connection to a public address; resolves whether or not it is accepted. */
export async function connect(host: string, port: number): Promise<boolean> {
  const { Socket } = await import("node:net");
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1500);
    socket.resume();
    socket.once("connect", () => {
      socket.end("GET / HTTP/1.0\r\n\r\n");
      socket.once("close", () => resolve(true));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, host);
  });
}

/** POST /_flowwatch/traffic: a scenario (src/network/scenarios/) on the monitored interfaces; live runs resolve when they end. */
export async function runScenario(
  env: TestCloud,
  request: { scenario: string; seed?: number; rate?: number; duration?: number; backfill?: boolean; start?: number; end?: number },
): Promise<{ observations: number; records: number; deliveries: number; failedDeliveries: number }> {
  const response = await internalRequest(env.endpoint, "/_flowwatch/traffic", {
    method: "POST",
    body: request,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const answer = (await response.json()) as { observations: number; records: number; deliveries: number; failedDeliveries: number; message?: string };
  if (!response.ok) throw new Error(`traffic ${request.scenario}: ${response.status} ${answer.message ?? ""}`);
  return answer;
}

/** Sources of REJECT records in the group (default format), most distinct destination ports first. */
export async function portScanners(env: TestCloud, logGroupName: string): Promise<Array<{ address: string; ports: number }>> {
  const logs = new CloudWatchLogsClient(env.clientConfig());
  const ports = new Map<string, Set<string>>();
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName, ...(nextToken ? { nextToken } : {}) }));
    for (const e of page.events ?? []) {
      // version account eni srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
      const f = (e.message ?? "").split(" ");
      if (f[12] !== "REJECT" || f[3] === undefined || f[6] === undefined) continue;
      ports.set(f[3], (ports.get(f[3]) ?? new Set()).add(f[6]));
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  logs.destroy();
  return [...ports].map(([address, set]) => ({ address, ports: set.size })).sort((a, b) => b.ports - a.ports);
}
