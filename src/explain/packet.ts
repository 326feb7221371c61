/**
 * A flow log record names one packet direction, not who opened the connection: a record of
 * `10.0.1.5:80 -> 203.0.113.9:51234` is the reply of a connection to port 80. The record's tcp-flags
 * say it when present (SYN alone opens, SYN-ACK answers); otherwise the service side is the port that is
 * well known or below 1024 while the other is not, and without either hint the record is read as the request.
 */
import { portName } from "../flowlog/index.js";
import type { Connection } from "./model.js";
import type { Leg } from "./explain.js";
import { hasPorts } from "./traffic-text.js";

export interface Packet {
  protocol: number;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  /** The record's tcp-flags field, when its format has one. */
  tcpFlags?: number;
}

export interface ReadConnection {
  connection: Connection;
  leg: Leg;
  /** How the leg was told: "tcp-flags", "ports", or "as given". */
  how: string;
}

const SYN = 2;
const SYN_ACK = 18;

const serviceLike = (port: number) => port < 1024 || portName(port) !== undefined;

export function connectionOfPacket(p: Packet): ReadConnection {
  const asRequest: Connection = {
    protocol: p.protocol,
    initiator: { address: p.src, ...(p.srcPort !== undefined && hasPorts(p.protocol) ? { port: p.srcPort } : {}) },
    responder: { address: p.dst, ...(p.dstPort !== undefined && hasPorts(p.protocol) ? { port: p.dstPort } : {}) },
  };
  const asReply: Connection = { protocol: p.protocol, initiator: asRequest.responder, responder: asRequest.initiator };
  if (hasPorts(p.protocol) && p.protocol === 6 && p.tcpFlags !== undefined) {
    if ((p.tcpFlags & SYN_ACK) === SYN_ACK) return { connection: asReply, leg: "reply", how: "tcp-flags" };
    if ((p.tcpFlags & SYN) === SYN) return { connection: asRequest, leg: "request", how: "tcp-flags" };
  }
  if (hasPorts(p.protocol) && p.srcPort !== undefined && p.dstPort !== undefined && serviceLike(p.srcPort) && !serviceLike(p.dstPort)) {
    return { connection: asReply, leg: "reply", how: "ports" };
  }
  return { connection: asRequest, leg: "request", how: hasPorts(p.protocol) && p.srcPort !== undefined && p.dstPort !== undefined ? "ports" : "as given" };
}
