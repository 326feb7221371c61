/**
 * An open-addressing hash table keyed by two 32-bit words (one 64-bit key: an address pair as two
 * dictionary ids, a port and a protocol): no string and no Map entry per lookup.
 */
export class PairTable<T> {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  /** Index + 1 into `values`; 0 is an empty slot. */
  private at = new Int32Array(1024);
  private readonly values: T[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The slot of key (a, b): where it is, or where it would go. */
  lookup(a: number, b: number): number {
    const mask = this.at.length - 1;
    let s = hash(a, b) & mask;
    for (;;) {
      const v = this.at[s] as number;
      if (v === 0 || (this.hi[s] === a && this.lo[s] === b)) return s;
      s = (s + 1) & mask;
    }
  }

  valueAt(slot: number): T | undefined {
    const v = this.at[slot] as number;
    return v === 0 ? undefined : this.values[v - 1];
  }

  /** Puts a new key at the slot lookup() gave. */
  insertAt(slot: number, a: number, b: number, value: T): void {
    this.values.push(value);
    this.hi[slot] = a;
    this.lo[slot] = b;
    this.at[slot] = this.values.length;
    if (this.values.length * 2 > this.at.length) this.grow();
  }

  private grow(): void {
    const { hi, lo, at } = this;
    const size = at.length * 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.at = new Int32Array(size);
    const mask = size - 1;
    for (let s = 0; s < at.length; s++) {
      const v = at[s] as number;
      if (v === 0) continue;
      const a = hi[s] as number;
      const b = lo[s] as number;
      let t = hash(a, b) & mask;
      while (this.at[t] !== 0) t = (t + 1) & mask;
      this.hi[t] = a;
      this.lo[t] = b;
      this.at[t] = v;
    }
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}
