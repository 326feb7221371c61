/**
 * One interface's aggregation window as columns: flows are found through an open-addressing table over
 * interned address ids and packed ports, and counted in typed arrays, so the hot path allocates nothing.
 * Record objects are built once, when the window closes.
 */
import type { AggregatedFlow, LogStatus } from "./observation.js";
import type { Action, Direction } from "./packet.js";

/** A closed window's flow record: one class, so every record shares one hidden class. */
export class FlowRecordOut implements AggregatedFlow {
  constructor(
    readonly interfaceId: string,
    readonly logStatus: LogStatus,
    readonly direction: Direction | null,
    readonly srcaddr: string | null,
    readonly dstaddr: string | null,
    readonly srcport: number | null,
    readonly dstport: number | null,
    readonly protocol: number | null,
    readonly packets: number | null,
    readonly bytes: number | null,
    readonly start: number,
    readonly end: number,
    readonly action: Action | null,
    readonly tcpFlags: number | null,
    readonly pktSrcaddr: string | null,
    readonly pktDstaddr: string | null,
  ) {}
}

/** A NODATA or SKIPDATA record: `-` from srcaddr to bytes and in action; start and end are the window's. */
export const marker = (interfaceId: string, logStatus: LogStatus, start: number, end: number): AggregatedFlow =>
  new FlowRecordOut(interfaceId, logStatus, null, null, null, null, null, null, null, null, start, end, null, null, null, null);

const INITIAL = 512;

export class FlowTable {
  start = 0;
  end = 0;
  count = 0;
  skipped = 0;
  /** Address text to a small id, per window so that it never outgrows the window. */
  private readonly addresses = new Map<string, number>();
  /** Flow index + 1, or 0 for an empty slot; at least twice as many slots as flows. */
  private slots = new Int32Array(2 * INITIAL);
  private srcIds = new Int32Array(INITIAL);
  private dstIds = new Int32Array(INITIAL);
  /** srcport << 16 | dstport */
  private ports = new Int32Array(INITIAL);
  /** protocol << 2 | ingress << 1 | accept */
  private kinds = new Int32Array(INITIAL);
  private packets = new Float64Array(INITIAL);
  private bytes = new Float64Array(INITIAL);
  private firsts = new Float64Array(INITIAL);
  private lasts = new Float64Array(INITIAL);
  private flags = new Int32Array(INITIAL);
  private srcaddrs: string[] = [];
  private dstaddrs: string[] = [];
  private pktSrcaddrs: string[] = [];
  private pktDstaddrs: string[] = [];

  reset(start: number, end: number): this {
    this.start = start;
    this.end = end;
    this.count = 0;
    this.skipped = 0;
    this.addresses.clear();
    this.slots.fill(0);
    this.srcaddrs.length = this.dstaddrs.length = this.pktSrcaddrs.length = this.pktDstaddrs.length = 0;
    return this;
  }

  addressId(address: string): number {
    let id = this.addresses.get(address);
    if (id === undefined) {
      id = this.addresses.size;
      this.addresses.set(address, id);
    }
    return id;
  }

  /** The index of the flow with this key, or -1 - slot where a new one would go. */
  find(src: number, dst: number, ports: number, kind: number): number {
    const mask = this.slots.length - 1;
    let slot = hash(src, dst, ports, kind) & mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return -1 - slot;
      const i = entry - 1;
      if (this.ports[i] === ports && this.srcIds[i] === src && this.dstIds[i] === dst && this.kinds[i] === kind) return i;
      slot = (slot + 1) & mask;
    }
  }

  /** Counts packets into flow i. `flags` are already reduced to AWS's bits. */
  tally(i: number, second: number, packets: number, bytes: number, flags: number): void {
    this.packets[i] = (this.packets[i] as number) + packets;
    this.bytes[i] = (this.bytes[i] as number) + bytes;
    if (second > (this.lasts[i] as number)) this.lasts[i] = second;
    this.flags[i] = (this.flags[i] as number) | flags;
  }

  /** Adds a flow at the slot find() gave; returns its index. */
  insert(
    slot: number,
    src: number,
    dst: number,
    ports: number,
    kind: number,
    second: number,
    srcaddr: string,
    dstaddr: string,
    pktSrcaddr: string,
    pktDstaddr: string,
  ): number {
    const i = this.count++;
    if (i === this.srcIds.length) this.grow();
    this.srcIds[i] = src;
    this.dstIds[i] = dst;
    this.ports[i] = ports;
    this.kinds[i] = kind;
    this.packets[i] = 0;
    this.bytes[i] = 0;
    this.firsts[i] = second;
    this.lasts[i] = second;
    this.flags[i] = 0;
    this.srcaddrs.push(srcaddr);
    this.dstaddrs.push(dstaddr);
    this.pktSrcaddrs.push(pktSrcaddr);
    this.pktDstaddrs.push(pktDstaddr);
    this.slots[slot] = i + 1;
    if (2 * this.count > this.slots.length) this.rehash();
    return i;
  }

  /** The window's records, in first-seen order. */
  records(interfaceId: string): AggregatedFlow[] {
    const out: AggregatedFlow[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const ports = this.ports[i] as number;
      const kind = this.kinds[i] as number;
      out[i] = new FlowRecordOut(
        interfaceId,
        "OK",
        kind & 2 ? "ingress" : "egress",
        this.srcaddrs[i] as string,
        this.dstaddrs[i] as string,
        ports >>> 16,
        ports & 0xffff,
        kind >>> 2,
        this.packets[i] as number,
        this.bytes[i] as number,
        this.firsts[i] as number,
        this.lasts[i] as number,
        kind & 1 ? "ACCEPT" : "REJECT",
        this.flags[i] as number,
        this.pktSrcaddrs[i] as string,
        this.pktDstaddrs[i] as string,
      );
    }
    return out;
  }

  private grow(): void {
    const size = this.srcIds.length * 2;
    const ints = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const floats = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.srcIds = ints(this.srcIds);
    this.dstIds = ints(this.dstIds);
    this.ports = ints(this.ports);
    this.kinds = ints(this.kinds);
    this.flags = ints(this.flags);
    this.packets = floats(this.packets);
    this.bytes = floats(this.bytes);
    this.firsts = floats(this.firsts);
    this.lasts = floats(this.lasts);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.count; i++) {
      let slot = hash(this.srcIds[i] as number, this.dstIds[i] as number, this.ports[i] as number, this.kinds[i] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
    }
    this.slots = slots;
  }
}

function hash(src: number, dst: number, ports: number, kind: number): number {
  let h = Math.imul(src, 0x9e3779b1) ^ Math.imul(dst + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(ports, 0xc2b2ae3d) ^ kind;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}
