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

/** Absent `by` values group together; Map keys cannot be null-safe otherwise. */
const ABSENT = Symbol("absent");
type Key = Value | typeof ABSENT;
type Level = Map<Key, Level | Group>;

/**
 * Groups are found through one Map per `by` expression (nested), not through a concatenated key:
 * concatenating allocates a string per event, and with hundreds of thousands of groups the garbage
 * collector's marking of a heap full of events became most of the run time.
 */
export class StatsState {
  private readonly root: Level = new Map();
  private readonly order: Group[] = [];
  private readonly scratch: Value[];

  constructor(private readonly plan: StatsPlan) {
    this.scratch = new Array<Value>(plan.groups.length).fill(null);
  }

  add(row: Row): void {
    const { groups, calls, timestamp } = this.plan;
    let level = this.root;
    let group: Group | undefined;
    const last = groups.length - 1;
    if (last < 0) group = level.get(ABSENT) as Group | undefined;
    for (let i = 0; i <= last; i++) {
      const v = (groups[i] as Eval)(row);
      this.scratch[i] = v;
      const key: Key = v === null ? ABSENT : v;
      const found = level.get(key);
      if (i === last) {
        group = found as Group | undefined;
        if (group === undefined) {
          // The remaining values are read below, so the group's keys are complete.
          group = this.create(level, key, i);
        }
      } else if (found === undefined) {
        const next: Level = new Map();
        level.set(key, next);
        level = next;
      } else level = found as Level;
    }
    if (group === undefined) group = this.create(this.root, ABSENT, -1);
    const ts = timestamp === null ? null : timestamp(row);
    const accumulators = group.accumulators;
    for (let i = 0; i < calls.length; i++) {
      const arg = (calls[i] as AggregateCall).arg;
      (accumulators[i] as Accumulator).add(arg === null ? null : arg(row), ts);
    }
  }

  private create(level: Level, key: Key, _index: number): Group {
    const group: Group = { keys: this.scratch.slice(), accumulators: this.plan.calls.map((c) => c.spec.create(c.params, c.star)) };
    level.set(key, group);
    this.order.push(group);
    return group;
  }

  /** One row per group, in the order groups first appeared; `width` is the output scope's size plus the sequence slot. */
  rows(width: number): Row[] {
    const { groupSlots, outputSlots, outputs } = this.plan;
    const rows: Row[] = [];
    let seq = 0;
    for (const group of this.order) {
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
