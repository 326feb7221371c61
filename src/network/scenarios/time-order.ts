/** A min-heap of observations by time (ties in insertion order), so that a scenario yields them in time order. */
import type { Observation } from "../observation.js";

export class ObservationQueue {
  private readonly items: Observation[] = [];
  private readonly order: number[] = [];
  private sequence = 0;

  get size(): number {
    return this.items.length;
  }

  peekTime(): number {
    return this.items.length === 0 ? Infinity : (this.items[0] as Observation).time;
  }

  push(item: Observation): void {
    const items = this.items;
    const order = this.order;
    let i = items.length;
    items.push(item);
    order.push(this.sequence++);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): Observation | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0] as Observation;
    const last = items.length - 1;
    this.swap(0, last);
    items.pop();
    this.order.pop();
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.before(left, smallest)) smallest = left;
      if (right < items.length && this.before(right, smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const ta = (this.items[a] as Observation).time;
    const tb = (this.items[b] as Observation).time;
    return ta < tb || (ta === tb && (this.order[a] as number) < (this.order[b] as number));
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const order = this.order;
    const item = items[a] as Observation;
    items[a] = items[b] as Observation;
    items[b] = item;
    const o = order[a] as number;
    order[a] = order[b] as number;
    order[b] = o;
  }
}

/** Merges time-ordered streams into one, in time order; ties go to the earlier stream. */
export function* mergeByTime(streams: ReadonlyArray<Iterable<Observation>>): Generator<Observation> {
  const iterators = streams.map((s) => s[Symbol.iterator]());
  const heads = iterators.map((it) => it.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i] as IteratorResult<Observation>;
      if (head.done) continue;
      if (best < 0 || head.value.time < (heads[best] as IteratorYieldResult<Observation>).value.time) best = i;
    }
    if (best < 0) return;
    yield (heads[best] as IteratorYieldResult<Observation>).value;
    heads[best] = (iterators[best] as Iterator<Observation>).next();
  }
}
