/**
 * A hash table keyed by a span of characters of a string (a stretch of a message), looked up without
 * cutting the span out: `stats ... by srcAddr, dstAddr` finds an event's group from the message text
 * itself, with no string allocated per event. Keys are copied into a character arena, so the table never
 * keeps a message (or the chunk of text it was sliced from) alive.
 */

export class SpanTable<T> {
  private hashes = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private values: (T | undefined)[] = new Array<T | undefined>(1024);
  private starts = new Int32Array(1024);
  /** The keys' characters, end to end: no key string to allocate, and none that could share a message's storage. */
  private chars = new Uint16Array(16_384);
  private used = 0;
  private hash = 0;
  size = 0;

  /**
   * The slot of the key `text[from, to)`: its value, or where to insert it (valueAt gives undefined).
   * `text` is the string or its characters already copied out (EventView.codes): reading a copy is
   * cheaper when the string is a slice of a larger one.
   */
  lookup(text: string | Uint16Array, from: number, to: number): number {
    return typeof text === "string" ? this.lookupText(text, from, to) : this.lookupCodes(text, from, to);
  }

  private lookupText(text: string, from: number, to: number): number {
    let h = 0;
    for (let k = from; k < to; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    h = this.mix(h);
    const mask = this.hashes.length - 1;
    const length = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      if (this.values[slot] === undefined) return slot;
      if (this.hashes[slot] !== h || this.lengths[slot] !== length) continue;
      const start = this.starts[slot] as number;
      const chars = this.chars;
      let k = 0;
      while (k < length && chars[start + k] === text.charCodeAt(from + k)) k++;
      if (k === length) return slot;
    }
  }

  private mix(h: number): number {
    // Mixed (MurmurHash3's finalizer): texts that differ only near their start (addresses) otherwise
    // differ only in the high bits, and the low bits pick the slot, so probe runs would grow long.
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    this.hash = h;
    return h;
  }

  // lookupText's twin over a Uint16Array, kept apart on purpose: one body for both kinds of text would
  // make every character read on this hot path polymorphic.
  private lookupCodes(text: Uint16Array, from: number, to: number): number {
    let h = 0;
    for (let k = from; k < to; k++) h = (Math.imul(h, 31) + (text[k] as number)) | 0;
    h = this.mix(h);
    const mask = this.hashes.length - 1;
    const length = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      if (this.values[slot] === undefined) return slot;
      if (this.hashes[slot] !== h || this.lengths[slot] !== length) continue;
      // Compared in place, against the arena (startsWith at an offset, or stored key strings, measured 2-3x slower).
      const start = this.starts[slot] as number;
      const chars = this.chars;
      let k = 0;
      while (k < length && chars[start + k] === text[from + k]) k++;
      if (k === length) return slot;
    }
  }

  valueAt(slot: number): T | undefined {
    return this.values[slot];
  }

  /** Stores `value` under `text[from, to)` at the slot the last lookup of that key gave. */
  insertAt(slot: number, text: string | Uint16Array, from: number, to: number, value: T): void {
    const length = to - from;
    if (this.used + length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, this.used + length));
      grown.set(this.chars.subarray(0, this.used));
      this.chars = grown;
    }
    if (typeof text === "string") for (let k = 0; k < length; k++) this.chars[this.used + k] = text.charCodeAt(from + k);
    else this.chars.set(text.subarray(from, to), this.used);
    this.hashes[slot] = this.hash;
    this.starts[slot] = this.used;
    this.lengths[slot] = length;
    this.values[slot] = value;
    this.used += length;
    if (++this.size * 2 > this.hashes.length) this.grow();
  }

  private grow(): void {
    const { hashes, starts, lengths, values } = this;
    const capacity = hashes.length * 2;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.values = new Array<T | undefined>(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined) continue;
      let slot = (hashes[i] as number) & mask;
      while (this.values[slot] !== undefined) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[i] as number;
      this.starts[slot] = starts[i] as number;
      this.lengths[slot] = lengths[i] as number;
      this.values[slot] = value;
    }
  }
}
