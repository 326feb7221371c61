/**
 * The traffic gateway: real TCP on each running instance's public address (an address of
 * 127.0.0.0/8 on this machine), decided by its route table, network ACL and security groups, and
 * reported as observations.
 * An HTTP responder answers on the HTTP ports, an echo on the others.
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import type { Clock } from "./clock.js";
import type { Observation } from "./observation.js";
import { type Action, HEADER, MSS, PROTOCOL_TCP, type Packet, SYN_BYTES, TCP_SYN } from "./packet.js";

/** One instance's reachable address and what its interface records. */
export interface GatewayTarget {
  /** The instance's PublicIpAddress: where the gateway listens. */
  publicIp: string;
  interfaceId: string;
  /** Its primary private address: what flow records show in place of the public one, as on AWS. */
  privateIp: string;
  /** Shown by the HTTP responder. */
  instanceId: string;
}

/**
 * What decides a new connection: the request's action, its reply's at the subnet's edge (network ACLs
 * are stateless, so the SYN-ACK meets the outbound rules), and whether a route carries the reply.
 */
export interface ConnectionDecision {
  request: Action;
  /** ACCEPT when absent. */
  reply?: Action;
  /** false: no route carries the reply; nothing is recorded and the connection is dropped. */
  routed?: boolean;
}

export interface TrafficGatewayOptions {
  clock: Clock;
  /** Ports listened on at every target; a connection to another port is refused by the kernel, unrecorded. */
  ports?: readonly number[];
  /** Ports answered by the HTTP responder; the others echo. */
  httpPorts?: readonly number[];
  /** The decision on a new inbound connection, from its SYN: an action alone, or a ConnectionDecision. */
  decide(target: GatewayTarget, packet: Packet): Action | ConnectionDecision;
  observe(observation: Observation): void;
  /** Told when a listener cannot open (a port taken, no permission for a low port). */
  onListenError?(target: GatewayTarget, port: number, error: Error): void;
  /** Told when deciding or recording a connection failed; the connection is dropped, the gateway goes on. */
  onError?(error: unknown): void;
}

export const DEFAULT_GATEWAY_PORTS: readonly number[] = [22, 80, 443, 3389, 8080];
export const DEFAULT_HTTP_PORTS: readonly number[] = [80, 8080];

interface Listener {
  target: GatewayTarget;
  servers: Array<NetServer | HttpServer>;
}

/**
 * Packets of one side of a TCP connection, estimated from the payload bytes the socket counted:
 * the handshake packet, one packet per MSS of data, one ACK per two data packets of the other side
 * (delayed ACKs), and the FIN with its final ACK. Bytes add 52 header bytes per packet (60 for SYNs).
 */
export function estimateSide(payload: number, otherPayload: number): { packets: number; bytes: number } {
  const data = Math.ceil(payload / MSS);
  const acks = Math.max(1, Math.ceil(Math.ceil(otherPayload / MSS) / 2));
  const packets = 1 + data + acks + 1;
  return { packets, bytes: SYN_BYTES + payload + (packets - 1) * HEADER };
}

export class TrafficGateway {
  private readonly listeners = new Map<string, Listener>();
  private readonly ports: readonly number[];
  private readonly httpPorts: ReadonlySet<number>;

  constructor(private readonly options: TrafficGatewayOptions) {
    this.ports = options.ports ?? DEFAULT_GATEWAY_PORTS;
    this.httpPorts = new Set(options.httpPorts ?? DEFAULT_HTTP_PORTS);
  }

  /** Opens listeners for new targets and closes those of targets that are gone (stopped, terminated). */
  async setTargets(targets: readonly GatewayTarget[]): Promise<void> {
    const wanted = new Map(targets.map((t) => [t.publicIp, t]));
    for (const [ip, listener] of this.listeners) {
      const next = wanted.get(ip);
      if (next === undefined || next.interfaceId !== listener.target.interfaceId) await this.close(ip);
    }
    for (const target of targets) {
      if (!this.listeners.has(target.publicIp)) await this.open(target);
    }
  }

  get addresses(): string[] {
    return [...this.listeners.keys()];
  }

  private async open(target: GatewayTarget): Promise<void> {
    const listener: Listener = { target, servers: [] };
    this.listeners.set(target.publicIp, listener);
    for (const port of this.ports) {
      const server = this.httpPorts.has(port) ? this.httpServer(target) : this.echoServer(target);
      server.on("connection", (socket: Socket) => {
        try {
          this.connection(target, socket, port);
        } catch (error) {
          socket.destroy();
          this.options.onError?.(error);
        }
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(port, target.publicIp, () => {
            server.off("error", reject);
            resolve();
          });
        });
        listener.servers.push(server);
      } catch (error) {
        this.options.onListenError?.(target, port, error as Error);
      }
    }
  }

  private httpServer(target: GatewayTarget): HttpServer {
    return createHttpServer((req, res) => {
      req.resume();
      const body = `flowwatch: instance ${target.instanceId} (${target.privateIp}, public ${target.publicIp}) says hello\n`;
      res.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  }

  private echoServer(_target: GatewayTarget): NetServer {
    return createNetServer((socket) => {
      socket.on("error", () => undefined);
      socket.pipe(socket);
    });
  }

  /**
   * Decides the connection's SYN; a rejected one is reset at once, an accepted one reported when it ends.
   * An accepted SYN whose SYN-ACK is denied (a network ACL's outbound rules) is reported as AWS's ICMP
   * example shows: ACCEPT for what came in, REJECT for the reply. One no route carries is not reported.
   */
  private connection(target: GatewayTarget, socket: Socket, port: number): void {
    const client = (socket.remoteAddress ?? "0.0.0.0").replace(/^::ffff:/, "");
    const clientPort = socket.remotePort ?? 0;
    const opened = this.options.clock.now();
    const syn: Packet = {
      direction: "ingress",
      protocol: PROTOCOL_TCP,
      srcaddr: client,
      dstaddr: target.privateIp,
      srcport: clientPort,
      dstport: port,
      tcpFlags: TCP_SYN,
    };
    const decided = this.options.decide(target, syn);
    const decision: ConnectionDecision = typeof decided === "string" ? { request: decided } : decided;
    const base = { interfaceId: target.interfaceId, protocol: PROTOCOL_TCP };
    if (decision.routed === false) {
      socket.resetAndDestroy();
      return;
    }
    // The client's SYN as the interface records it, with the verdict on the request.
    const observeSyn = (action: "ACCEPT" | "REJECT") =>
      this.options.observe({
        ...base,
        time: opened,
        direction: "ingress",
        srcaddr: client,
        dstaddr: target.privateIp,
        srcport: clientPort,
        dstport: port,
        packets: 1,
        bytes: SYN_BYTES,
        tcpFlags: 2,
        action,
      });
    if (decision.request === "REJECT") {
      observeSyn("REJECT");
      socket.resetAndDestroy();
      return;
    }
    if (decision.reply === "REJECT") {
      observeSyn("ACCEPT");
      this.options.observe({
        ...base,
        time: opened,
        direction: "egress",
        srcaddr: target.privateIp,
        dstaddr: client,
        srcport: port,
        dstport: clientPort,
        packets: 1,
        bytes: SYN_BYTES,
        tcpFlags: 18,
        action: "REJECT",
      });
      socket.resetAndDestroy();
      return;
    }
    socket.on("error", () => undefined);
    socket.once("close", (hadError) => {
      const closed = this.options.clock.now();
      const received = socket.bytesRead;
      const sent = socket.bytesWritten;
      const inbound = estimateSide(received, sent);
      const outbound = estimateSide(sent, received);
      // AWS's OR-ed flags over a short connection: the client's side SYN|FIN (3), the server's SYN-ACK|FIN (19).
      const resetFlag = hadError ? 4 : 0;
      this.options.observe({
        ...base,
        time: opened,
        direction: "ingress",
        srcaddr: client,
        dstaddr: target.privateIp,
        srcport: clientPort,
        dstport: port,
        packets: 1,
        bytes: SYN_BYTES,
        tcpFlags: 2,
        action: "ACCEPT",
      });
      this.options.observe({
        ...base,
        time: closed,
        direction: "ingress",
        srcaddr: client,
        dstaddr: target.privateIp,
        srcport: clientPort,
        dstport: port,
        packets: inbound.packets - 1,
        bytes: inbound.bytes - SYN_BYTES,
        tcpFlags: 1 | resetFlag,
        action: "ACCEPT",
      });
      this.options.observe({
        ...base,
        time: opened,
        direction: "egress",
        srcaddr: target.privateIp,
        dstaddr: client,
        srcport: port,
        dstport: clientPort,
        packets: 1,
        bytes: SYN_BYTES,
        tcpFlags: 18,
        action: "ACCEPT",
      });
      this.options.observe({
        ...base,
        time: closed,
        direction: "egress",
        srcaddr: target.privateIp,
        dstaddr: client,
        srcport: port,
        dstport: clientPort,
        packets: outbound.packets - 1,
        bytes: outbound.bytes - SYN_BYTES,
        tcpFlags: 1 | resetFlag,
        action: "ACCEPT",
      });
    });
  }

  private async close(ip: string): Promise<void> {
    const listener = this.listeners.get(ip);
    this.listeners.delete(ip);
    if (listener === undefined) return;
    await Promise.all(
      listener.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      ),
    );
  }

  async stop(): Promise<void> {
    for (const ip of [...this.listeners.keys()]) await this.close(ip);
  }
}
