/**
 * For explain's tests: one VPC set up through the SDK on any endpoint (moto_server, the local cloud):
 * a subnet with its own route table (0.0.0.0/0 to an internet gateway unless left out), a security group
 * `launch-wizard-1` with the scenario's rules, optionally a custom network ACL with the scenario's entries,
 * and one instance with a public address whose interface the scenario's flows name.
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
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  type EC2Client,
  type IpPermission,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";

export interface AclEntry {
  RuleNumber: number;
  Protocol: string;
  RuleAction: "allow" | "deny";
  Egress: boolean;
  CidrBlock: string;
  PortRange?: { From: number; To: number };
}

export interface NetworkSpec {
  ingress: IpPermission[];
  /** Drop the group's default allow-all egress rule (to show the reply passes statefully). */
  noEgress?: boolean;
  /** A custom network ACL for the subnet with these entries (else the VPC's default ACL, which allows all). */
  acl?: AclEntry[];
  /** The subnet's route table sends 0.0.0.0/0 to the internet gateway (default true). */
  internetRoute?: boolean;
}

export interface BuiltNetwork {
  vpcId: string;
  subnetId: string;
  igwId: string;
  routeTableId: string;
  groupId: string;
  /** The subnet's network ACL: the scenario's own, else the VPC's default. */
  aclId: string;
  instanceId: string;
  eniId: string;
  privateIp: string;
  publicIp?: string;
  /** The group's rule ids, by "ingress tcp 80" / "egress -1". */
  ruleIds: Map<string, string>;
}

const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined || value === null || value === "") throw new Error(`${what} missing from the answer`);
  return value;
};

export async function buildNetwork(ec2: EC2Client, spec: NetworkSpec, cidr = "10.0.0.0/16"): Promise<BuiltNetwork> {
  const vpcId = must((await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId, "VpcId");
  const subnetCidr = cidr.replace(/\.0\.0\/16$/, ".1.0/24");
  const subnetId = must((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr }))).Subnet?.SubnetId, "SubnetId");
  const igwId = must((await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId, "InternetGatewayId");
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const routeTableId = must((await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId, "RouteTableId");
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  if (spec.internetRoute !== false) await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }));
  const groupId = must((await ec2.send(new CreateSecurityGroupCommand({ GroupName: "launch-wizard-1", Description: "explain scenario", VpcId: vpcId }))).GroupId, "GroupId");
  if (spec.ingress.length > 0) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: spec.ingress }));
  if (spec.noEgress) await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  let aclId: string | undefined;
  if (spec.acl) {
    aclId = must((await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl?.NetworkAclId, "NetworkAclId");
    for (const e of spec.acl) await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, ...e }));
    const current = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] }));
    const association = current.NetworkAcls?.flatMap((a) => a.Associations ?? []).find((a) => a.SubnetId === subnetId)?.NetworkAclAssociationId;
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: must(association, "NetworkAclAssociationId"), NetworkAclId: aclId }));
  }
  if (aclId === undefined) {
    const current = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] }));
    aclId = must(current.NetworkAcls?.[0]?.NetworkAclId, "the subnet's NetworkAclId");
  }
  const launched = await ec2.send(new RunInstancesCommand({
    ImageId: "ami-0abcdef1234567890", InstanceType: "t3.micro", MinCount: 1, MaxCount: 1,
    NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: true }],
  }));
  const instance = must(launched.Instances?.[0], "Instances");
  const eni = must(instance.NetworkInterfaces?.[0], "NetworkInterfaces");
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }))).SecurityGroupRules ?? [];
  const ruleIds = new Map(rules.map((r) => [`${r.IsEgress ? "egress" : "ingress"} ${r.IpProtocol} ${r.FromPort ?? -1}`, r.SecurityGroupRuleId ?? ""]));
  const publicIp = eni.Association?.PublicIp ?? instance.PublicIpAddress;
  return {
    vpcId, subnetId, igwId, routeTableId, groupId, aclId,
    instanceId: must(instance.InstanceId, "InstanceId"), eniId: must(eni.NetworkInterfaceId, "NetworkInterfaceId"),
    privateIp: must(eni.PrivateIpAddress ?? instance.PrivateIpAddress, "PrivateIpAddress"), ...(publicIp ? { publicIp } : {}), ruleIds,
  };
}
