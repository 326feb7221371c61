/** What the windowed rules share: entries per key over a trailing window of event time, and firing once per window. */

export interface Entry<V> {
  time: number;
  value: V;
}

/**
 * Entries per key (a source, a destination...), kept while newer than `now - windowMs`. Flow logs deliver
 * each interface's window separately, so entries arrive slightly out of order; each key's list is kept
 * sorted by time so that dropping the old ones from the front is exact.
 */
export class KeyedWindow<V> {
  private readonly keys = new Map<string, Entry<V>[]>();
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(readonly windowMs: number) {}

  /** Adds an entry (unless it is already older than the window) and returns the key's entries in the window. */
  add(key: string, time: number, value: V, now: number): readonly Entry<V>[] {
    const since = now - this.windowMs;
    let list = this.keys.get(key);
    if (list === undefined) {
      list = [];
      this.keys.set(key, list);
    }
    if (time > since) {
      let i = list.length;
      while (i > 0 && (list[i - 1] as Entry<V>).time > time) i--;
      list.splice(i, 0, { time, value });
    }
    dropBefore(list, since);
    // Keys that went quiet are dropped once a window, so a day of one-off sources does not pile up.
    if (now - this.sweptAt >= this.windowMs) {
      this.sweptAt = now;
      for (const [k, l] of this.keys) if (dropBefore(l, since) === 0 && k !== key) this.keys.delete(k);
    }
    return list;
  }
}

function dropBefore<V>(list: Entry<V>[], since: number): number {
  let n = 0;
  while (n < list.length && (list[n] as Entry<V>).time <= since) n++;
  if (n > 0) list.splice(0, n);
  return list.length;
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
