/** Observations, what the traffic sources report to the aggregator, and aggregated flows, what it gives back. */
import type { Action, Direction } from "./packet.js";

/**
 * Some packets of one flow seen at one interface at one moment. Addresses are those the interface sees:
 * its private address, not its public one (the internet gateway translates before the interface).
 */
export interface Observation {
  interfaceId: string;
  /** Milliseconds since the Unix epoch. */
  time: number;
  direction: Direction;
  srcaddr: string;
  dstaddr: string;
  srcport: number;
  dstport: number;
  protocol: number;
  packets: number;
  bytes: number;
  /** AWS's tcp-flags encoding of these packets (see awsTcpFlags): FIN 1, SYN 2, RST 4, SYN-ACK 18. */
  tcpFlags: number;
  action: Action;
  /** Packet-level addresses, when they differ from srcaddr/dstaddr (NAT gateway, secondary address). */
  pktSrcaddr?: string;
  pktDstaddr?: string;
}

export type LogStatus = "OK" | "NODATA" | "SKIPDATA";

/** One record's worth of a window: a flow (OK), or the window's NODATA or SKIPDATA marker with nulls. */
export interface AggregatedFlow {
  readonly interfaceId: string;
  readonly logStatus: LogStatus;
  readonly direction: Direction | null;
  readonly srcaddr: string | null;
  readonly dstaddr: string | null;
  readonly srcport: number | null;
  readonly dstport: number | null;
  readonly protocol: number | null;
  readonly packets: number | null;
  readonly bytes: number | null;
  /** Unix seconds of the first packet, or the window's start for NODATA / SKIPDATA. */
  readonly start: number;
  /** Unix seconds of the last packet, or the window's end for NODATA / SKIPDATA. */
  readonly end: number;
  readonly action: Action | null;
  readonly tcpFlags: number | null;
  readonly pktSrcaddr: string | null;
  readonly pktDstaddr: string | null;
}

/** The records of one interface's closed aggregation window, in first-seen order. */
export interface ClosedWindow {
  readonly interfaceId: string;
  /** Unix seconds: the window is [start, end). */
  readonly start: number;
  readonly end: number;
  readonly records: readonly AggregatedFlow[];
}
