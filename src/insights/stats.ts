/**
 * The stats command at run time: groups keyed by their `by` values, one accumulator per aggregate
 * call; rows of the output scope (group values, then aggregate expressions) when read.
 */
import type { Accumulator } from "./aggregates.js";
import type { AggregateCall, Eval, Row } from "./compile.js";
import type { Value } from "./values.js";

export interface StatsPlan {
  readonly groups: readonly Eval[];
  readonly calls: readonly AggregateCall[];
  /** The aggregate expressions, over the array of the calls' results. */
  readonly outputs: readonly Eval[];
  readonly groupSlots: readonly number[];
  readonly outputSlots: readonly number[];
  /** @timestamp of the input rows, when earliest or latest needs it. */
  readonly timestamp: Eval | null;
}

interface Group {
  readonly keys: Value[];
  readonly accumulators: Accumulator[];
}

const ABSENT = "\u0001";
const SEPARATOR = "\u0000";

export class StatsState {
  private readonly groups = new Map<Value, Group>();
  private readonly scratch: Value[];

  constructor(private readonly plan: StatsPlan) {
    this.scratch = new Array<Value>(plan.groups.length).fill(null);
  }

  add(row: Row): void {
    const { groups, calls, timestamp } = this.plan;
    let key: Value;
    if (groups.length === 1) {
      key = (groups[0] as Eval)(row);
      this.scratch[0] = key;
    } else {
      let text = "";
      for (let i = 0; i < groups.length; i++) {
        const v = (groups[i] as Eval)(row);
        this.scratch[i] = v;
        text += (v === null ? ABSENT : typeof v === "string" ? v : String(v)) + SEPARATOR;
      }
      key = text;
    }
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { keys: this.scratch.slice(), accumulators: calls.map((c) => c.spec.create(c.params, c.star)) };
      this.groups.set(key, group);
    }
    const ts = timestamp === null ? null : timestamp(row);
    const accumulators = group.accumulators;
    for (let i = 0; i < calls.length; i++) {
      const arg = (calls[i] as AggregateCall).arg;
      (accumulators[i] as Accumulator).add(arg === null ? null : arg(row), ts);
    }
  }

  /** One row per group, in the order groups first appeared; `width` is the output scope's size plus the sequence slot. */
  rows(width: number): Row[] {
    const { groupSlots, outputSlots, outputs } = this.plan;
    const rows: Row[] = [];
    let seq = 0;
    for (const group of this.groups.values()) {
      const row: Row = new Array<Value | undefined>(width).fill(undefined);
      for (let i = 0; i < groupSlots.length; i++) row[groupSlots[i] as number] = group.keys[i] ?? null;
      const finals: Row = group.accumulators.map((a) => a.result());
      for (let i = 0; i < outputSlots.length; i++) row[outputSlots[i] as number] = (outputs[i] as Eval)(finals);
      row[width - 1] = seq++;
      rows.push(row);
    }
    return rows;
  }
}
