/**
 * What an explanation is computed from: one connection (who opened it, to which port) and what the EC2
 * API shows of each end that is an interface of the VPC — its security groups' rules, its subnet's network
 * ACL and route table — in the API's own shapes, so a reader only copies answers in.
 */
import type { NetworkAclEntry, Route, SecurityGroupRule } from "@aws-sdk/client-ec2";

/** Something the reader asked for and did not get (not served, refused, not found): the reason, in words. */
export interface Unreadable {
  unreadable: string;
}

export const isUnreadable = (value: unknown): value is Unreadable => typeof value === "object" && value !== null && "unreadable" in value;

export interface Endpoint {
  address: string;
  /** Undefined when not known (a connection described without the client's port). */
  port?: number;
}

/** A connection: the initiator opened it to the responder; the reply travels back statefully or not. */
export interface Connection {
  /** IANA number: 6 tcp, 17 udp, 1 icmp, 58 icmpv6, any other number. */
  protocol: number;
  initiator: Endpoint;
  responder: Endpoint;
  /** ICMP type and code of the request when known (flow log records do not carry them). */
  icmpType?: number;
  icmpCode?: number;
}

export interface GroupConfig {
  groupId: string;
  groupName?: string;
  /** Ingress and egress rules as DescribeSecurityGroupRules gives them (or converted from DescribeSecurityGroups). */
  rules: SecurityGroupRule[];
}

export interface NetworkAclConfig {
  networkAclId: string;
  isDefault?: boolean;
  entries: NetworkAclEntry[];
}

export interface RouteTableConfig {
  routeTableId: string;
  /** The VPC's main route table, which serves subnets without an association of their own. */
  main?: boolean;
  routes: Route[];
}

/** One end of the connection that is a network interface the reader could describe. */
export interface InterfaceConfig {
  interfaceId: string;
  instanceName?: string;
  privateAddresses: string[];
  publicAddresses: string[];
  subnetId?: string;
  /** The subnet's IPv4 and IPv6 blocks: traffic inside one subnet crosses no network ACL. */
  subnetCidrs: string[];
  vpcId?: string;
  /** The internet gateway attached to the VPC, if any: what a missing internet route would point at. */
  internetGatewayId?: string;
  groups: GroupConfig[] | Unreadable;
  networkAcl: NetworkAclConfig | Unreadable;
  routeTable: RouteTableConfig | Unreadable;
}

/** What rules point at: a prefix list's blocks, a security group's members' private addresses. */
export interface Lookups {
  prefixLists?: ReadonlyMap<string, string[] | Unreadable>;
  groupMembers?: ReadonlyMap<string, string[] | Unreadable>;
}

export const addressesOf = (config: InterfaceConfig): string[] => [...config.privateAddresses, ...config.publicAddresses];
