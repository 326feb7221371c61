/** Traffic in the words the explanation uses: "tcp 8080", "all traffic", "icmp type 8", "tcp 1024-65535". */
import { protocolName } from "../flowlog/index.js";

export const ICMP = 1;
export const ICMPV6 = 58;
export const TCP = 6;
export const UDP = 17;

/** Protocols whose rules name ports: the others are matched on the protocol alone. */
export const hasPorts = (protocol: number): boolean => protocol === TCP || protocol === UDP;
export const isIcmp = (protocol: number): boolean => protocol === ICMP || protocol === ICMPV6;

export const protocolWord = (protocol: number): string => protocolName(protocol).toLowerCase();

/** A port range as rules hold it: one port, a range, or every port. */
export function portsText(from: number, to: number): string {
  if (from <= 0 && to >= 65535) return "all ports";
  return from === to ? String(from) : `${from}-${to}`;
}

/** ICMP type and code as rules hold them (-1: any). */
export function icmpText(type: number | undefined, code: number | undefined): string {
  if (type === undefined || type === -1) return "all types";
  return code === undefined || code === -1 ? `type ${type}` : `type ${type} code ${code}`;
}

/** The traffic of a connection's one leg: protocol, and the destination port or ICMP type when known. */
export function flowText(protocol: number, port: number | undefined, icmpType?: number): string {
  const name = protocolWord(protocol);
  if (hasPorts(protocol)) return port === undefined ? `${name} (port not known)` : `${name} ${port}`;
  if (isIcmp(protocol)) return icmpType === undefined ? name : `${name} type ${icmpType}`;
  return name;
}
