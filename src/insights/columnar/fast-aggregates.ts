/**
 * count, sum, avg, min and max of flow fields for the columnar path, gathered per group in one typed
 * array (a group's figures side by side, so a row touches one or two cache lines, not an accumulator
 * object per call), and handed to the groups' accumulators (aggregates.ts absorb) before anything reads
 * them or a text row adds to them.
 */
import { absorb } from "../aggregates.js";
import type { StatsGroup } from "../stats.js";
import { ABSENT, type FlowColumns } from "./flow-columns.js";

/** One aggregate call: what it gathers (avg gathers as sum does), and its flow field by index (-1: count(*)). */
export interface FastCall {
  readonly gather: "count" | "sum" | "min" | "max";
  readonly field: number;
}

export class FastAggregates {
  private capacity = 1024;
  /** Per group, per call: n, then the sum, least or greatest when the call gathers one. */
  private data: Float64Array;
  private readonly stride: number;
  /** Where each call's n sits in a group's figures; its other figure follows it. */
  private readonly offsets: number[] = [];
  private readonly groups: StatsGroup[] = [];
  private dirty = new Uint8Array(1024);
  private readonly touched: number[] = [];
  private readonly fields: Int32Array;
  /** 0 count, 1 sum, 2 min, 3 max. */
  private readonly kinds: Uint8Array;

  constructor(private readonly calls: readonly FastCall[]) {
    let at = 0;
    for (const c of calls) {
      this.offsets.push(at);
      at += c.gather === "count" ? 1 : 2;
    }
    this.stride = at;
    this.fields = Int32Array.from(calls, (c) => c.field);
    this.kinds = Uint8Array.from(calls, (c) => ["count", "sum", "min", "max"].indexOf(c.gather));
    this.data = new Float64Array(this.capacity * this.stride);
  }

  /** A group's number, for add(). */
  register(group: StatsGroup): number {
    const g = this.groups.length;
    if (g === this.capacity) this.grow();
    this.groups.push(group);
    this.reset(g);
    return g;
  }

  /** Row i of `columns` into group g. */
  add(g: number, columns: FlowColumns, i: number): void {
    if (this.dirty[g] === 0) {
      this.dirty[g] = 1;
      this.touched.push(g);
    }
    const data = this.data;
    const base = g * this.stride;
    const fields = this.fields;
    const kinds = this.kinds;
    const offsets = this.offsets;
    for (let c = 0; c < fields.length; c++) {
      const f = fields[c] as number;
      const at = base + (offsets[c] as number);
      if (f < 0) {
        data[at] = (data[at] as number) + 1;
        continue;
      }
      const numbers = columns.numbers[f];
      if (numbers === null || numbers === undefined) {
        // count of a string field: the rows where it has a value.
        if ((columns.codes[f] as Uint16Array)[i] !== 0) data[at] = (data[at] as number) + 1;
        continue;
      }
      const v = numbers[i] as number;
      if (v === ABSENT) continue;
      data[at] = (data[at] as number) + 1;
      switch (kinds[c]) {
        case 1:
          data[at + 1] = (data[at + 1] as number) + v;
          break;
        case 2:
          if (v < (data[at + 1] as number)) data[at + 1] = v;
          break;
        case 3:
          if (v > (data[at + 1] as number)) data[at + 1] = v;
          break;
      }
    }
  }

  /** Hands what was gathered to the groups' accumulators, and starts again from zero. */
  flush(): void {
    const touched = this.touched;
    if (touched.length === 0) return;
    const data = this.data;
    for (const g of touched) {
      const accumulators = (this.groups[g] as StatsGroup).accumulators;
      const base = g * this.stride;
      for (let c = 0; c < this.calls.length; c++) {
        const at = base + (this.offsets[c] as number);
        const n = data[at] as number;
        const v = this.kinds[c] === 0 ? 0 : (data[at + 1] as number);
        if (!absorb(accumulators[c] as (typeof accumulators)[number], n, v, v, v)) throw new Error("columnar path: an aggregate it cannot gather");
      }
      this.reset(g);
      this.dirty[g] = 0;
    }
    touched.length = 0;
  }

  private reset(g: number): void {
    const data = this.data;
    const base = g * this.stride;
    for (let c = 0; c < this.calls.length; c++) {
      const at = base + (this.offsets[c] as number);
      data[at] = 0;
      const kind = this.kinds[c];
      if (kind === 1) data[at + 1] = 0;
      else if (kind === 2) data[at + 1] = Number.POSITIVE_INFINITY;
      else if (kind === 3) data[at + 1] = Number.NEGATIVE_INFINITY;
    }
  }

  private grow(): void {
    this.capacity *= 2;
    const data = new Float64Array(this.capacity * this.stride);
    data.set(this.data);
    this.data = data;
    const dirty = new Uint8Array(this.capacity);
    dirty.set(this.dirty);
    this.dirty = dirty;
  }
}
