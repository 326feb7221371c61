/** What the security-group engine decides on: one packet (or the first packet of a flow) seen at an interface. */

export type Direction = "ingress" | "egress";
export type Action = "ACCEPT" | "REJECT";

export const PROTOCOL_ICMP = 1;
export const PROTOCOL_TCP = 6;
export const PROTOCOL_UDP = 17;
export const PROTOCOL_ICMPV6 = 58;

/** Raw TCP header flags, as on the wire (not AWS's tcp-flags encoding). */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

/**
 * Packet sizes the data plane reports, estimated from what a connection puts on the wire: IPv4 + TCP
 * headers with timestamps are 52 bytes, SYN and SYN-ACK 60, a scanner's SYN (nmap: MSS only) 44, a
 * RST 40, IPv4 + UDP 28, and a full segment carries MSS 1448 bytes. Scenarios and the gateway share them.
 */
export const MSS = 1448;
export const HEADER = 52;
export const SYN_BYTES = 60;
export const SCAN_SYN_BYTES = 44;
export const RST_BYTES = 40;
export const UDP_HEADER = 28;

export interface Packet {
  /** Relative to the interface: ingress arrives at it, egress leaves it. */
  readonly direction: Direction;
  /** IANA protocol number. */
  readonly protocol: number;
  readonly srcaddr: string;
  readonly dstaddr: string;
  /** Ports of TCP and UDP; 0 for other protocols. */
  readonly srcport: number;
  readonly dstport: number;
  /** ICMP / ICMPv6 type and code; security group rules put them in FromPort and ToPort. */
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** Raw TCP flags of this packet, which drive the connection state (SYN opens, FIN/RST close). */
  readonly tcpFlags?: number;
}

/**
 * AWS's tcp-flags value of one packet's raw flags: FIN 1, SYN 2, RST 4, and 16 only with SYN (SYN-ACK = 18).
 * ACK or PSH alone give 0, as AWS documents.
 */
export function awsTcpFlags(rawFlags: number): number {
  return (rawFlags & 7) | ((rawFlags & 0x12) === 0x12 ? 16 : 0);
}
