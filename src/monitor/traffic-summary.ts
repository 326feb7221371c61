/**
 * The overview's numbers, kept up to date record by record: bytes and packets per minute split by action,
 * top talkers, destination ports, rejected sources and each interface's last record. Answering is O(keys).
 */
import type { FlowView } from "./flow-view.js";

export interface MinutePoint {
  t: number;
  acceptBytes: number;
  rejectBytes: number;
  acceptPackets: number;
  rejectPackets: number;
}

export interface Ranked {
  key: string;
  value: number;
}

export interface InterfaceRow {
  interfaceId: string;
  instanceName?: string;
  records: number;
  lastRecord: number;
  lastMessage: string;
}

export interface Overview {
  records: number;
  bytes: number;
  rejected: number;
  series: MinutePoint[];
  topTalkers: Ranked[];
  topPorts: Ranked[];
  topRejectedSources: Ranked[];
  interfaces: InterfaceRow[];
}

const MINUTE = 60_000;

export class TrafficSummary {
  private readonly minutes = new Map<number, MinutePoint>();
  private readonly talkers = new Map<string, number>();
  private readonly ports = new Map<string, number>();
  private readonly rejectedSources = new Map<string, number>();
  private readonly interfaces = new Map<string, InterfaceRow>();
  private records = 0;
  private bytes = 0;
  private rejected = 0;

  add(view: FlowView): void {
    const iface = this.interfaces.get(view.interfaceId) ?? { interfaceId: view.interfaceId, records: 0, lastRecord: 0, lastMessage: "" };
    iface.records++;
    if (view.instanceName) iface.instanceName = view.instanceName;
    if (view.timestamp >= iface.lastRecord) {
      iface.lastRecord = view.timestamp;
      iface.lastMessage = view.message;
    }
    this.interfaces.set(view.interfaceId, iface);
    if (view.record === undefined || (view.action !== "ACCEPT" && view.action !== "REJECT")) return;
    this.records++;
    this.bytes += view.bytes;
    const t = view.timestamp - (view.timestamp % MINUTE);
    let point = this.minutes.get(t);
    if (point === undefined) {
      point = { t, acceptBytes: 0, rejectBytes: 0, acceptPackets: 0, rejectPackets: 0 };
      this.minutes.set(t, point);
    }
    if (view.action === "ACCEPT") {
      point.acceptBytes += view.bytes;
      point.acceptPackets += view.packets;
    } else {
      point.rejectBytes += view.bytes;
      point.rejectPackets += view.packets;
      this.rejected++;
      bump(this.rejectedSources, view.srcaddr, 1);
    }
    bump(this.talkers, `${view.srcaddr} → ${view.dstaddr}`, view.bytes);
    if (view.dstport !== null) bump(this.ports, view.service, 1);
  }

  overview(top = 10): Overview {
    const series = [...this.minutes.values()].sort((a, b) => a.t - b.t);
    return {
      records: this.records,
      bytes: this.bytes,
      rejected: this.rejected,
      series: fillGaps(series),
      topTalkers: rank(this.talkers, top),
      topPorts: rank(this.ports, top),
      topRejectedSources: rank(this.rejectedSources, top),
      interfaces: [...this.interfaces.values()].sort((a, b) => b.lastRecord - a.lastRecord),
    };
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function rank(map: Map<string, number>, top: number): Ranked[] {
  // A bounded selection: sorting every key of a million-record summary would dominate the answer.
  const best: Ranked[] = [];
  for (const [key, value] of map) {
    if (best.length === top && value <= (best[top - 1] as Ranked).value) continue;
    let i = best.length;
    while (i > 0 && (best[i - 1] as Ranked).value < value) i--;
    best.splice(i, 0, { key, value });
    if (best.length > top) best.pop();
  }
  return best;
}

/** Minutes without records are zeros, so the chart's line drops instead of bridging the gap. */
function fillGaps(series: MinutePoint[]): MinutePoint[] {
  if (series.length < 2) return series;
  const first = (series[0] as MinutePoint).t;
  const last = (series[series.length - 1] as MinutePoint).t;
  if ((last - first) / MINUTE > 24 * 60) return series;
  const byT = new Map(series.map((p) => [p.t, p]));
  const out: MinutePoint[] = [];
  for (let t = first; t <= last; t += MINUTE) out.push(byT.get(t) ?? { t, acceptBytes: 0, rejectBytes: 0, acceptPackets: 0, rejectPackets: 0 });
  return out;
}
