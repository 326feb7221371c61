/**
 * Splits an event into fields the way space-delimited patterns see it: fields are separated by runs of
 * spaces (or tabs), and a field that starts with `"` or `[` runs to the matching `"` or `]` and is one
 * field without its quotes or brackets. Offsets go into reusable arrays: no string is made per field.
 */

export class FieldSplitter {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  count = 0;

  /** Splits `message`; afterwards fields 0..count-1 are message.slice(starts[i], ends[i]). */
  split(message: string): number {
    const length = message.length;
    let n = 0;
    let i = 0;
    for (;;) {
      let c = 0;
      while (i < length && ((c = message.charCodeAt(i)) === 32 || c === 9)) i++;
      if (i >= length) break;
      let start = i;
      let end: number;
      const close = c === 34 ? 34 : c === 91 ? 93 : -1;
      const closeAt = close < 0 ? -1 : message.indexOf(close === 34 ? '"' : "]", i + 1);
      if (closeAt >= 0) {
        start = i + 1;
        end = closeAt;
        i = closeAt + 1;
      } else {
        // A plain field, or an unterminated quote or bracket, which is then an ordinary character.
        while (i < length && (c = message.charCodeAt(i)) !== 32 && c !== 9) i++;
        end = i;
      }
      if (n === this.starts.length) this.grow();
      this.starts[n] = start;
      this.ends[n] = end;
      n++;
    }
    this.count = n;
    return n;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}
