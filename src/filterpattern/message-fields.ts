/**
 * Splits an event into fields the way space-delimited patterns see it: fields are separated by runs of
 * spaces, and a field that starts with `"` or `[` runs to the next `"` or `]` and is one field without
 * its quotes or brackets. Offsets go into reusable arrays: no string is made per field.
 */
import type { MessageFields } from "./matcher.js";

/**
 * Reads the field starting at i (a non-space character) into starts[n] and ends[n], and returns where
 * the next field starts. Native indexOf finds the end, which is several times faster than a loop.
 */
export function readField(message: string, i: number, starts: Int32Array, ends: Int32Array, n: number): number {
  const length = message.length;
  const c = message.charCodeAt(i);
  let next = -1;
  if (c === 34 || c === 91) {
    const close = message.indexOf(c === 34 ? '"' : "]", i + 1);
    if (close >= 0) {
      starts[n] = i + 1;
      ends[n] = close;
      next = close + 1;
    }
  }
  if (next < 0) {
    // A plain field, or an unterminated quote or bracket, which is then an ordinary character.
    let end = message.indexOf(" ", i);
    if (end < 0) end = length;
    starts[n] = i;
    ends[n] = end;
    next = end;
  }
  while (next < length && message.charCodeAt(next) === 32) next++;
  return next;
}

/** Reusable offsets of one event's fields; `split` overwrites them, so one splitter serves a whole batch. */
export class FieldSplitter implements MessageFields {
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  count = 0;
  /** The message last split. */
  message = "";

  /** Splits `message`; afterwards fields 0..count-1 are message.slice(starts[i], ends[i]). */
  split(message: string): number {
    this.message = message;
    let i = skipSpaces(message, 0);
    let n = 0;
    while (i < message.length) {
      if (n === this.starts.length) this.grow();
      i = readField(message, i, this.starts, this.ends, n);
      n++;
    }
    this.count = n;
    return n;
  }

  grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

export function skipSpaces(message: string, i: number): number {
  while (i < message.length && message.charCodeAt(i) === 32) i++;
  return i;
}
