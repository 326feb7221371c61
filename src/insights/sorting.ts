/**
 * Row order: the sort command's keys, absent values last in either direction, ties in arrival order;
 * and the bounded heap that keeps only the best k rows, so `sort ... | limit 25` over a million
 * events materializes a few hundred rows instead of a million.
 */
import type { Row } from "./compile.js";
import { compareValues, type Value } from "./values.js";

export interface OrderKey {
  readonly slot: number;
  readonly descending: boolean;
}

export type RowComparator = (a: Row, b: Row) => number;

/** Compares by the keys, then by the sequence number kept in slot `seqSlot` (arrival order). */
export function rowComparator(keys: readonly OrderKey[], seqSlot: number): RowComparator {
  return (a, b) => {
    for (const key of keys) {
      const u = (a[key.slot] ?? null) as Value;
      const v = (b[key.slot] ?? null) as Value;
      if (u === null || v === null) {
        if (u === v) continue;
        return u === null ? 1 : -1;
      }
      const c = typeof u === "number" && typeof v === "number" ? u - v : compareValues(u, v);
      if (c !== 0) return key.descending ? (c < 0 ? 1 : -1) : c < 0 ? -1 : 1;
    }
    return (a[seqSlot] as number) - (b[seqSlot] as number);
  };
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
