/**
 * Row order: the sort command's keys in AWS's documented order (the `sort` page: non-number values
 * before number values; text compared in chunks, digit runs by length and then value), absent values
 * last in either direction, ties in arrival order; and the bounded heap that keeps only the best k rows,
 * so `sort ... | limit 25` over a million events materializes a few hundred rows instead of a million.
 */
import type { Row } from "./compile.js";
import { compareKeys, type SortKey, sortKey } from "./natural-order.js";

export interface OrderKey {
  readonly slot: number;
  readonly descending: boolean;
}

/** A row with its sort keys computed once, and its rank among equals (arrival order). */
export interface Keyed {
  readonly row: Row;
  readonly keys: SortKey[];
  readonly seq: number;
}

export type KeyedComparator = (a: Keyed, b: Keyed) => number;

export function keyedComparator(order: readonly OrderKey[]): KeyedComparator {
  return (a, b) => {
    for (let i = 0; i < order.length; i++) {
      const u = a.keys[i] as SortKey;
      const v = b.keys[i] as SortKey;
      if (u === null || v === null) {
        if (u === v) continue;
        return u === null ? 1 : -1;
      }
      const key = order[i] as OrderKey;
      const c = u === v && typeof u === "string" ? 0 : compareKeys(u, a.row[key.slot], v, b.row[key.slot]);
      if (c !== 0) return key.descending ? -c : c;
    }
    return a.seq - b.seq;
  };
}

function keysOf(order: readonly OrderKey[], row: Row, into: SortKey[] = new Array<SortKey>(order.length)): SortKey[] {
  for (let i = 0; i < order.length; i++) into[i] = sortKey(row[(order[i] as OrderKey).slot]);
  return into;
}

/**
 * Rows sorted by the keys, each row's keys computed once (not in every comparison) into one flat array,
 * and positions sorted rather than objects made per row (a sort without limit may hold a million rows);
 * ties by the sequence number in slot `seqSlot`, or by position when seqSlot is negative.
 */
export function sortRows(rows: readonly Row[], order: readonly OrderKey[], seqSlot: number): Row[] {
  const m = order.length;
  const n = rows.length;
  const keys = new Array<SortKey>(n * m);
  const seq = new Float64Array(n);
  const positions = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as Row;
    for (let j = 0; j < m; j++) keys[i * m + j] = sortKey(row[(order[j] as OrderKey).slot]);
    seq[i] = seqSlot < 0 ? i : (row[seqSlot] as number);
    positions[i] = i;
  }
  positions.sort((a, b) => {
    for (let j = 0; j < m; j++) {
      const u = keys[a * m + j] as SortKey;
      const v = keys[b * m + j] as SortKey;
      if (u === null || v === null) {
        if (u === v) continue;
        return u === null ? 1 : -1;
      }
      const key = order[j] as OrderKey;
      const c = u === v && typeof u === "string" ? 0 : compareKeys(u, (rows[a] as Row)[key.slot], v, (rows[b] as Row)[key.slot]);
      if (c !== 0) return key.descending ? -c : c;
    }
    return (seq[a] as number) - (seq[b] as number);
  });
  return positions.map((i) => rows[i] as Row);
}

/**
 * The k rows that sort first, for the engine (rows of events, ties by the sequence number in `seqSlot`)
 * and for stages after stats (seqSlot negative: ties by the order rows were offered). accepts() computes
 * the candidate's keys into a scratch array, without allocating; push() of the row
 * accepts() just admitted (or of a copy with the same key values) keeps them.
 */
export class TopRows {
  private readonly heap: TopK<Keyed>;
  private readonly scratch: SortKey[];
  private pending: Keyed | null = null;
  private offered = 0;

  constructor(
    k: number,
    private readonly order: readonly OrderKey[],
    private readonly seqSlot: number,
  ) {
    this.heap = new TopK<Keyed>(k, keyedComparator(order));
    this.scratch = new Array<SortKey>(order.length);
  }

  get size(): number {
    return this.heap.size;
  }

  get capacity(): number {
    return this.heap.capacity;
  }

  accepts(row: Row): boolean {
    const candidate: Keyed = { row, keys: keysOf(this.order, row, this.scratch), seq: this.seqSlot < 0 ? this.offered : (row[this.seqSlot] as number) };
    this.offered++;
    if (!this.heap.accepts(candidate)) {
      this.pending = null;
      return false;
    }
    this.pending = candidate;
    return true;
  }

  push(row: Row): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null) {
      if (this.accepts(row)) this.push(row);
      return;
    }
    this.heap.push({ row, keys: pending.keys.slice(), seq: pending.seq });
  }

  sorted(): Row[] {
    return this.heap.sorted().map((k) => k.row);
  }
}

/** The first `k` rows in the keys' order, ties by position: `stats ... | sort | limit k` without sorting every group. */
export function topRows(rows: readonly Row[], order: readonly OrderKey[], k: number): Row[] {
  const top = new TopRows(k, order, -1);
  for (const row of rows) if (top.accepts(row)) top.push(row);
  return top.sorted();
}

/** The k rows (or any items) that sort first, kept in a heap whose top is the worst of them. */
export class TopK<T = Row> {
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  get capacity(): number {
    return this.k;
  }

  /** Would `row` be kept? Lets the caller skip materializing rows that would be thrown away at once. */
  accepts(row: T): boolean {
    return this.heap.length < this.k || this.compare(row, this.heap[0] as T) < 0;
  }

  /** Adds a row that accepts() admitted. */
  push(row: T): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(row);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.compare(heap[i] as T, heap[parent] as T) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent] as T, heap[i] as T];
        i = parent;
      }
      return;
    }
    heap[0] = row;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && this.compare(heap[l] as T, heap[worst] as T) > 0) worst = l;
      if (r < heap.length && this.compare(heap[r] as T, heap[worst] as T) > 0) worst = r;
      if (worst === i) break;
      [heap[i], heap[worst]] = [heap[worst] as T, heap[i] as T];
      i = worst;
    }
  }

  sorted(): T[] {
    return this.heap.slice().sort(this.compare);
  }
}
