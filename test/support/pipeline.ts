/** For tests and benchmarks: the tutorial's pipeline built through the SDK v3 against any endpoint. */
import { readFileSync } from "node:fs";
import { CreateFlowLogsCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";

export interface PipelineConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export interface Pipeline {
  vpcId: string;
  instances: Array<{ instanceId: string; interfaceId: string; privateIp: string; publicIp: string }>;
  flowLogId: string;
}

const vectors = new URL("../vectors/", import.meta.url);

/** MyVpc22 with `instances` web instances (public addresses, port 80 open by the default group's rules), the role, and a VPC flow log. */
export async function buildPipeline(
  config: PipelineConfig,
  options: { instances?: number; interval?: 60 | 600; logGroupName?: string } = {},
): Promise<Pipeline> {
  const ec2 = new EC2Client(config);
  const iam = new IAMClient(config);
  const vpcId = (
    await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "MyVpc22" }] }] }))
  ).Vpc?.VpcId as string;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.0.0/20" }))).Subnet?.SubnetId as string;
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: "ami-0abcdef1234567890",
      InstanceType: "t3.micro",
      MinCount: options.instances ?? 1,
      MaxCount: options.instances ?? 1,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }],
    }),
  );
  const instances = (run.Instances ?? []).map((i) => ({
    instanceId: i.InstanceId as string,
    interfaceId: i.NetworkInterfaces?.[0]?.NetworkInterfaceId as string,
    privateIp: i.PrivateIpAddress as string,
    publicIp: (i.PublicIpAddress ?? i.NetworkInterfaces?.[0]?.Association?.PublicIp) as string,
  }));
  await iam.send(new CreateRoleCommand({ RoleName: "my-flowlog-role", AssumeRolePolicyDocument: readFileSync(new URL("seed-trust.json", vectors), "utf8") }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: "my-flowlog-role",
      PolicyName: "my-flowpolicy",
      PolicyDocument: readFileSync(new URL("seed-policy.json", vectors), "utf8"),
    }),
  );
  const created = await ec2.send(
    new CreateFlowLogsCommand({
      ResourceType: "VPC",
      ResourceIds: [vpcId],
      TrafficType: "ALL",
      LogGroupName: options.logGroupName ?? "MyVpc22-Log",
      DeliverLogsPermissionArn: `arn:aws:iam::${config.credentials.accessKeyId === "test" ? "000000000000" : config.credentials.accessKeyId}:role/my-flowlog-role`,
      MaxAggregationInterval: options.interval ?? 600,
    }),
  );
  return { vpcId, instances, flowLogId: created.FlowLogIds?.[0] as string };
}
