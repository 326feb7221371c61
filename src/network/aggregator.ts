/**
 * The flow aggregator: observations to flow records, per interface, per flow (5-tuple, direction, action)
 * and per aggregation window; NODATA for idle windows of monitored interfaces, SKIPDATA past capacity.
 */
import type { Action, Direction } from "./packet.js";
import type { AggregatedFlow, ClosedWindow, LogStatus, Observation } from "./observation.js";

export interface AggregatorOptions {
  /** Seconds, 60 or 600, for interfaces not configured with monitor(); AWS's default is 600. */
  defaultInterval?: 60 | 600;
  /** Flows kept per interface per window; more are counted into one SKIPDATA record. */
  flowCapacity?: number;
}

export interface MonitorOptions {
  /** MaxAggregationInterval of the flow log: 60 or 600 seconds. */
  aggregationInterval: 60 | 600;
  /** Milliseconds: when monitoring began; idle windows from then on give NODATA. */
  since: number;
}

/** A flow being aggregated; emitted as is when its window closes (one hidden class for every record). */
class Flow implements AggregatedFlow {
  readonly logStatus: LogStatus = "OK";
  packets: number;
  bytes: number;
  end: number;
  tcpFlags: number;
  constructor(
    readonly interfaceId: string,
    readonly direction: Direction | null,
    readonly srcaddr: string | null,
    readonly dstaddr: string | null,
    readonly srcport: number | null,
    readonly dstport: number | null,
    readonly protocol: number | null,
    readonly start: number,
    readonly action: Action | null,
    readonly pktSrcaddr: string | null,
    readonly pktDstaddr: string | null,
  ) {
    this.packets = 0;
    this.bytes = 0;
    this.end = start;
    this.tcpFlags = 0;
  }
}

/** A NODATA or SKIPDATA record: `-` from srcaddr to bytes and in action; start and end are the window's. */
const marker = (interfaceId: string, logStatus: LogStatus, start: number, end: number): AggregatedFlow => ({
  interfaceId,
  logStatus,
  direction: null,
  srcaddr: null,
  dstaddr: null,
  srcport: null,
  dstport: null,
  protocol: null,
  packets: null,
  bytes: null,
  start,
  end,
  action: null,
  tcpFlags: null,
  pktSrcaddr: null,
  pktDstaddr: null,
});

/** Flows by source, then destination, then a number packing ports, protocol, direction and action. */
type FlowIndex = Map<string, Map<string, Map<number, Flow>>>;

class Window {
  readonly index: FlowIndex = new Map();
  readonly flows: Flow[] = [];
  skipped = 0;
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}
}

class InterfaceState {
  current: Window | undefined;
  readonly windows = new Map<number, Window>();
  /** Windows that start before this second are closed (NODATA has been decided for them). */
  closedUntil = -1;
  /** Windows flushed early with traffic, so that closing them later gives no NODATA. */
  readonly flushed = new Set<number>();
  monitored = false;
  constructor(
    readonly interfaceId: string,
    public interval: number,
  ) {}

  windowAt(second: number): Window {
    const start = second - (second % this.interval);
    let window = this.windows.get(start);
    if (window === undefined) {
      window = new Window(start, start + this.interval);
      this.windows.set(start, window);
    }
    this.current = window;
    return window;
  }
}

const AWS_FLAG_BITS = 1 | 2 | 4 | 16;

export class FlowAggregator {
  private readonly interfaces = new Map<string, InterfaceState>();
  private readonly defaultInterval: number;
  readonly flowCapacity: number;
  /** The interface of the previous observation: traffic comes in runs per interface. */
  private last: InterfaceState | undefined;

  constructor(options: AggregatorOptions = {}) {
    this.defaultInterval = options.defaultInterval ?? 600;
    this.flowCapacity = options.flowCapacity ?? 100_000;
  }

  /**
   * Marks an interface as covered by a flow log, with its interval. Windows are aligned to multiples
   * of the interval since the Unix epoch; the window holding `since` is the first that can be NODATA.
   */
  monitor(interfaceId: string, options: MonitorOptions): void {
    const state = this.state(interfaceId);
    state.interval = options.aggregationInterval;
    if (!state.monitored) {
      const second = Math.floor(options.since / 1000);
      state.closedUntil = Math.max(state.closedUntil, second - (second % state.interval));
    }
    state.monitored = true;
  }

  /** Stops NODATA for an interface (its flow log was deleted); traffic is still aggregated. */
  unmonitor(interfaceId: string): void {
    const state = this.interfaces.get(interfaceId);
    if (state !== undefined) state.monitored = false;
  }

  /** Adds one observation: the hot path, with no allocation unless the flow is new in its window. */
  add(o: Observation): void {
    let state = this.last;
    if (state === undefined || state.interfaceId !== o.interfaceId) {
      state = this.state(o.interfaceId);
      this.last = state;
    }
    const second = Math.floor(o.time / 1000);
    let window = state.current;
    if (window === undefined || second < window.start || second >= window.end) window = state.windowAt(second);

    let bySource = window.index.get(o.srcaddr);
    if (bySource === undefined) {
      bySource = new Map();
      window.index.set(o.srcaddr, bySource);
    }
    let byDestination = bySource.get(o.dstaddr);
    if (byDestination === undefined) {
      byDestination = new Map();
      bySource.set(o.dstaddr, byDestination);
    }
    // 16 + 16 + 8 + 1 + 1 bits: below 2^53, so exact as a number.
    const key = ((o.srcport * 65536 + o.dstport) * 256 + o.protocol) * 4 + (o.direction === "ingress" ? 2 : 0) + (o.action === "ACCEPT" ? 1 : 0);
    let flow = byDestination.get(key);
    if (flow === undefined) {
      if (window.flows.length >= this.flowCapacity) {
        window.skipped++;
        return;
      }
      flow = new Flow(state.interfaceId, o.direction, o.srcaddr, o.dstaddr, o.srcport, o.dstport, o.protocol, second, o.action, o.pktSrcaddr ?? o.srcaddr, o.pktDstaddr ?? o.dstaddr);
      byDestination.set(key, flow);
      window.flows.push(flow);
    }
    flow.packets += o.packets;
    flow.bytes += o.bytes;
    if (second > flow.end) flow.end = second;
    // AWS records FIN, SYN, RST and the ACK of a SYN-ACK only; an ACK bit without SYN is dropped.
    const bits = o.tcpFlags & AWS_FLAG_BITS;
    flow.tcpFlags |= (bits & 18) === 16 ? bits & 7 : bits;
  }

  /** Closes every window that ended at or before `now` (ms), with NODATA for idle windows of monitored interfaces. */
  closeWindows(now: number): ClosedWindow[] {
    const out: ClosedWindow[] = [];
    const second = Math.floor(now / 1000);
    for (const state of this.interfaces.values()) this.close(state, second, false, out);
    return out;
  }

  /** Closes every window now, including the open ones that saw traffic (POST /_flowwatch/flush). */
  flush(now: number): ClosedWindow[] {
    const out: ClosedWindow[] = [];
    const second = Math.floor(now / 1000);
    for (const state of this.interfaces.values()) this.close(state, second, true, out);
    return out;
  }

  /** Windows with traffic not yet closed, over every interface: for tests and diagnostics. */
  get openWindows(): number {
    let count = 0;
    for (const state of this.interfaces.values()) count += state.windows.size;
    return count;
  }

  private state(interfaceId: string): InterfaceState {
    let state = this.interfaces.get(interfaceId);
    if (state === undefined) {
      state = new InterfaceState(interfaceId, this.defaultInterval);
      this.interfaces.set(interfaceId, state);
    }
    return state;
  }

  private close(state: InterfaceState, second: number, force: boolean, out: ClosedWindow[]): void {
    const closed: ClosedWindow[] = [];
    const due = [...state.windows.values()].filter((w) => force || w.end <= second).sort((a, b) => a.start - b.start);
    const edge = second - (second % state.interval);
    if (state.monitored) {
      // Every whole window between the last close and now gives its records, or NODATA.
      const traffic = new Set(due.map((w) => w.start));
      for (let start = state.closedUntil; start >= 0 && start < edge; start += state.interval) {
        if (!traffic.has(start) && !state.flushed.has(start)) {
          closed.push({ interfaceId: state.interfaceId, start, end: start + state.interval, records: [marker(state.interfaceId, "NODATA", start, start + state.interval)] });
        }
      }
    }
    for (const window of due) {
      state.windows.delete(window.start);
      if (state.current === window) state.current = undefined;
      if (window.end > second) state.flushed.add(window.start);
      const records: AggregatedFlow[] = window.flows;
      if (window.skipped > 0) records.push(marker(state.interfaceId, "SKIPDATA", window.start, window.end));
      closed.push({ interfaceId: state.interfaceId, start: window.start, end: window.end, records });
    }
    if (edge > state.closedUntil) {
      state.closedUntil = edge;
      for (const start of state.flushed) if (start < edge) state.flushed.delete(start);
    }
    closed.sort((a, b) => a.start - b.start);
    for (const window of closed) out.push(window);
  }
}
