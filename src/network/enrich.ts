/**
 * Enrichment: an aggregated flow plus its interface's metadata to a FlowRecord with every field of
 * versions 2 to 8 (and the two newer ones as `-`), so that any LogFormat can be written with formatRecord.
 */
import type { FlowRecord } from "../flowlog/index.js";
import { Cidr, isIPv6Text, parseIp } from "./addresses.js";
import { AwsServiceRanges } from "./aws-service-ranges.js";
import type { AggregatedFlow } from "./observation.js";

/** What the EC2 service knows of a network interface. */
export interface InterfaceMetadata {
  interfaceId: string;
  accountId: string;
  vpcId: string;
  subnetId: string;
  /** null for an interface no instance of the account owns (NAT gateway, endpoint). */
  instanceId: string | null;
  region: string;
  azId: string;
  /** Primary private IPv4: what flow logs show for the interface, even for traffic to its public address. */
  privateIp: string;
  publicIp?: string | null;
  /** The VPC's CIDR blocks: egress to them is traffic-path 1. Without them, RFC 1918 and fc00::/7 stand in. */
  vpcCidrs?: readonly string[];
}

/** traffic-path values used here (Amazon VPC User Guide, "Available fields"). */
export const TRAFFIC_PATH_SAME_VPC = 1;
/** Through an internet gateway, Nitro-based instances: what AWS's own v5 example shows for egress to S3. */
export const TRAFFIC_PATH_INTERNET_GATEWAY = 8;

const PRIVATE_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

export class FlowEnricher {
  private readonly cidrs = new Map<string, Cidr>();

  constructor(private readonly services: AwsServiceRanges = new AwsServiceRanges()) {}

  /**
   * The record of one aggregated flow. `version` is the flow log format's version (format.version).
   * NODATA and SKIPDATA records keep the interface's metadata and have `-` for every packet-derived field.
   */
  record(flow: AggregatedFlow, iface: InterfaceMetadata, version: number): FlowRecord {
    const ok = flow.logStatus === "OK";
    const egress = flow.direction === "egress";
    // The internet gateway translates the public address before the interface sees the packet.
    const local = (address: string | null) => (address !== null && address === iface.publicIp ? iface.privateIp : address);
    const srcaddr = local(flow.srcaddr);
    const dstaddr = local(flow.dstaddr);
    const pktSrcaddr = local(flow.pktSrcaddr ?? flow.srcaddr);
    const pktDstaddr = local(flow.pktDstaddr ?? flow.dstaddr);
    return {
      version,
      "account-id": iface.accountId,
      "interface-id": iface.interfaceId,
      srcaddr,
      dstaddr,
      srcport: flow.srcport,
      dstport: flow.dstport,
      protocol: flow.protocol,
      packets: flow.packets,
      bytes: flow.bytes,
      start: flow.start,
      end: flow.end,
      action: flow.action,
      "log-status": flow.logStatus,
      "vpc-id": iface.vpcId,
      "subnet-id": iface.subnetId,
      "instance-id": iface.instanceId,
      // Non-TCP flows carry no flags: 0, as "no supported flag was recorded".
      "tcp-flags": ok ? (flow.tcpFlags ?? 0) : null,
      type: ok && srcaddr !== null ? (isIPv6Text(srcaddr) ? "IPv6" : "IPv4") : null,
      "pkt-srcaddr": ok ? pktSrcaddr : null,
      "pkt-dstaddr": ok ? pktDstaddr : null,
      region: iface.region,
      "az-id": iface.azId,
      "sublocation-type": null,
      "sublocation-id": null,
      "pkt-src-aws-service": ok ? this.services.serviceOf(pktSrcaddr) : null,
      "pkt-dst-aws-service": ok ? this.services.serviceOf(pktDstaddr) : null,
      "flow-direction": ok ? flow.direction : null,
      "traffic-path": ok && egress ? this.trafficPath(pktDstaddr, iface) : null,
      "ecs-cluster-arn": null,
      "ecs-cluster-name": null,
      "ecs-container-instance-arn": null,
      "ecs-container-instance-id": null,
      "ecs-container-id": null,
      "ecs-second-container-id": null,
      "ecs-service-name": null,
      "ecs-task-definition-arn": null,
      "ecs-task-arn": null,
      "ecs-task-id": null,
      "reject-reason": null,
      "resource-id": null,
      "encryption-status": null,
    };
  }

  /** Egress only: 1 inside the VPC, 8 (internet gateway, Nitro) for everything else, S3 included. */
  private trafficPath(destination: string | null, iface: InterfaceMetadata): number | null {
    const address = destination === null ? undefined : parseIp(destination);
    if (address === undefined) return null;
    for (const text of iface.vpcCidrs ?? PRIVATE_BLOCKS) if (this.cidr(text).contains(address)) return TRAFFIC_PATH_SAME_VPC;
    return TRAFFIC_PATH_INTERNET_GATEWAY;
  }

  private cidr(text: string): Cidr {
    let cidr = this.cidrs.get(text);
    if (cidr === undefined) {
      cidr = Cidr.parse(text);
      this.cidrs.set(text, cidr);
    }
    return cidr;
  }
}

/** One record, with the built-in service ranges; build a FlowEnricher once for many. */
export function enrichFlow(flow: AggregatedFlow, iface: InterfaceMetadata, version: number): FlowRecord {
  return new FlowEnricher().record(flow, iface, version);
}
