/**
 * The stats command at run time: groups keyed by their `by` values, one accumulator per aggregate
 * call; rows of the output scope (group values, then aggregate expressions) when read.
 */
import type { Accumulator } from "./aggregates.js";
import type { AggregateCall, Eval, Row } from "./compile.js";
import { detached, type EventView } from "./fields.js";
import { SpanTable } from "./span-table.js";
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
  /**
   * When every `by` is a flow log field read straight from the event and together they are adjacent in
   * the default format (`srcAddr, dstAddr` are fields 3 and 4), the span of the message they cover, and
   * the view to find it in: the span's text decides the group, so it keys a SpanTable.
   */
  readonly span: { readonly view: EventView; readonly first: number; readonly last: number } | null;
}

/** A group of a stats command: its `by` values and one accumulator per aggregate call. */
export interface StatsGroup {
  readonly keys: Value[];
  readonly accumulators: Accumulator[];
}
type Group = StatsGroup;

/** Absent `by` values group together; Map keys cannot be null-safe otherwise. */
const ABSENT = Symbol("absent");
type Key = Value | typeof ABSENT;
type Level = Map<Key, Level | Group>;
/** Distinct `by` texts remembered; past this (a million spellings) events take the general way only. */
const SPAN_KEYS = 1 << 20;
/**
 * Estimated bytes of one group besides its key strings: the group object, its keys array, its Map entry
 * and one small accumulator per call. Calibrated on V8's heap (100,000 groups of `stats count(*) by
 * @message, @logStream` took 65 MB, ~650 bytes a group); an estimate for budgets, not a measurement.
 */
const GROUP_BYTES = 260;
const ACCUMULATOR_BYTES = 48;
/** A nested level Map of a `by` with several expressions. */
const LEVEL_BYTES = 200;

/**
 * Groups are found through one Map per `by` expression (nested), not through a concatenated key:
 * concatenating allocates a string per event, and with hundreds of thousands of groups the garbage
 * collector's marking of a heap full of events became most of the run time.
 */
export class StatsState {
  private readonly root: Level = new Map();
  private readonly order: Group[] = [];
  private readonly scratch: Value[];
  /**
   * Groups by the text of their `by` fields in default-format records: one hash of a few characters of
   * the message per event, instead of a string and a Map lookup per field. A miss goes the general way
   * (so `80` and `080` still meet in one group) and remembers the answer for that text.
   */
  private readonly byText = new SpanTable<Group>();
  /** Which calls' accumulators grow with their input (Accumulator.held). */
  private readonly growing: boolean[];
  /** Estimated bytes held by the groups (keys, accumulators, growth): what a query's memory budget counts. */
  bytes = 0;

  constructor(private readonly plan: StatsPlan) {
    this.scratch = new Array<Value>(plan.groups.length).fill(null);
    this.growing = plan.calls.map((c) => c.spec.create(c.params, c.star).held !== undefined);
  }

  /** Groups so far. */
  get size(): number {
    return this.order.length;
  }

  add(row: Row): void {
    const span = this.plan.span;
    let group: Group;
    if (span !== null && this.byText.size < SPAN_KEYS && span.view.flowSpan(span.first, span.last)) {
      const view = span.view;
      const message = view.coded ? view.codes : view.event.message;
      const table = this.byText;
      const slot = table.lookup(message, view.spanFrom, view.spanTo);
      const found = table.valueAt(slot);
      if (found !== undefined) group = found;
      else {
        group = this.find(row);
        table.insertAt(slot, message, view.spanFrom, view.spanTo, group);
        // Its slot arrays at half load and its characters (UTF-16) in the arena.
        this.bytes += 48 + 2 * (view.spanTo - view.spanFrom);
      }
    } else group = this.find(row);
    this.accumulate(group, row);
  }

  /** The row's group, found by its values (the columnar path keys groups on its own, then calls this on a miss). */
  groupOf(row: Row): StatsGroup {
    return this.find(row);
  }

  /** Adds the row to its group's accumulators. */
  accumulate(group: StatsGroup, row: Row): void {
    const { calls, timestamp } = this.plan;
    const ts = timestamp === null ? null : timestamp(row);
    const accumulators = group.accumulators;
    const growing = this.growing;
    for (let i = 0; i < calls.length; i++) {
      const arg = (calls[i] as AggregateCall).arg;
      const accumulator = accumulators[i] as Accumulator;
      if (growing[i] === true) {
        const before = accumulator.held as number;
        accumulator.add(arg === null ? null : arg(row), ts);
        this.bytes += (accumulator.held as number) - before;
      } else accumulator.add(arg === null ? null : arg(row), ts);
    }
  }

  /** The row's group, by the values of its `by` expressions; created when new. */
  private find(row: Row): Group {
    const groups = this.plan.groups;
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
        level.set(typeof key === "string" ? detached(key) : key, next);
        this.bytes += LEVEL_BYTES + (typeof key === "string" ? key.length : 0);
        level = next;
      } else level = found as Level;
    }
    return group ?? this.create(this.root, ABSENT, -1);
  }

  private create(level: Level, key: Key, _index: number): Group {
    const keys = this.scratch.map((v) => (typeof v === "string" ? detached(v) : v));
    const group: Group = { keys, accumulators: this.plan.calls.map((c) => c.spec.create(c.params, c.star)) };
    let bytes = GROUP_BYTES + ACCUMULATOR_BYTES * group.accumulators.length;
    for (const k of keys) if (typeof k === "string") bytes += 16 + k.length;
    for (const a of group.accumulators) bytes += a.held ?? 0;
    this.bytes += bytes;
    level.set(typeof key === "string" ? detached(key) : key, group);
    this.order.push(group);
    return group;
  }

  /** One row per group (the first `max`), in the order groups first appeared; `width` is the output scope's size plus the sequence slot. */
  rows(width: number, max = Number.POSITIVE_INFINITY): Row[] {
    const { groupSlots, outputSlots, outputs } = this.plan;
    const rows: Row[] = [];
    let seq = 0;
    for (const group of this.order) {
      // Rows past `max` would be cut anyway (no later command reorders them): 100,000 groups cost 10,000 rows.
      if (seq >= max) break;
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
