/**
 * Packet-level estimates of one TCP connection or UDP exchange, as observations on every VPC interface it
 * touches, with the packet sizes of network/packet.ts.
 */
import type { Observation } from "../observation.js";
import { type Action, HEADER, MSS, PROTOCOL_TCP, PROTOCOL_UDP, RST_BYTES, SCAN_SYN_BYTES, SYN_BYTES, UDP_HEADER } from "../packet.js";
import type { ScenarioInterface } from "./types.js";
/** Long transfers are reported in slices, as a live capture would see them. */
const SLICE_MS = 10_000;

export interface Endpoint {
  address: string;
  port: number;
  /** Set when the endpoint is an interface of the VPC: it then observes the traffic. */
  iface?: ScenarioInterface;
}

export type Emit = (observation: Observation) => void;

interface Leg {
  time: number;
  packets: number;
  bytes: number;
  tcpFlags: number;
}

/** Emits one direction's packets (from → to) on every observing interface. */
function emitLeg(emit: Emit, protocol: number, from: Endpoint, to: Endpoint, leg: Leg, action: Action): void {
  if (leg.packets <= 0) return;
  const time = Math.floor(leg.time);
  // Literal objects (no spread): every observation has one shape, which keeps the aggregator's loads fast.
  if (from.iface !== undefined) {
    emit({
      interfaceId: from.iface.interfaceId,
      time,
      direction: "egress",
      srcaddr: from.address,
      dstaddr: to.address,
      srcport: from.port,
      dstport: to.port,
      protocol,
      packets: leg.packets,
      bytes: leg.bytes,
      tcpFlags: leg.tcpFlags,
      action,
    });
  }
  if (to.iface !== undefined) {
    emit({
      interfaceId: to.iface.interfaceId,
      time,
      direction: "ingress",
      srcaddr: from.address,
      dstaddr: to.address,
      srcport: from.port,
      dstport: to.port,
      protocol,
      packets: leg.packets,
      bytes: leg.bytes,
      tcpFlags: leg.tcpFlags,
      action,
    });
  }
}

/** Spreads packets and bytes over slices of at most 10 s between two times. */
function emitSpread(emit: Emit, protocol: number, from: Endpoint, to: Endpoint, first: number, last: number, packets: number, bytes: number): void {
  const slices = Math.max(1, Math.min(packets, Math.ceil((last - first) / SLICE_MS)));
  const step = slices > 1 ? (last - first) / (slices - 1) : 0;
  for (let i = 0; i < slices; i++) {
    const p = i === slices - 1 ? packets - Math.floor(packets / slices) * (slices - 1) : Math.floor(packets / slices);
    const b = i === slices - 1 ? bytes - Math.floor(bytes / slices) * (slices - 1) : Math.floor(bytes / slices);
    emitLeg(emit, protocol, from, to, { time: first + i * step, packets: p, bytes: b, tcpFlags: 0 }, "ACCEPT");
  }
}

export interface TcpSession {
  client: Endpoint;
  server: Endpoint;
  start: number;
  /** Milliseconds from the SYN to the last packet. */
  duration: number;
  /** Payload bytes each way. */
  requestBytes: number;
  responseBytes: number;
  /** A normal close (FIN both ways), or the client resetting (scanners, impatient clients). */
  close: "fin" | "client-rst";
}

const segments = (payload: number) => (payload <= 0 ? 0 : Math.ceil(payload / MSS));

/**
 * An accepted TCP connection: handshake, request, response, close. Delayed ACKs are one per two segments.
 * Flags: the client's flow gets SYN (and FIN or RST), the server's SYN-ACK and FIN: 3 and 19 as AWS shows.
 */
export function tcpSession(emit: Emit, s: TcpSession): void {
  const rtt = Math.min(50, Math.max(1, s.duration / 10));
  const end = s.start + Math.max(s.duration, 2 * rtt);
  const reqSegments = segments(s.requestBytes);
  const respSegments = segments(s.responseBytes);
  const clientAcks = Math.ceil(respSegments / 2);
  const serverAcks = Math.max(1, Math.ceil(reqSegments / 2));
  emitLeg(emit, PROTOCOL_TCP, s.client, s.server, { time: s.start, packets: 1, bytes: SYN_BYTES, tcpFlags: 2 }, "ACCEPT");
  emitLeg(emit, PROTOCOL_TCP, s.server, s.client, { time: s.start + rtt / 2, packets: 1, bytes: SYN_BYTES, tcpFlags: 18 }, "ACCEPT");
  const clientData = 1 + reqSegments + clientAcks;
  emitSpread(emit, PROTOCOL_TCP, s.client, s.server, s.start + rtt, end - rtt, clientData, clientData * HEADER + s.requestBytes);
  const serverData = respSegments + serverAcks;
  emitSpread(emit, PROTOCOL_TCP, s.server, s.client, s.start + 1.5 * rtt, end - rtt / 2, serverData, serverData * HEADER + s.responseBytes);
  if (s.close === "fin") {
    emitLeg(emit, PROTOCOL_TCP, s.server, s.client, { time: end - rtt / 2, packets: 2, bytes: 2 * HEADER, tcpFlags: 1 }, "ACCEPT");
    emitLeg(emit, PROTOCOL_TCP, s.client, s.server, { time: end, packets: 2, bytes: 2 * HEADER, tcpFlags: 1 }, "ACCEPT");
  } else {
    emitLeg(emit, PROTOCOL_TCP, s.client, s.server, { time: end, packets: 1, bytes: RST_BYTES, tcpFlags: 4 }, "ACCEPT");
  }
}

/**
 * A SYN the server's security groups reject: the server's interface logs each attempt as REJECT.
 * Retransmissions follow Linux's backoff (1 s, then doubling).
 */
export function rejectedSyn(emit: Emit, client: Endpoint, server: Endpoint, start: number, attempts: number, synBytes: number): void {
  let delay = 0;
  for (let i = 0; i < attempts; i++) {
    emitLeg(emit, PROTOCOL_TCP, client, server, { time: start + delay, packets: 1, bytes: synBytes, tcpFlags: 2 }, "REJECT");
    delay = delay === 0 ? 1000 : delay * 2;
  }
}

/**
 * A SYN probe of an open port, as a half-open scan makes it: SYN in, SYN-ACK out, RST in.
 */
export function synProbe(emit: Emit, client: Endpoint, server: Endpoint, start: number): void {
  emitLeg(emit, PROTOCOL_TCP, client, server, { time: start, packets: 1, bytes: SCAN_SYN_BYTES, tcpFlags: 2 }, "ACCEPT");
  emitLeg(emit, PROTOCOL_TCP, server, client, { time: start + 1, packets: 1, bytes: SCAN_SYN_BYTES, tcpFlags: 18 }, "ACCEPT");
  emitLeg(emit, PROTOCOL_TCP, client, server, { time: start + 2, packets: 1, bytes: RST_BYTES, tcpFlags: 4 }, "ACCEPT");
}

/** One UDP request and its reply (DNS): one datagram each way. */
export function udpExchange(emit: Emit, client: Endpoint, server: Endpoint, start: number, rtt: number, requestBytes: number, responseBytes: number): void {
  emitLeg(emit, PROTOCOL_UDP, client, server, { time: start, packets: 1, bytes: UDP_HEADER + requestBytes, tcpFlags: 0 }, "ACCEPT");
  emitLeg(emit, PROTOCOL_UDP, server, client, { time: start + rtt, packets: 1, bytes: UDP_HEADER + responseBytes, tcpFlags: 0 }, "ACCEPT");
}
