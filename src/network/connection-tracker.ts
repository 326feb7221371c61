/**
 * Security-group connection tracking: once a packet is allowed, later packets of the same connection, in
 * either direction, are allowed regardless of rules until the connection has been idle past its timeout.
 */
import type { Clock } from "./clock.js";
import { type Direction, type Packet, PROTOCOL_ICMP, PROTOCOL_ICMPV6, PROTOCOL_TCP, PROTOCOL_UDP, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from "./packet.js";

/** Idle timeouts in seconds. See the README for which figures AWS publishes and which are chosen here. */
export interface ConnectionTimeouts {
  /** AWS: TcpEstablishedTimeout, default 432000 s (5 days), 60 to 432000. */
  tcpEstablished: number;
  /** Not published by AWS: handshake not completed, or FIN/RST seen. Linux conntrack's 120 s. */
  tcpTransitory: number;
  /** AWS: UdpTimeout, default 30 s (one direction, or one request-response), 30 to 60. */
  udp: number;
  /** AWS: UdpStreamTimeout, default 180 s (more than one request-response transaction), 60 to 180. */
  udpStream: number;
  /** Not published by AWS for ICMP: Linux conntrack's 30 s. */
  icmp: number;
  /** AWS: other protocols track address pair and protocol for 600 s. */
  other: number;
}

export const DEFAULT_TIMEOUTS: Readonly<ConnectionTimeouts> = {
  tcpEstablished: 432_000,
  tcpTransitory: 120,
  udp: 30,
  udpStream: 180,
  icmp: 30,
  other: 600,
};

type TcpState = "opening" | "established" | "closing";

interface Connection {
  readonly origin: Direction;
  tcpState: TcpState;
  /** Whether the last packet went the origin's way: a reply after it completes a UDP transaction. */
  lastFromOrigin: boolean;
  transactions: number;
  expiresAt: number;
}

/** A tracked connection as tests and diagnostics see it. */
export interface TrackedConnection {
  readonly key: string;
  readonly origin: Direction;
  readonly state: TcpState | "udp" | "udp-stream" | "icmp" | "other";
  readonly expiresAt: number;
}

export class ConnectionTracker {
  private readonly connections = new Map<string, Connection>();
  private readonly defaults: ConnectionTimeouts;

  constructor(
    private readonly clock: Clock,
    timeouts: Partial<ConnectionTimeouts> = {},
  ) {
    this.defaults = { ...DEFAULT_TIMEOUTS, ...timeouts };
  }

  get size(): number {
    return this.connections.size;
  }

  /**
   * If the packet belongs to a live tracked connection, refreshes it and returns true. Packets in the
   * direction that opened it count too: rule changes do not cut tracked connections, as AWS documents.
   */
  continues(interfaceId: string, packet: Packet, timeouts?: Partial<ConnectionTimeouts>): boolean {
    const key = connectionKey(interfaceId, packet);
    const connection = this.connections.get(key);
    if (connection === undefined) return false;
    const now = this.clock.now();
    if (connection.expiresAt <= now) {
      this.connections.delete(key);
      return false;
    }
    this.update(connection, packet, now, timeouts);
    return true;
  }

  /** Starts tracking the connection of a packet its rules allowed. */
  track(interfaceId: string, packet: Packet, timeouts?: Partial<ConnectionTimeouts>): void {
    const flags = packet.tcpFlags ?? 0;
    const connection: Connection = {
      origin: packet.direction,
      // A connection first seen mid-stream (no SYN) is tracked as established, as conntrack picks it up.
      tcpState: (flags & TCP_SYN) !== 0 && (flags & TCP_ACK) === 0 ? "opening" : "established",
      lastFromOrigin: true,
      transactions: 0,
      expiresAt: 0,
    };
    this.update(connection, packet, this.clock.now(), timeouts);
    this.connections.set(connectionKey(interfaceId, packet), connection);
  }

  /** Drops every connection idle past its timeout; returns how many were dropped. */
  sweep(): number {
    const now = this.clock.now();
    let dropped = 0;
    for (const [key, connection] of this.connections) {
      if (connection.expiresAt <= now) {
        this.connections.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** Forgets every connection of an interface, as when its instance stops. */
  forget(interfaceId: string): void {
    const prefix = `${interfaceId}|`;
    for (const key of this.connections.keys()) if (key.startsWith(prefix)) this.connections.delete(key);
  }

  list(): TrackedConnection[] {
    return [...this.connections].map(([key, c]) => ({ key, origin: c.origin, state: this.stateName(key, c), expiresAt: c.expiresAt }));
  }

  private stateName(key: string, c: Connection): TrackedConnection["state"] {
    const protocol = Number(key.split("|")[1]);
    if (protocol === PROTOCOL_TCP) return c.tcpState;
    if (protocol === PROTOCOL_UDP) return c.transactions > 1 ? "udp-stream" : "udp";
    if (protocol === PROTOCOL_ICMP || protocol === PROTOCOL_ICMPV6) return "icmp";
    return "other";
  }

  private update(connection: Connection, packet: Packet, now: number, overrides: Partial<ConnectionTimeouts> | undefined): void {
    const t = overrides === undefined ? this.defaults : { ...this.defaults, ...overrides };
    const fromOrigin = packet.direction === connection.origin;
    let seconds: number;
    switch (packet.protocol) {
      case PROTOCOL_TCP: {
        const flags = packet.tcpFlags ?? 0;
        if ((flags & (TCP_FIN | TCP_RST)) !== 0) connection.tcpState = "closing";
        else if (connection.tcpState === "opening" && !fromOrigin && (flags & TCP_ACK) !== 0) connection.tcpState = "established";
        seconds = connection.tcpState === "established" ? t.tcpEstablished : t.tcpTransitory;
        break;
      }
      case PROTOCOL_UDP:
        // A transaction is a request followed by a reply; more than one makes the flow a stream.
        if (!fromOrigin && connection.lastFromOrigin) connection.transactions++;
        seconds = connection.transactions > 1 ? t.udpStream : t.udp;
        break;
      case PROTOCOL_ICMP:
      case PROTOCOL_ICMPV6:
        seconds = t.icmp;
        break;
      default:
        seconds = t.other;
    }
    connection.lastFromOrigin = fromOrigin;
    connection.expiresAt = now + seconds * 1000;
  }
}

/**
 * The connection of a packet, the same in both directions: interface, protocol, local end, remote end.
 * ICMP and protocols other than TCP and UDP are tracked by addresses and protocol only, as AWS documents
 * for the latter; ICMP queries and their replies carry no ports to tell them apart.
 */
export function connectionKey(interfaceId: string, packet: Packet): string {
  const ingress = packet.direction === "ingress";
  const local = ingress ? packet.dstaddr : packet.srcaddr;
  const remote = ingress ? packet.srcaddr : packet.dstaddr;
  const ported = packet.protocol === PROTOCOL_TCP || packet.protocol === PROTOCOL_UDP;
  const localPort = ported ? (ingress ? packet.dstport : packet.srcport) : 0;
  const remotePort = ported ? (ingress ? packet.srcport : packet.dstport) : 0;
  return `${interfaceId}|${packet.protocol}|${local}|${localPort}|${remote}|${remotePort}`;
}
