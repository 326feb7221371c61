/**
 * The table of rejections (and the stateful accept), as data: each scenario's rules, set up
 * through the SDK v3 on a public subnet of its own, and the records AWS writes on the instance's
 * interface for one TCP connection from outside (none when no route carries it). Shared by the data
 * plane's end-to-end test (test/acceptance/reject-scenarios.process.test.ts) and explain's.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  type IpPermission,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";

/** A network ACL entry as CreateNetworkAclEntry takes it (less the ACL's id). */
export interface AclEntrySpec {
  RuleNumber: number;
  Protocol: string;
  RuleAction: "allow" | "deny";
  Egress: boolean;
  CidrBlock: string;
  PortRange?: { From: number; To: number };
}

/** One record of the instance's interface, as its flow log writes it for the scenario's connection. */
export interface ExpectedRecord {
  direction: "ingress" | "egress";
  action: "ACCEPT" | "REJECT";
  /** tcp-flags OR-ed over the record: 2 SYN, 18 SYN-ACK, 3 / 19 a whole short connection's sides. */
  tcpFlags: number;
}

export interface RejectScenario {
  name: string;
  /** The gateway port the client connects to (22, 80, 443, 3389 or 8080). */
  port: number;
  /** The instance's security group's inbound rules. */
  ingress: IpPermission[];
  /** When true, the group's outbound allow-all rule is revoked (nothing is allowed out). */
  noEgressRules?: boolean;
  /** A custom network ACL for the subnet, entries given; absent, the VPC's default ACL (allow all both ways). */
  acl?: AclEntrySpec[];
  /** Whether the subnet's route table sends 0.0.0.0/0 to the internet gateway; default true. */
  internetRoute?: boolean;
  /** The records of one connection, in this order: ingress first. Empty: nothing is recorded. */
  records: ExpectedRecord[];
  /** What decides, in words explain's verdict should name. */
  decidedBy: string;
}

const tcp = (port: number, cidr = "0.0.0.0/0"): IpPermission => ({ IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] });
const allowAll = (egress: boolean, n = 100): AclEntrySpec => ({ RuleNumber: n, Protocol: "-1", RuleAction: "allow", Egress: egress, CidrBlock: "0.0.0.0/0" });

export const REJECT_SCENARIOS: readonly RejectScenario[] = [
  {
    name: "SG missing a port",
    port: 8080,
    ingress: [tcp(80)],
    records: [{ direction: "ingress", action: "REJECT", tcpFlags: 2 }],
    decidedBy: "inbound: no rule of the security group allows tcp 8080 (the closest allows tcp 80)",
  },
  {
    name: "SG allowing another source",
    port: 22,
    ingress: [tcp(22, "198.51.100.0/24")],
    records: [{ direction: "ingress", action: "REJECT", tcpFlags: 2 }],
    decidedBy: "inbound: the security group allows tcp 22 from 198.51.100.0/24 only",
  },
  {
    name: "NACL deny before allow (rule order)",
    port: 22,
    ingress: [tcp(22)],
    // The allow is created first: the rule number decides, not the order of creation.
    acl: [
      allowAll(false, 200),
      { RuleNumber: 100, Protocol: "6", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0", PortRange: { From: 22, To: 22 } },
      allowAll(true),
    ],
    records: [{ direction: "ingress", action: "REJECT", tcpFlags: 2 }],
    decidedBy: "inbound: network ACL rule 100 denies tcp 22 from 0.0.0.0/0",
  },
  {
    name: "NACL denying the ephemeral return range",
    port: 80,
    ingress: [tcp(80)],
    // Linux clients take ports 32768-60999: replies to them fall outside 1024-32767 and meet the * rule.
    acl: [allowAll(false), { RuleNumber: 100, Protocol: "6", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0", PortRange: { From: 1024, To: 32767 } }],
    records: [
      { direction: "ingress", action: "ACCEPT", tcpFlags: 2 },
      { direction: "egress", action: "REJECT", tcpFlags: 18 },
    ],
    decidedBy: "outbound (the reply): network ACL rule * (32767) denies tcp to the client's ephemeral port; rule 100 allows 1024-32767 only",
  },
  {
    name: "no route to the internet gateway",
    port: 80,
    ingress: [tcp(80)],
    internetRoute: false,
    records: [],
    decidedBy: "route: the subnet's route table has no route to an internet gateway for the client's address (local only)",
  },
  {
    name: "stateful SG reply allowed",
    port: 80,
    ingress: [tcp(80)],
    noEgressRules: true,
    records: [
      { direction: "ingress", action: "ACCEPT", tcpFlags: 3 },
      { direction: "egress", action: "ACCEPT", tcpFlags: 19 },
    ],
    decidedBy: "accepted: inbound rule allows tcp 80; the reply passes though the group has no outbound rule (security groups are stateful)",
  },
];

/** A VPC with an internet gateway, its main route table sending 0.0.0.0/0 to it: what each scenario's subnet goes in. */
export interface ScenarioVpc {
  vpcId: string;
  igwId: string;
  mainRouteTableId: string;
}

/** One scenario's instance and the resources its rules were put on. */
export interface ScenarioInstance {
  subnetId: string;
  groupId: string;
  /** The custom network ACL, when the scenario has one; else the VPC's default. */
  networkAclId: string;
  routeTableId: string;
  instanceId: string;
  interfaceId: string;
  privateIp: string;
  publicIp: string;
}

/** Scenario N's subnet is 10.40.N.0/24. */
export const SCENARIO_VPC_CIDR = "10.40.0.0/16";

export async function buildScenarioVpc(ec2: EC2Client): Promise<ScenarioVpc> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: SCENARIO_VPC_CIDR }))).Vpc?.VpcId as string;
  const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId as string;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
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
  await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }));
  return { vpcId, igwId, mainRouteTableId: main };
}

/** The scenario's subnet (`10.40.<index>.0/24`), rules and instance with a public address, through the SDK. */
export async function applyScenario(ec2: EC2Client, vpc: ScenarioVpc, scenario: RejectScenario, index: number): Promise<ScenarioInstance> {
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc.vpcId, CidrBlock: `10.40.${index}.0/24` }))).Subnet?.SubnetId as string;
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `scenario-${index}`, Description: scenario.name, VpcId: vpc.vpcId })))
    .GroupId as string;
  if (scenario.ingress.length > 0) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: scenario.ingress }));
  if (scenario.noEgressRules === true) {
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  }
  const current = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] }))).NetworkAcls?.[0];
  let networkAclId = current?.NetworkAclId as string;
  if (scenario.acl !== undefined) {
    networkAclId = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpc.vpcId }))).NetworkAcl?.NetworkAclId as string;
    for (const entry of scenario.acl) await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: networkAclId, ...entry }));
    const association = current?.Associations?.find((a) => a.SubnetId === subnetId)?.NetworkAclAssociationId as string;
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association, NetworkAclId: networkAclId }));
  }
  let routeTableId = vpc.mainRouteTableId;
  if (scenario.internetRoute === false) {
    routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc.vpcId }))).RouteTable?.RouteTableId as string;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  }
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: "ami-0abcdef1234567890",
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: true }],
    }),
  );
  const instanceId = run.Instances?.[0]?.InstanceId as string;
  const described = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]?.Instances?.[0];
  return {
    subnetId,
    groupId,
    networkAclId,
    routeTableId,
    instanceId,
    interfaceId: described?.NetworkInterfaces?.[0]?.NetworkInterfaceId as string,
    privateIp: described?.PrivateIpAddress as string,
    publicIp: described?.PublicIpAddress as string,
  };
}
