/**
 * The columnar path of a run: a batch of rows read from flow columns, in the batch's order, each row's
 * slots filled from the vectors instead of a split message; the query's own compiled row ops and
 * aggregates run over them, and groups of one or two flow fields are found by an integer key. Rows the
 * columns do not hold go to the text path in their place, so the groups and their order are the same.
 */
import type { Row } from "../compile.js";
import type { InsightsEvent } from "../fields.js";
import type { StatsGroup, StatsState } from "../stats.js";
import type { Value } from "../values.js";
import type { ColumnarPlan } from "./column-plan.js";
import { ABSENT, type FlowColumns } from "./flow-columns.js";
import { FastAggregates } from "./fast-aggregates.js";
import { PairTable } from "./pair-table.js";

/** Consecutive events of one source block (a store's chunk, a file's lines) with their flow columns. */
export interface ColumnBatch {
  readonly columns: FlowColumns;
  /** Rows from `from` to `to` (exclusive) by `step`. */
  readonly from: number;
  readonly to: number;
  readonly step: 1 | -1;
  timestamp(i: number): number;
  ingestionTime(i: number): number;
  logStream(i: number): string;
  log(i: number): string;
  /** UTF-8 size of message i. */
  size(i: number): number;
  /** Row i as an event, for the text path. */
  event(i: number): InsightsEvent;
}

/** What the feed needs of its run. */
export interface FeedTarget {
  readonly live: Row;
  readonly rowOps: readonly ((row: Row) => boolean)[];
  readonly stats: StatsState | null;
  /** The text path for one event (counts it itself). */
  text(event: InsightsEvent): void;
  /** Counts rows the columnar path read. */
  counted(scanned: number, bytes: number, matched: number): void;
}

/** The text a numeric key word stands for is its number; a string field's word is its id in `ids`. */
export class ColumnFeed {
  /** Group numbers (FastAggregates) or groups, by integer key. */
  private readonly table = new PairTable<number>();
  private readonly groups: StatsGroup[] = [];
  private readonly ids = new Map<string, number>();
  private readonly fast: FastAggregates | null;

  constructor(
    private readonly plan: ColumnarPlan,
    private readonly target: FeedTarget,
  ) {
    this.fast = plan.mode === "stats" && plan.fastCalls !== null && target.stats !== null ? new FastAggregates(plan.fastCalls) : null;
  }

  /** Hands gathered aggregates to the groups: before results are read, and before a text row adds to them. */
  flush(): void {
    this.fast?.flush();
  }

  add(batch: ColumnBatch): void {
    const { columns, from, to, step } = batch;
    const target = this.target;
    const plan = this.plan;
    const held = columns.held;
    const live = target.live;
    const ops = target.rowOps;
    const opCount = plan.mode === "stats" ? ops.length : plan.filters;
    const stats = plan.mode === "stats" ? target.stats : null;
    const keys = stats === null ? null : plan.keyFields;
    const fast = this.fast;
    const k0 = keys === null ? -1 : (keys[0] as number);
    const k1 = keys === null || keys.length < 2 ? -1 : (keys[1] as number);
    const w0 = k0 < 0 ? null : this.words(columns, k0);
    const w1 = k1 < 0 ? null : this.words(columns, k1);
    const c0 = k0 < 0 ? null : columns.codes[k0];
    const c1 = k1 < 0 ? null : columns.codes[k1];
    const n0 = k0 < 0 ? null : columns.numbers[k0];
    const n1 = k1 < 0 ? null : columns.numbers[k1];
    const table = this.table;
    // Rows are filled only when something reads them: the row ops, a new group, or aggregates read through closures.
    const eager = opCount > 0 || fast === null;
    let scanned = 0;
    let bytes = 0;
    let matched = 0;
    rows: for (let i = from; i !== to; i += step) {
      if (held[i] !== 1) {
        target.counted(scanned, bytes, matched);
        scanned = bytes = matched = 0;
        fast?.flush();
        target.text(batch.event(i));
        continue;
      }
      scanned++;
      bytes += batch.size(i);
      if (eager) {
        this.fill(batch, i);
        for (let o = 0; o < opCount; o++) if (!(ops[o] as (r: Row) => boolean)(live)) continue rows;
      }
      if (stats === null) {
        // The text path reads the row again, and counts it: it is not counted here.
        scanned--;
        bytes -= batch.size(i);
        target.counted(scanned, bytes, matched);
        scanned = bytes = matched = 0;
        target.text(batch.event(i));
        continue;
      }
      matched++;
      if (w0 !== null) {
        const a = n0 !== null && n0 !== undefined ? (n0[i] as number) : wordOf(w0, c0 as Uint16Array, i);
        const b = w1 === null ? 0 : n1 !== null && n1 !== undefined ? (n1[i] as number) : wordOf(w1, c1 as Uint16Array, i);
        // Absent values (NODATA records) group by value, the general way.
        if (a !== ABSENT && b !== ABSENT) {
          const slot = table.lookup(a, b);
          let g = table.valueAt(slot);
          if (g === undefined) {
            if (!eager) this.fill(batch, i);
            const group = stats.groupOf(live);
            g = fast !== null ? fast.register(group) : this.groups.push(group) - 1;
            table.insertAt(slot, a, b, g);
          }
          if (fast !== null) fast.add(g, columns, i);
          else stats.accumulate(this.groups[g] as StatsGroup, live);
          continue;
        }
      }
      if (!eager) this.fill(batch, i);
      stats.accumulate(stats.groupOf(live), live);
    }
    target.counted(scanned, bytes, matched);
  }

  /** Row i's slots from the columns and the batch. */
  private fill(batch: ColumnBatch, i: number): void {
    const live = this.target.live;
    const columns = batch.columns;
    live.fill(undefined);
    const flowSlots = this.plan.flowSlots;
    for (let s = 0; s < flowSlots.length; s++) {
      const fill = flowSlots[s] as { slot: number; field: number };
      live[fill.slot] = columns.value(fill.field, i);
    }
    const systemSlots = this.plan.systemSlots;
    for (let s = 0; s < systemSlots.length; s++) {
      const fill = systemSlots[s] as ColumnarPlan["systemSlots"][number];
      live[fill.slot] = systemValue(batch, fill.field, i);
    }
  }

  /** The key word of each dictionary code of field f in this batch (numeric fields use their values). */
  private words(columns: FlowColumns, f: number): Int32Array {
    const dict = columns.dictionaries[f];
    if (columns.numbers[f] !== null || dict === undefined) return new Int32Array(0);
    const out = new Int32Array(dict.length);
    out[0] = -1;
    for (let c = 1; c < dict.length; c++) {
      const value = dict[c] as string;
      let id = this.ids.get(value);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(value, id);
      }
      out[c] = id;
    }
    return out;
  }
}

/** A string field's word: its id, or ABSENT for code 0. */
function wordOf(words: Int32Array, codes: Uint16Array, i: number): number {
  const w = words[codes[i] as number] as number;
  return w < 0 ? ABSENT : w;
}

function systemValue(batch: ColumnBatch, field: ColumnarPlan["systemSlots"][number]["field"], i: number): Value {
  switch (field) {
    case "@timestamp":
      return batch.timestamp(i);
    case "@ingestionTime":
      return batch.ingestionTime(i);
    case "@logStream":
      return batch.logStream(i);
    case "@log":
      return batch.log(i);
  }
}
