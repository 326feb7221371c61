/** The stored form of each EC2 resource: what ec2_resources' JSON bodies hold, in flowwatch's own names. */
import type { Tags } from "./filters.js";

export interface VpcRecord {
  id: string;
  cidr: string;
  cidrAssociationId: string;
  dhcpOptionsId: string;
  instanceTenancy: string;
  isDefault: boolean;
  tags: Tags;
}

export interface SubnetRecord {
  id: string;
  vpcId: string;
  cidr: string;
  cidrAssociationId?: string;
  az: string;
  azId: string;
  mapPublicIpOnLaunch: boolean;
  defaultForAz: boolean;
  tags: Tags;
}

export interface InternetGatewayRecord {
  id: string;
  /** The VPC it is attached to, if any (an internet gateway attaches to at most one). */
  vpcId?: string;
  tags: Tags;
}

/** One security group rule: a protocol, a port range and one peer, as DescribeSecurityGroupRules gives it. */
export interface RuleRecord {
  ruleId: string;
  /** `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6`, or a protocol number as text. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  /** A referenced security group (same account). */
  groupId?: string;
  groupOwnerId?: string;
  prefixListId?: string;
  description?: string;
}

export interface SecurityGroupRecord {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  ingress: RuleRecord[];
  egress: RuleRecord[];
  tags: Tags;
}

export type InstanceStateName = "pending" | "running" | "shutting-down" | "terminated" | "stopping" | "stopped";

export interface InstanceRecord {
  id: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  keyName?: string;
  state: InstanceStateName;
  stateTransitionReason: string;
  launchTime: number;
  /** When it was terminated: terminated instances stay visible for an hour, as on AWS. */
  terminatedAt?: number;
  amiLaunchIndex: number;
  subnetId: string;
  vpcId: string;
  az: string;
  interfaceId: string;
  /** Kept on the instance too: its interface is deleted when it terminates. */
  privateIp: string;
  groupIds: string[];
  clientToken?: string;
  tags: Tags;
}

export interface NetworkInterfaceRecord {
  id: string;
  subnetId: string;
  vpcId: string;
  az: string;
  azId: string;
  description: string;
  privateIp: string;
  publicIp?: string;
  /** Whether it gets a public address whenever its instance runs (the launch's choice). */
  publicOnRun: boolean;
  groupIds: string[];
  instanceId?: string;
  attachmentId?: string;
  attachTime?: number;
  deleteOnTermination: boolean;
  sourceDestCheck: boolean;
  tags: Tags;
}

export interface FlowLogRecord {
  id: string;
  created: number;
  resourceId: string;
  resourceType: "VPC" | "Subnet" | "NetworkInterface";
  trafficType: "ALL" | "ACCEPT" | "REJECT";
  logDestinationType: "cloud-watch-logs" | "s3";
  /** CloudWatch Logs destinations only; an S3 flow log has neither a group nor a role. */
  logGroupName?: string;
  logDestination: string;
  deliverLogsPermissionArn?: string;
  /** S3 destinations only: DestinationOptions with AWS's defaults filled. */
  destinationOptions?: { fileFormat: "plain-text" | "parquet"; hiveCompatiblePartitions: boolean; perHourPartition: boolean };
  deliverCrossAccountRole?: string;
  logFormat: string;
  maxAggregationInterval: 60 | 600;
  deliverLogsStatus: "SUCCESS" | "FAILED";
  deliverLogsErrorMessage?: string;
  tags: Tags;
}

/** One numbered rule of a network ACL, as CreateNetworkAclEntry gives it. */
export interface NetworkAclEntryRecord {
  ruleNumber: number;
  /** A protocol number as text (`6`, `17`, `1`), or `-1` for every protocol, as AWS stores it. */
  protocol: string;
  ruleAction: "allow" | "deny";
  egress: boolean;
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  /** tcp/udp only (6, 17). */
  portRange?: { from: number; to: number };
  /** icmp/icmpv6 only (1, 58); -1 is any type or code. */
  icmpTypeCode?: { type: number; code: number };
}

export interface NetworkAclRecord {
  id: string;
  vpcId: string;
  isDefault: boolean;
  /** Numbered rules of both directions; the `*` rules (32767) are among them. */
  entries: NetworkAclEntryRecord[];
  /** Every subnet is associated with exactly one network ACL: the VPC's default one unless replaced. */
  associations: Array<{ id: string; subnetId: string }>;
  /** CreateNetworkAcl's ClientToken: the same token answers the same ACL. */
  clientToken?: string;
  tags: Tags;
}

export interface RouteRecord {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  /** `local`, or the internet gateway the route sends to. */
  gatewayId: string;
  origin: "CreateRouteTable" | "CreateRoute";
}

export interface RouteTableRecord {
  id: string;
  vpcId: string;
  /** The main association's id while this is the VPC's main route table. */
  mainAssociationId?: string;
  routes: RouteRecord[];
  /** Explicit subnet associations; a subnet without one uses the main route table. */
  associations: Array<{ id: string; subnetId: string }>;
  /** CreateRouteTable's ClientToken: the same token answers the same table. */
  clientToken?: string;
  tags: Tags;
}

/** The resource kinds ec2_resources holds, with the record type of each. */
export interface RecordsByKind {
  vpc: VpcRecord;
  subnet: SubnetRecord;
  "internet-gateway": InternetGatewayRecord;
  "security-group": SecurityGroupRecord;
  instance: InstanceRecord;
  "network-interface": NetworkInterfaceRecord;
  "vpc-flow-log": FlowLogRecord;
  "network-acl": NetworkAclRecord;
  "route-table": RouteTableRecord;
}

export type Kind = keyof RecordsByKind;
export type AnyRecord = RecordsByKind[Kind];
