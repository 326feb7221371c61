/**
 * What flow log delivery needs from EC2 and STS, as narrow interfaces: the interfaces and the flow
 * logs that cover them, a place to report delivery status, and the service principal's AssumeRole.
 */
import type { NetworkAcl } from "../../network/network-acls.js";
import type { RouteTable } from "../../network/routes.js";
import type { SecurityGroup } from "../../network/security-group-rules.js";
import type { Principal } from "../service.js";
import type { S3Destination, S3DestinationOptions } from "./s3-keys.js";

/** One network interface, as EC2 holds it. */
export interface MonitoredInterface {
  account: string;
  region: string;
  interfaceId: string;
  vpcId: string;
  /** The VPC's CIDR blocks, when known: egress to them is traffic-path 1. */
  vpcCidrs?: readonly string[];
  subnetId: string;
  instanceId: string | null;
  azId: string;
  privateIp: string;
  publicIp: string | null;
  securityGroupIds: readonly string[];
  /** Only a running instance's interface carries traffic. */
  running: boolean;
}

/**
 * An active flow log delivering to CloudWatch Logs (logGroupName, through roleArn), or, when `s3` is
 * set, to files in an S3 bucket (logGroupName and roleArn then unused: S3 delivery needs no role).
 */
export interface FlowLogTarget {
  account: string;
  region: string;
  flowLogId: string;
  /** `arn:aws:ec2:REGION:ACCOUNT:vpc-flow-log/fl-...`: aws:SourceArn of the delivery. */
  arn: string;
  logGroupName: string;
  roleArn: string;
  trafficType: "ALL" | "ACCEPT" | "REJECT";
  logFormat: string;
  maxAggregationInterval: 60 | 600;
  s3?: { destination: S3Destination; options: S3DestinationOptions };
}

export interface VpcView {
  interfaces(): readonly MonitoredInterface[];
  flowLogsCovering(account: string, region: string, interfaceId: string): readonly FlowLogTarget[];
  securityGroups(account: string, region: string, groupIds: readonly string[]): readonly SecurityGroup[];
  /** The subnet's network ACL and route table, in the EC2 API's shapes; undefined for a subnet EC2 no longer has. */
  subnetRouting(account: string, region: string, subnetId: string): { networkAcl: NetworkAcl; routeTable: RouteTable } | undefined;
  setDeliveryStatus(account: string, region: string, flowLogId: string, status: "SUCCESS" | "FAILED", message?: string): void;
  /** Told whenever instances, interfaces, security groups or flow logs change. */
  onChange(listener: () => void): void;
}

export type AssumeResult = { ok: true; principal: Principal } | { ok: false; reason: string };

export interface ServiceRoleAssumer {
  assumeRoleAsService(roleArn: string, servicePrincipal: string, context: { sourceAccount: string; sourceArn: string }): AssumeResult;
}
