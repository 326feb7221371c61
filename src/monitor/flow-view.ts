/** A delivered event decoded in its flow log's format and enriched for people: names, direction, instance. */
import { FlowLogError, type FlowLogFormat, type FlowRecord, portLabel, protocolName, recordParser } from "../flowlog/index.js";
import type { InterfaceDirectory } from "./interfaces.js";
import type { TailEvent } from "./tail-poller.js";
import { portName } from "../flowlog/index.js";

export type Direction = "in" | "out" | "-";

export interface FlowView {
  eventId: string;
  timestamp: number;
  logStreamName: string;
  message: string;
  /** Undefined when the line is not a record of the format (shown raw). */
  record?: FlowRecord;
  interfaceId: string;
  instanceName?: string;
  srcaddr: string;
  dstaddr: string;
  srcport: number | null;
  dstport: number | null;
  protocol: string;
  /** The service side's port with its name: the named port of the two, else the lower (ephemeral ports are high). */
  service: string;
  packets: number;
  bytes: number;
  action: string;
  logStatus: string;
  direction: Direction;
}

const str = (v: unknown) => (v === null || v === undefined ? "-" : String(v));
const num = (v: unknown) => (typeof v === "number" ? v : null);

export class FlowDecoder {
  private readonly parse: (line: string) => FlowRecord;

  constructor(
    readonly format: FlowLogFormat,
    private readonly interfaces?: InterfaceDirectory,
  ) {
    this.parse = recordParser(format);
  }

  decode(event: TailEvent): FlowView {
    let record: FlowRecord | undefined;
    try {
      record = this.parse(event.message);
    } catch (error) {
      if (!(error instanceof FlowLogError)) throw error;
    }
    // The stream name is `<eni>-all|accept|reject`: the interface even for formats without interface-id.
    const interfaceId =
      record && typeof record["interface-id"] === "string" ? record["interface-id"] : event.logStreamName.replace(/-(all|accept|reject)$/, "");
    const info = this.interfaces?.get(interfaceId);
    const srcaddr = str(record?.srcaddr);
    const dstaddr = str(record?.dstaddr);
    const srcport = num(record?.srcport);
    const dstport = num(record?.dstport);
    let direction: Direction = "-";
    const declared = record?.["flow-direction"];
    if (declared === "ingress") direction = "in";
    else if (declared === "egress") direction = "out";
    else if (info?.addresses.has(dstaddr)) direction = "in";
    else if (info?.addresses.has(srcaddr)) direction = "out";
    return {
      eventId: event.eventId,
      timestamp: event.timestamp,
      logStreamName: event.logStreamName,
      message: event.message,
      ...(record ? { record } : {}),
      interfaceId,
      ...(info?.instanceName ? { instanceName: info.instanceName } : {}),
      srcaddr,
      dstaddr,
      srcport,
      dstport,
      protocol: protocolName(num(record?.protocol)),
      service: portLabel(servicePort(srcport, dstport)),
      packets: num(record?.packets) ?? 0,
      bytes: num(record?.bytes) ?? 0,
      action: str(record?.action),
      logStatus: str(record?.["log-status"]),
      direction,
    };
  }
}

export function servicePort(src: number | null, dst: number | null): number | null {
  if (src === null || dst === null) return dst ?? src;
  const srcNamed = portName(src) !== undefined;
  const dstNamed = portName(dst) !== undefined;
  if (srcNamed !== dstNamed) return dstNamed ? dst : src;
  return Math.min(src, dst);
}
