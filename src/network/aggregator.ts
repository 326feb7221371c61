/**
 * The flow aggregator: observations to flow records, per interface, per flow (5-tuple, direction, action)
 * and per aggregation window; NODATA for idle windows of monitored interfaces, SKIPDATA past capacity.
 */
import { FlowTable, marker } from "./flow-table.js";
import type { ClosedWindow, Observation } from "./observation.js";

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

class InterfaceState {
  current: FlowTable | undefined;
  readonly windows = new Map<number, FlowTable>();
  /** Windows that start before this second are closed (NODATA has been decided for them). */
  closedUntil = -1;
  /** Windows flushed early with traffic, so that closing them later gives no NODATA. */
  readonly flushed = new Set<number>();
  monitored = false;
  constructor(
    readonly interfaceId: string,
    public interval: number,
  ) {}

  windowAt(second: number, spare: FlowTable[]): FlowTable {
    const start = second - (second % this.interval);
    let window = this.windows.get(start);
    if (window === undefined) {
      window = (spare.pop() ?? new FlowTable()).reset(start, start + this.interval);
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
  /** Closed windows, kept for their tables: a steady state allocates none. */
  private readonly spare: FlowTable[] = [];

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
    if (window === undefined || second < window.start || second >= window.end) window = state.windowAt(second, this.spare);

    const src = window.addressId(o.srcaddr);
    const dst = window.addressId(o.dstaddr);
    const ports = (o.srcport << 16) | o.dstport;
    const kind = (o.protocol << 2) | (o.direction === "ingress" ? 2 : 0) | (o.action === "ACCEPT" ? 1 : 0);
    let i = window.find(src, dst, ports, kind);
    if (i < 0) {
      if (window.count >= this.flowCapacity) {
        window.skipped++;
        return;
      }
      i = window.insert(-1 - i, src, dst, ports, kind, second, o.srcaddr, o.dstaddr, o.pktSrcaddr ?? o.srcaddr, o.pktDstaddr ?? o.dstaddr);
    }
    // AWS records FIN, SYN, RST and the ACK of a SYN-ACK only; an ACK bit without SYN is dropped.
    const bits = o.tcpFlags & AWS_FLAG_BITS;
    window.tally(i, second, o.packets, o.bytes, (bits & 18) === 16 ? bits & 7 : bits);
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
          closed.push({
            interfaceId: state.interfaceId,
            start,
            end: start + state.interval,
            records: [marker(state.interfaceId, "NODATA", start, start + state.interval)],
          });
        }
      }
    }
    for (const window of due) {
      state.windows.delete(window.start);
      if (state.current === window) state.current = undefined;
      if (window.end > second) state.flushed.add(window.start);
      const records = window.records(state.interfaceId);
      if (window.skipped > 0) records.push(marker(state.interfaceId, "SKIPDATA", window.start, window.end));
      if (this.spare.length < 64) this.spare.push(window);
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
