/** What the windowed rules share: entries per key over a trailing window of event time, and firing once per window. */

export interface Entry {
  time: number;
  /** What is counted once however often it recurs (a port, a connection); none for a sum-only key. */
  distinct?: string | number;
  /** What is summed (bytes); 0 when only distinct values matter. */
  weight: number;
}

/** One key's entries in the window, with what the rules ask kept up to date as entries come and go. */
export class KeyState {
  readonly entries: Entry[] = [];
  /** distinct value -> how many entries in the window carry it. */
  private readonly counts = new Map<string | number, number>();
  sum = 0;

  get distinct(): number {
    return this.counts.size;
  }

  insert(e: Entry): void {
    const list = this.entries;
    let i = list.length;
    while (i > 0 && (list[i - 1] as Entry).time > e.time) i--;
    list.splice(i, 0, e);
    this.sum += e.weight;
    if (e.distinct !== undefined) this.counts.set(e.distinct, (this.counts.get(e.distinct) ?? 0) + 1);
  }

  /** Drops the entries at or before `since`; answers how many remain. */
  dropBefore(since: number): number {
    const list = this.entries;
    let n = 0;
    while (n < list.length && (list[n] as Entry).time <= since) {
      const e = list[n] as Entry;
      this.sum -= e.weight;
      if (e.distinct !== undefined) {
        const left = (this.counts.get(e.distinct) ?? 1) - 1;
        if (left === 0) this.counts.delete(e.distinct);
        else this.counts.set(e.distinct, left);
      }
      n++;
    }
    if (n > 0) list.splice(0, n);
    return list.length;
  }
}

/**
 * Entries per key (a source, a destination...), kept while newer than `now - windowMs`. Flow logs deliver
 * each interface's window separately, so entries arrive slightly out of order; each key's list is kept
 * sorted by time so that dropping the old ones from the front is exact. Distinct counts and sums are kept
 * as entries come and go: recounting the window on every record made a long scan quadratic.
 */
export class KeyedWindow {
  private readonly keys = new Map<string, KeyState>();
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(readonly windowMs: number) {}

  /** Adds an entry (unless it is already older than the window) and returns the key's state in the window. */
  add(key: string, entry: Entry, now: number): KeyState {
    const since = now - this.windowMs;
    let state = this.keys.get(key);
    if (state === undefined) {
      state = new KeyState();
      this.keys.set(key, state);
    }
    if (entry.time > since) state.insert(entry);
    state.dropBefore(since);
    // Keys that went quiet are dropped once a window, so a day of one-off sources does not pile up.
    if (now - this.sweptAt >= this.windowMs) {
      this.sweptAt = now;
      for (const [k, s] of this.keys) if (s.dropBefore(since) === 0 && k !== key) this.keys.delete(k);
    }
    return state;
  }
}

/** One alert per rule and subject per window: an attack that goes on re-alerts once a window, not on every record. */
export class FireOnce {
  /** key -> event time until which it stays silent. */
  private readonly until = new Map<string, number>();

  /** True (and remembered) when `key` has not fired within the last `windowMs`. */
  fire(key: string, now: number, windowMs: number): boolean {
    const quietUntil = this.until.get(key);
    if (quietUntil !== undefined && now < quietUntil) return false;
    if (this.until.size > 10_000) for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
    this.until.set(key, now + windowMs);
    return true;
  }
}
