/**
 * `explain` for a flow log record or a described flow: the interface and its peer read through the EC2
 * API (explain-reader.ts), the record's packet turned into the connection it belongs to, and the
 * evaluation of src/explain/. One function for `flowwatch explain` and the dashboard's "Why?".
 */
import type { EC2Client } from "@aws-sdk/client-ec2";
import { addressesOf, connectionOfPacket, type Connection, type Explanation, explainConnection, type InterfaceConfig, type Leg } from "../explain/index.js";
import { parseAddress } from "../explain/index.js";
import { type FlowRecord, protocolNumber } from "../flowlog/index.js";
import { ExplainReader } from "./explain-reader.js";

/** A request explain cannot act on (a record without the fields it needs, a flow missing its ends): the reason, in words. */
export class ExplainInputError extends Error {
  override readonly name = "ExplainInputError";
}

export interface ExplainedFlow {
  explanation: Explanation;
  /** How the record or flow was read: which leg of which connection, at which interface. */
  context: string;
  interfaceId: string;
}

/** A flow described by hand: `--eni --src --dst --port --protocol [--direction]`. */
export interface FlowSpec {
  eni: string;
  src?: string;
  dst?: string;
  srcPort?: number;
  port?: number;
  protocol: string;
  /** inbound: the interface is the destination (the default when --dst is not given); outbound: the source. */
  direction?: "inbound" | "outbound";
}

const number = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "-" ? v : undefined);

function address(value: string, what: string): string {
  if (parseAddress(value) === undefined) throw new ExplainInputError(`${what} must be an IPv4 or IPv6 address, not '${value}'`);
  return value;
}

function protocolOf(value: string): number {
  const n = protocolNumber(value);
  if (n === undefined) throw new ExplainInputError(`--protocol takes tcp, udp, icmp, icmpv6, all... or a number 0-255, not '${value}'`);
  return n;
}

/** Why a flow log record was accepted or rejected; `eni` names the interface when the record's format has no interface-id. */
export async function explainRecord(ec2: EC2Client, record: FlowRecord, eni?: string): Promise<ExplainedFlow> {
  const status = text(record["log-status"]);
  if (status === "NODATA" || status === "SKIPDATA") throw new ExplainInputError(`the record is ${status}: it names no traffic to explain`);
  const interfaceId = text(record["interface-id"]) ?? eni;
  if (interfaceId === undefined) throw new ExplainInputError("the record's format has no interface-id: name the interface with --eni");
  const src = text(record.srcaddr);
  const dst = text(record.dstaddr);
  const protocol = number(record.protocol);
  const missing = [src ? "" : "srcaddr", dst ? "" : "dstaddr", protocol === undefined ? "protocol" : ""].filter(Boolean);
  if (missing.length > 0) throw new ExplainInputError(`the record has no ${missing.join(", ")}: its format must carry the addresses and the protocol`);
  const reader = new ExplainReader(ec2);
  const at = await reader.interfaceById(interfaceId);
  const srcPort = number(record.srcport);
  const dstPort = number(record.dstport);
  const tcpFlags = number(record["tcp-flags"]);
  const read = connectionOfPacket({
    protocol: protocol as number,
    src: src as string,
    dst: dst as string,
    ...(srcPort !== undefined ? { srcPort } : {}),
    ...(dstPort !== undefined ? { dstPort } : {}),
    ...(tcpFlags !== undefined ? { tcpFlags } : {}),
  });
  const action = text(record.action);
  const how = read.how === "tcp-flags" ? "told by its tcp-flags" : read.how === "ports" ? "told by its ports" : "read as given";
  const context = `the record at ${at.interfaceId} is the ${read.leg} of this connection, ${how}${action ? `; it says ${action}` : ""}`;
  return explainAt(reader, at, read.connection, { interfaceId: at.interfaceId, leg: read.leg, ...(action ? { action } : {}) }, context);
}

/** Why a flow described by hand would be accepted or rejected at the interface (a connection from src to dst:port). */
export async function explainFlow(ec2: EC2Client, spec: FlowSpec): Promise<ExplainedFlow> {
  const protocol = protocolOf(spec.protocol);
  for (const [name, port] of [
    ["--port", spec.port],
    ["--src-port", spec.srcPort],
  ] as const) {
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
      throw new ExplainInputError(`${name} takes a port 0-65535, not '${port}'`);
  }
  if ((protocol === 6 || protocol === 17) && spec.port === undefined)
    throw new ExplainInputError("--port is required for tcp and udp: the destination port the connection is opened to");
  if (spec.src === undefined && spec.dst === undefined)
    throw new ExplainInputError("give --src (a connection to the interface) or --dst (a connection from it), or both");
  const reader = new ExplainReader(ec2);
  const at = await reader.interfaceById(spec.eni);
  const own = at.privateAddresses.find((a) => !a.includes(":")) ?? at.privateAddresses[0];
  const direction = spec.direction ?? (spec.dst === undefined || addressesOf(at).includes(spec.dst) ? "inbound" : "outbound");
  const src = spec.src !== undefined ? address(spec.src, "--src") : direction === "outbound" ? own : undefined;
  const dst = spec.dst !== undefined ? address(spec.dst, "--dst") : direction === "inbound" ? own : undefined;
  if (src === undefined || dst === undefined) throw new ExplainInputError(`--direction ${direction} needs --${src === undefined ? "src" : "dst"}`);
  const mine = direction === "inbound" ? dst : src;
  if (!addressesOf(at).includes(mine)) {
    throw new ExplainInputError(`--direction ${direction}: ${mine} is not an address of ${at.interfaceId} (${addressesOf(at).join(", ") || "it has none"})`);
  }
  const ports = protocol === 6 || protocol === 17;
  // ICMP: --port is the ICMP type, as security group rules hold it in FromPort.
  const connection: Connection = {
    protocol,
    initiator: { address: src, ...(ports && spec.srcPort !== undefined ? { port: spec.srcPort } : {}) },
    responder: { address: dst, ...(ports && spec.port !== undefined ? { port: spec.port } : {}) },
    ...((protocol === 1 || protocol === 58) && spec.port !== undefined ? { icmpType: spec.port } : {}),
  };
  return explainAt(reader, at, connection, undefined, `a connection ${direction} at ${at.interfaceId}${at.instanceName ? ` (${at.instanceName})` : ""}`);
}

async function explainAt(
  reader: ExplainReader,
  at: InterfaceConfig,
  connection: Connection,
  record: { interfaceId: string; leg: Leg; action?: string } | undefined,
  context_: string,
): Promise<ExplainedFlow> {
  let context = context_;
  const mine = addressesOf(at);
  const peerAddress = [connection.initiator.address, connection.responder.address].find((a) => !mine.includes(a));
  const interfaces = [at];
  // The other end is read too when it is an interface of the same VPC: its own rules are on the path.
  if (peerAddress !== undefined && at.vpcId !== undefined && at.subnetCidrs.length > 0) {
    const peer = await reader.interfaceByAddress(at.vpcId, peerAddress);
    if (peer && peer.interfaceId !== at.interfaceId) interfaces.push(peer);
  }
  if (!mine.includes(connection.initiator.address) && !mine.includes(connection.responder.address)) {
    context += `; neither address is ${at.interfaceId}'s own (traffic it forwards, or a record of another interface)`;
  }
  const lookups = await reader.lookups(interfaces);
  const explanation = explainConnection({ connection, interfaces, lookups, ...(record ? { record } : {}) });
  return { explanation, context, interfaceId: at.interfaceId };
}
