/**
 * The demo's VPC through the SDK: MyVpc22 with a public subnet (its main route table sends 0.0.0.0/0
 * to the internet gateway), a security group allowing HTTP, and the instance `web`. Each piece is looked up by its Name tag first, so a second
 * start on the same data finds them instead of creating them twice.
 */
import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";

export interface DemoNetwork {
  vpcId: string;
  instanceId: string;
  interfaceId: string;
  publicIp: string;
}

const nameTag = (resource: "vpc" | "subnet" | "internet-gateway" | "security-group" | "instance", name: string) => [
  {
    ResourceType: resource,
    Tags: [
      { Key: "Name", Value: name },
      { Key: "managed-by", Value: "flowwatch-demo" },
    ],
  },
];
const byName = (name: string) => [{ Name: "tag:Name", Values: [name] }];

export async function ensureDemoNetwork(ec2: EC2Client, vpcName = "MyVpc22"): Promise<DemoNetwork> {
  const vpcId =
    (await ec2.send(new DescribeVpcsCommand({ Filters: byName(vpcName) }))).Vpcs?.[0]?.VpcId ??
    (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: nameTag("vpc", vpcName) }))).Vpc?.VpcId ??
    "";

  const subnetName = `${vpcName}-public`;
  const subnetId =
    (await ec2.send(new DescribeSubnetsCommand({ Filters: [...byName(subnetName), { Name: "vpc-id", Values: [vpcId] }] }))).Subnets?.[0]?.SubnetId ??
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.1.0/24", TagSpecifications: nameTag("subnet", subnetName) }))).Subnet?.SubnetId ??
    "";

  const igwName = `${vpcName}-igw`;
  const igws = (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: byName(igwName) }))).InternetGateways ?? [];
  let igwId = igws[0]?.InternetGatewayId;
  if (igwId === undefined) {
    igwId =
      (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: nameTag("internet-gateway", igwName) }))).InternetGateway?.InternetGatewayId ?? "";
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  }
  const [main] =
    (
      await ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: "vpc-id", Values: [vpcId] },
            { Name: "association.main", Values: ["true"] },
          ],
        }),
      )
    ).RouteTables ?? [];
  if (main?.RouteTableId !== undefined && !(main.Routes ?? []).some((r) => r.DestinationCidrBlock === "0.0.0.0/0")) {
    await ec2.send(new CreateRouteCommand({ RouteTableId: main.RouteTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }));
  }

  const groups =
    (
      await ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: "group-name", Values: ["web"] },
            { Name: "vpc-id", Values: [vpcId] },
          ],
        }),
      )
    ).SecurityGroups ?? [];
  let groupId = groups[0]?.GroupId;
  if (groupId === undefined) {
    groupId =
      (
        await ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: "web",
            Description: "HTTP from anywhere",
            VpcId: vpcId,
            TagSpecifications: nameTag("security-group", "web"),
          }),
        )
      ).GroupId ?? "";
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
  }

  const running =
    (
      await ec2.send(new DescribeInstancesCommand({ Filters: [...byName("web"), { Name: "instance-state-name", Values: ["pending", "running"] }] }))
    ).Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
  let instance = running.find((i) => i.VpcId === vpcId);
  if (instance === undefined) {
    const launched = (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: "ami-0abcdef1234567890",
          InstanceType: "t3.micro",
          MinCount: 1,
          MaxCount: 1,
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: true }],
          TagSpecifications: nameTag("instance", "web"),
        }),
      )
    ).Instances?.[0];
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched?.InstanceId ?? ""] }));
    instance = described.Reservations?.[0]?.Instances?.[0];
  }
  return {
    vpcId,
    instanceId: instance?.InstanceId ?? "",
    interfaceId: instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? "",
    publicIp: instance?.PublicIpAddress ?? "",
  };
}
