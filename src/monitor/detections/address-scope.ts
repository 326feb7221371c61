/**
 * Inside or outside the VPC, from the address alone (RFC 1918, RFC 6598, loopback, link-local, ULA), and
 * whether a record is the VPC side's own outbound traffic or a VPC service's reply.
 */
import { portName } from "../../flowlog/index.js";
import type { DetectionRecord } from "./rule.js";

// Without DescribeVpcs the VPC's CIDRs are unknown, so the private ranges stand in. A VPC on public
// IPv4 space or with IPv6 (global unicast) addresses would have its own addresses taken as external.
const INTERNAL_V4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/;
const INTERNAL_V6 = /^(f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:|::1$)/i;

export const isAddress = (a: string): boolean => a !== "-" && a !== "";
export const isInternal = (a: string): boolean => INTERNAL_V4.test(a) || INTERNAL_V6.test(a);
export const isExternal = (a: string): boolean => isAddress(a) && !isInternal(a);

/**
 * A VPC service answering: its source port is a named service port and the destination port is not (an
 * ephemeral one). Egress of a web server to its clients is that; an upload from an ephemeral port is not.
 * Without srcport nothing is taken for a reply.
 */
export function isServiceReply(r: DetectionRecord): boolean {
  if (r.srcport === undefined || r.srcport === null || r.dstport === null) return false;
  return portName(r.srcport) !== undefined && portName(r.dstport) === undefined;
}

/** Accepted traffic a VPC address sends to an external one on its own initiative (not as a service's reply). */
export function isOutbound(r: DetectionRecord): boolean {
  return r.action === "ACCEPT" && isInternal(r.srcaddr) && isExternal(r.dstaddr) && !isServiceReply(r);
}

/** The /16 (IPv4) or /32 (IPv6) holding an address: the unit new-talker learns, see new-talker.ts. */
export function talkerPrefix(a: string): string {
  if (a.includes(":")) {
    const [first = "0", second = ""] = a.toLowerCase().split(":");
    return `${first || "0"}:${second || "0"}::/32`;
  }
  const [first, second] = a.split(".");
  return `${first}.${second}.0.0/16`;
}
