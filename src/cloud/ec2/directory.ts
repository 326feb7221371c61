/**
 * VpcDirectory: the narrow interface through which the data plane (src/network/) and flow log
 * delivery read EC2's state and report delivery status; they never touch ec2_resources.
 */
import type { ChangeFeed, VpcChangeListener } from "./changes.js";
import { flowLogArn } from "./flow-logs.js";
import { routeTableOfSubnet } from "./main-route-table.js";
import type { InstanceStateName, NetworkAclEntryRecord, NetworkInterfaceRecord, RuleRecord } from "./records.js";
import type { ResourceStore, Scope } from "./resource-store.js";

export interface InterfaceInfo {
  account: string;
  region: string;
  interfaceId: string;
  vpcId: string;
  subnetId: string;
  /** Absent for an interface no instance uses. */
  instanceId?: string;
  privateIp: string;
  /** Present while its instance runs with a public address (in 127.100.0.0/16). */
  publicIp?: string;
  securityGroupIds: string[];
  az: string;
  azId: string;
  /** The instance's state; `available` for an interface without an instance. */
  state: InstanceStateName | "available";
}

/** One security group rule as plain data: protocol `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or a number. */
export interface SecurityRule {
  ruleId: string;
  protocol: string;
  /** Port range for tcp/udp; ICMP type and code for icmp; absent for all traffic. */
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  /** A peer group: traffic from (ingress) or to (egress) interfaces in that group. */
  groupId?: string;
  prefixListId?: string;
}

export interface SecurityGroupInfo {
  groupId: string;
  vpcId: string;
  name: string;
  ingress: SecurityRule[];
  egress: SecurityRule[];
}

/** One network ACL rule as plain data, in DescribeNetworkAcls' terms. */
export interface NetworkAclRule {
  ruleNumber: number;
  /** A protocol number as text, or `-1`. */
  protocol: string;
  ruleAction: "allow" | "deny";
  egress: boolean;
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
  icmpTypeCode?: { type: number; code: number };
}

export interface RouteInfo {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  /** `local` or an internet gateway id. */
  gatewayId: string;
  /** `blackhole` when the gateway is gone or detached from the VPC. */
  state: "active" | "blackhole";
}

/** What decides a subnet's traffic besides security groups: its network ACL and its route table. */
export interface SubnetRouting {
  networkAclId: string;
  /** Both directions, the `*` rules (32767) included. */
  networkAclRules: NetworkAclRule[];
  routeTableId: string;
  routes: RouteInfo[];
}

export interface CoveringFlowLog {
  flowLogId: string;
  arn: string;
  /** The VPC, subnet or interface the flow log was created on. */
  resourceId: string;
  /** "" for an S3 flow log. */
  logGroupName: string;
  /** "" for an S3 flow log: S3 delivery takes no role. */
  roleArn: string;
  trafficType: "ALL" | "ACCEPT" | "REJECT";
  logFormat: string;
  maxAggregationInterval: 60 | 600;
  /** Set for a flow log delivering to S3: the bucket, its folder ("" for none) and DestinationOptions. */
  s3?: { bucket: string; prefix: string; fileFormat: "plain-text" | "parquet"; hiveCompatiblePartitions: boolean; perHourPartition: boolean };
}

export interface VpcDirectory {
  /** Every network interface of the account in the Region, in creation order. */
  interfaces(account: string, region: string): InterfaceInfo[];
  interface(account: string, region: string, interfaceId: string): InterfaceInfo | undefined;
  /** Every network interface of every account and Region: what the traffic gateway serves. */
  allInterfaces(): InterfaceInfo[];
  /** The interface holding a public address, in any account or Region (public addresses are unique). */
  interfaceByPublicIp(ip: string): InterfaceInfo | undefined;
  securityGroup(account: string, region: string, groupId: string): SecurityGroupInfo | undefined;
  /** The subnet's network ACL and route table (its explicit association, else the VPC's main table). */
  subnetRouting(account: string, region: string, subnetId: string): SubnetRouting | undefined;
  /** The flow logs covering an interface through itself, its subnet or its VPC; still answered for the interface of an instance terminated within the hour. */
  flowLogsCovering(account: string, region: string, interfaceId: string): CoveringFlowLog[];
  /** Sets DeliverLogsStatus and DeliverLogsErrorMessage (`Access error`, `Rate limited`, `Unknown error`); false when the flow log is gone. */
  setDeliveryStatus(account: string, region: string, flowLogId: string, status: "SUCCESS" | "FAILED", message?: string): boolean;
  /** Instance state, security group and flow log changes, after they are committed; returns an unsubscribe function. */
  onChange(listener: VpcChangeListener): () => void;
}

const rule = (r: RuleRecord): SecurityRule => {
  const out: SecurityRule = { ruleId: r.ruleId, protocol: r.protocol };
  if (r.fromPort !== undefined) out.fromPort = r.fromPort;
  if (r.toPort !== undefined) out.toPort = r.toPort;
  if (r.cidrIpv4 !== undefined) out.cidrIpv4 = r.cidrIpv4;
  if (r.cidrIpv6 !== undefined) out.cidrIpv6 = r.cidrIpv6;
  if (r.groupId !== undefined) out.groupId = r.groupId;
  if (r.prefixListId !== undefined) out.prefixListId = r.prefixListId;
  return out;
};

const aclRule = (e: NetworkAclEntryRecord): NetworkAclRule => ({
  ...e,
  ...(e.portRange === undefined ? {} : { portRange: { ...e.portRange } }),
  ...(e.icmpTypeCode === undefined ? {} : { icmpTypeCode: { ...e.icmpTypeCode } }),
});

/** `arn:aws:s3:::bucket/a/b/` to its bucket and folder (`a/b`), empty segments dropped as S3 key folders have none. */
function s3Folder(arn: string): { bucket: string; prefix: string } {
  const path = arn.slice(arn.indexOf(":::") + 3).split("/");
  return {
    bucket: path[0] ?? "",
    prefix: path
      .slice(1)
      .filter((segment) => segment !== "")
      .join("/"),
  };
}

export function createVpcDirectory(store: ResourceStore, changes: ChangeFeed): VpcDirectory {
  function info(scope: Scope, eni: NetworkInterfaceRecord): InterfaceInfo {
    const instance = eni.instanceId === undefined ? undefined : store.get(scope, "instance", eni.instanceId);
    const out: InterfaceInfo = {
      account: scope.account,
      region: scope.region,
      interfaceId: eni.id,
      vpcId: eni.vpcId,
      subnetId: eni.subnetId,
      privateIp: eni.privateIp,
      securityGroupIds: [...eni.groupIds],
      az: eni.az,
      azId: eni.azId,
      state: instance?.state ?? "available",
    };
    if (eni.instanceId !== undefined) out.instanceId = eni.instanceId;
    if (eni.publicIp !== undefined) out.publicIp = eni.publicIp;
    return out;
  }

  return {
    interfaces(account, region) {
      const scope = { account, region };
      return store.list(scope, "network-interface").map((n) => info(scope, n));
    },
    interface(account, region, interfaceId) {
      const scope = { account, region };
      const n = store.get(scope, "network-interface", interfaceId);
      return n === undefined ? undefined : info(scope, n);
    },
    allInterfaces() {
      return store.all("network-interface").map((hit) => info(hit, hit.record));
    },
    interfaceByPublicIp(ip) {
      const hit = store.all("network-interface").find((r) => r.record.publicIp === ip);
      return hit === undefined ? undefined : info(hit, hit.record);
    },
    securityGroup(account, region, groupId) {
      const g = store.get({ account, region }, "security-group", groupId);
      return g === undefined ? undefined : { groupId: g.id, vpcId: g.vpcId, name: g.name, ingress: g.ingress.map(rule), egress: g.egress.map(rule) };
    },
    subnetRouting(account, region, subnetId) {
      const scope = { account, region };
      const subnet = store.get(scope, "subnet", subnetId);
      if (subnet === undefined) return undefined;
      const acl = store.list(scope, "network-acl").find((a) => a.associations.some((s) => s.subnetId === subnetId));
      const table = routeTableOfSubnet(store, scope, subnet.vpcId, subnetId);
      if (acl === undefined || table === undefined) return undefined;
      const gatewayVpc = (id: string) => store.get(scope, "internet-gateway", id)?.vpcId;
      return {
        networkAclId: acl.id,
        networkAclRules: acl.entries.map(aclRule),
        routeTableId: table.id,
        routes: table.routes.map((r) => ({
          ...(r.destinationCidrBlock === undefined ? {} : { destinationCidrBlock: r.destinationCidrBlock }),
          ...(r.destinationIpv6CidrBlock === undefined ? {} : { destinationIpv6CidrBlock: r.destinationIpv6CidrBlock }),
          gatewayId: r.gatewayId,
          state: r.gatewayId === "local" || gatewayVpc(r.gatewayId) === subnet.vpcId ? ("active" as const) : ("blackhole" as const),
        })),
      };
    },
    flowLogsCovering(account, region, interfaceId) {
      const scope = { account, region };
      const eni = store.get(scope, "network-interface", interfaceId);
      const placed = eni ?? store.list(scope, "instance").find((i) => i.interfaceId === interfaceId);
      if (placed === undefined) return [];
      const covering = new Set([interfaceId, placed.subnetId, placed.vpcId]);
      return store
        .list(scope, "vpc-flow-log")
        .filter((f) => covering.has(f.resourceId))
        .map((f) => ({
          flowLogId: f.id,
          arn: flowLogArn(f, account, region),
          resourceId: f.resourceId,
          logGroupName: f.logGroupName ?? "",
          roleArn: f.deliverLogsPermissionArn ?? "",
          trafficType: f.trafficType,
          logFormat: f.logFormat,
          maxAggregationInterval: f.maxAggregationInterval,
          ...(f.logDestinationType === "s3" && f.destinationOptions !== undefined ? { s3: { ...s3Folder(f.logDestination), ...f.destinationOptions } } : {}),
        }));
    },
    setDeliveryStatus(account, region, flowLogId, status, message) {
      const scope = { account, region };
      const f = store.get(scope, "vpc-flow-log", flowLogId);
      if (f === undefined) return false;
      f.deliverLogsStatus = status;
      if (status === "FAILED" && message !== undefined) f.deliverLogsErrorMessage = message;
      else delete f.deliverLogsErrorMessage;
      store.update(scope, "vpc-flow-log", f);
      return true;
    },
    onChange(listener) {
      return changes.subscribe(listener);
    },
  };
}
