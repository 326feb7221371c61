/**
 * The aggregate functions of `stats`: one accumulator per group and aggregate. result() never changes
 * the accumulator, so partial results can be read while a query is still running.
 */
import { detached } from "./fields.js";
import { compareKeys, sortKey } from "./natural-order.js";
import { compareValues, type Kind, toNumber, toText, type Value } from "./values.js";

export interface Accumulator {
  /** One event's argument value and its @timestamp (earliest and latest need it). */
  add(value: Value, timestamp: Value): void;
  result(): Value;
  /**
   * Bytes this accumulator holds beyond its fixed size, estimated, for accumulators that grow with their
   * input (count_distinct, pct): a query's memory budget counts them (StatsState.bytes).
   */
  readonly held?: number;
}

export interface AggregateSpec {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** count(*) and count() count every event. */
  readonly star?: boolean;
  /** The kind of the result: "first" when it is the argument's (min(@timestamp) is a timestamp). */
  readonly kind: Kind | "first";
  /** Parameters after the first argument that must be number literals: pct's percentile. */
  readonly numberParams?: number;
  readonly create: (params: readonly number[], star: boolean) => Accumulator;
}

class Count implements Accumulator {
  n = 0;
  constructor(private readonly all: boolean) {}
  add(v: Value): void {
    if (this.all || v !== null) this.n++;
  }
  result(): Value {
    return this.n;
  }
}

/** Exact, where AWS documents an approximation at high cardinality. */
class CountDistinct implements Accumulator {
  readonly seen = new Set<string>();
  /** An empty Set is already ~160 bytes. */
  held = 160;
  add(v: Value): void {
    if (v === null) return;
    const text = toText(v) as string;
    if (this.seen.has(text)) return;
    // Copied off the message: a slice would keep the store's whole decoded chunk alive.
    this.seen.add(detached(text));
    this.held += 48 + text.length;
  }
  result(): Value {
    return this.seen.size;
  }
}

class Sum implements Accumulator {
  sum = 0;
  n = 0;
  add(v: Value): void {
    const x = typeof v === "number" ? v : toNumber(v);
    if (x !== null) {
      this.sum += x;
      this.n++;
    }
  }
  result(): Value {
    return this.n === 0 ? null : this.sum;
  }
}

class Avg extends Sum {
  override result(): Value {
    return this.n === 0 ? null : this.sum / this.n;
  }
}

/** Sample standard deviation (n - 1), by Welford's method; one value gives 0. */
class StdDev implements Accumulator {
  n = 0;
  mean = 0;
  m2 = 0;
  add(v: Value): void {
    const x = toNumber(v);
    if (x === null) return;
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }
  result(): Value {
    if (this.n === 0) return null;
    return this.n === 1 ? 0 : Math.sqrt(this.m2 / (this.n - 1));
  }
}

/** min and max compare numerically when values are numbers, else as text (sortsFirst/Last: SortExtreme). */
class Extreme implements Accumulator {
  best: Value = null;
  constructor(private readonly sign: 1 | -1) {}
  add(v: Value): void {
    if (v === null) return;
    if (this.best === null || compareValues(v, this.best) * this.sign < 0) this.best = v;
  }
  result(): Value {
    return this.best;
  }
}

/** sortsFirst and sortsLast: the value `sort` would put first or last (natural-order.ts), the best's key kept. */
class SortExtreme implements Accumulator {
  best: Value = null;
  private bestKey: number | string | null = null;
  constructor(private readonly sign: 1 | -1) {}
  add(v: Value): void {
    const key = sortKey(v);
    if (key === null) return;
    if (this.bestKey === null || compareKeys(key, v, this.bestKey, this.best) * this.sign < 0) {
      this.best = v;
      this.bestKey = key;
    }
  }
  result(): Value {
    return this.best;
  }
}

/** Nearest-rank percentile over the numeric values, exact where AWS approximates. */
class Percentile implements Accumulator {
  readonly values: number[] = [];
  held = 0;
  constructor(private readonly p: number) {}
  add(v: Value): void {
    const x = toNumber(v);
    if (x !== null) {
      this.values.push(x);
      this.held += 8;
    }
  }
  result(): Value {
    const n = this.values.length;
    if (n === 0) return null;
    const sorted = Float64Array.from(this.values).sort();
    const rank = Math.min(n, Math.max(1, Math.ceil((this.p / 100) * n)));
    return sorted[rank - 1] as number;
  }
}

/** The value from the event with the earliest (or latest) @timestamp among events that have the field. */
class ByTime implements Accumulator {
  best: Value = null;
  at = 0;
  constructor(private readonly latest: boolean) {}
  add(v: Value, timestamp: Value): void {
    if (v === null || typeof timestamp !== "number") return;
    if (this.best === null || (this.latest ? timestamp > this.at : timestamp < this.at)) {
      this.best = v;
      this.at = timestamp;
    }
  }
  result(): Value {
    return this.best;
  }
}

/**
 * Adds to an accumulator of count, sum, avg, min or max what the columnar path gathered for its group
 * (columnar/fast-aggregates.ts): `n` values (or rows, for count(*)), their sum, the least and the greatest.
 * For integers whose sum stays below 2^53 that is exactly what adding them one by one gives. False when the
 * accumulator is of another kind.
 */
export function absorb(acc: Accumulator, n: number, sum: number, least: number, greatest: number): boolean {
  if (acc instanceof Count) acc.n += n;
  else if (acc instanceof Sum) {
    acc.sum += sum;
    acc.n += n;
  } else if (acc instanceof Extreme) {
    if (n > 0) {
      acc.add(least);
      acc.add(greatest);
    }
  } else return false;
  return true;
}

/** The aggregates absorb() takes. */
export const ABSORBED: ReadonlySet<string> = new Set(["count", "sum", "avg", "min", "max"]);

const spec = (s: AggregateSpec) => s;

const AGGREGATES: readonly AggregateSpec[] = [
  spec({ name: "count", minArgs: 0, maxArgs: 1, star: true, kind: "value", create: (_p, star) => new Count(star) }),
  spec({ name: "count_distinct", minArgs: 1, maxArgs: 1, kind: "value", create: () => new CountDistinct() }),
  spec({ name: "sum", minArgs: 1, maxArgs: 1, kind: "value", create: () => new Sum() }),
  spec({ name: "avg", minArgs: 1, maxArgs: 1, kind: "value", create: () => new Avg() }),
  spec({ name: "stddev", minArgs: 1, maxArgs: 1, kind: "value", create: () => new StdDev() }),
  spec({ name: "min", minArgs: 1, maxArgs: 1, kind: "first", create: () => new Extreme(1) }),
  spec({ name: "max", minArgs: 1, maxArgs: 1, kind: "first", create: () => new Extreme(-1) }),
  spec({ name: "sortsFirst", minArgs: 1, maxArgs: 1, kind: "first", create: () => new SortExtreme(1) }),
  spec({ name: "sortsLast", minArgs: 1, maxArgs: 1, kind: "first", create: () => new SortExtreme(-1) }),
  spec({ name: "pct", minArgs: 2, maxArgs: 2, kind: "first", numberParams: 1, create: (p) => new Percentile(p[0] as number) }),
  spec({ name: "earliest", minArgs: 1, maxArgs: 1, kind: "first", create: () => new ByTime(false) }),
  spec({ name: "latest", minArgs: 1, maxArgs: 1, kind: "first", create: () => new ByTime(true) }),
];

const BY_NAME: ReadonlyMap<string, AggregateSpec> = new Map(AGGREGATES.map((a) => [a.name.toLowerCase(), a]));

export function findAggregate(name: string): AggregateSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export const AGGREGATE_NAMES: readonly string[] = AGGREGATES.map((a) => a.name);
