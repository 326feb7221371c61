/**
 * Traffic VPC Flow Logs never records (Amazon VPC User Guide, "Flow log limitations"): the Amazon DNS
 * server, instance metadata, Time Sync, DHCP and the reserved VPC router address. Sources filter with this.
 */
import { formatIPv4, parseIPv4 } from "./addresses.js";
import { PROTOCOL_UDP } from "./packet.js";

/** Link-local services of every VPC: metadata, Time Sync, Amazon DNS (IPv4 and the Nitro IPv6 forms). */
const LINK_LOCAL_SERVICES = new Set(["169.254.169.254", "169.254.169.123", "169.254.169.253", "fd00:ec2::254", "fd00:ec2::123", "fd00:ec2::253"]);

/** The addresses of a VPC block that flow logs never show: its router (base + 1) and Amazon DNS (base + 2). */
export function reservedVpcAddresses(vpcCidr: string): string[] {
  const [prefix, length] = vpcCidr.split("/");
  const base = prefix === undefined ? undefined : parseIPv4(prefix);
  if (base === undefined || length === undefined) return [];
  const bits = Number(length);
  const network = bits === 0 ? 0 : (base & ((0xffffffff << (32 - bits)) >>> 0)) >>> 0;
  return [formatIPv4(network + 1), formatIPv4(network + 2)];
}

export interface AddressedTraffic {
  srcaddr: string;
  dstaddr: string;
  protocol: number;
  srcport: number;
  dstport: number;
}

/** Whether flow logs leave this traffic out; `vpcCidrs` are the IPv4 blocks of the interface's VPC. */
export function isUnloggedTraffic(traffic: AddressedTraffic, vpcCidrs: readonly string[]): boolean {
  if (LINK_LOCAL_SERVICES.has(traffic.srcaddr) || LINK_LOCAL_SERVICES.has(traffic.dstaddr)) return true;
  if (traffic.protocol === PROTOCOL_UDP && (traffic.dstport === 67 || traffic.dstport === 68)) return true;
  for (const cidr of vpcCidrs) {
    const reserved = reservedVpcAddresses(cidr);
    if (reserved.includes(traffic.srcaddr) || reserved.includes(traffic.dstaddr)) return true;
  }
  return false;
}
