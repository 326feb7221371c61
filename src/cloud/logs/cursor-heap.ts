/** The k-way merge behind event reads: one cursor per opened chunk, a binary heap ordering them by event key. */
import type { DecodedChunk } from "./chunk.js";

/** Where an event sits in the total order: timestamp, then its batch's arrival, then its place in the batch. */
export interface EventKey {
  ts: number;
  chunk: number;
  idx: number;
}

export class Cursor {
  ts: number;
  constructor(
    readonly chunk: DecodedChunk,
    readonly streamId: number,
    public idx: number,
    private readonly stop: number,
    private readonly step: 1 | -1,
  ) {
    this.ts = chunk.timestamp(idx);
  }
  key(): EventKey {
    return { ts: this.ts, chunk: this.chunk.id, idx: this.idx };
  }
  /** Jumps to `idx`, in the cursor's direction (a run of events taken at once); false when that ends the range. */
  seek(idx: number): boolean {
    this.idx = idx;
    if (idx === this.stop) return false;
    this.ts = this.chunk.timestamp(idx);
    return true;
  }
  /** Where the cursor's range stops (exclusive, in its direction). */
  get end(): number {
    return this.stop;
  }
  /** Moves on; false when the cursor's range is exhausted. */
  advance(): boolean {
    this.idx += this.step;
    if (this.idx === this.stop) return false;
    this.ts = this.chunk.timestamp(this.idx);
    return true;
  }
}

export function compareKey(ts: number, chunk: number, idx: number, k: EventKey): number {
  return ts - k.ts || chunk - k.chunk || idx - k.idx;
}

/** A binary heap of cursors by event key: ascending when forward, descending when backward. */
export class CursorHeap {
  private readonly items: Cursor[] = [];
  constructor(private readonly forward: boolean) {}

  private before(a: Cursor, b: Cursor): boolean {
    const d = a.ts - b.ts || a.chunk.id - b.chunk.id || a.idx - b.idx;
    return this.forward ? d < 0 : d > 0;
  }

  peek(): Cursor | undefined {
    return this.items[0];
  }

  // Heap indexes stay below items.length, and advance/seekTop run only after peek() found a top (event-store.ts):
  // the `as Cursor` casts tell noUncheckedIndexedAccess what the heap's invariants already guarantee.
  push(c: Cursor): void {
    const items = this.items;
    items.push(c);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i] as Cursor, items[parent] as Cursor)) break;
      [items[i], items[parent]] = [items[parent] as Cursor, items[i] as Cursor];
      i = parent;
    }
  }

  /** The cursor that comes after the top one: the bound of the top's run in a streaming merge. */
  second(): Cursor | undefined {
    const a = this.items[1];
    const b = this.items[2];
    if (a === undefined || b === undefined) return a;
    return this.before(a, b) ? a : b;
  }

  /** Advances the top cursor, dropping it when exhausted, and restores the heap. */
  advance(): void {
    this.settle((this.items[0] as Cursor).advance());
  }

  /** Moves the top cursor forward to `idx` (its events before it were taken as one run). */
  seekTop(idx: number): void {
    this.settle((this.items[0] as Cursor).seek(idx));
  }

  private settle(alive: boolean): void {
    const items = this.items;
    if (!alive) {
      const last = items.pop() as Cursor;
      if (items.length === 0) return;
      items[0] = last;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < items.length && this.before(items[l] as Cursor, items[best] as Cursor)) best = l;
      if (r < items.length && this.before(items[r] as Cursor, items[best] as Cursor)) best = r;
      if (best === i) return;
      [items[i], items[best]] = [items[best] as Cursor, items[i] as Cursor];
      i = best;
    }
  }
}
