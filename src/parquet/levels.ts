/**
 * The RLE / bit-packing hybrid encoding of Parquet's definition levels: long runs of one level as RLE
 * runs, the rest as bit-packed groups of eight, so a column with a few nulls costs a few bytes.
 */

/** Runs shorter than this are bit-packed: an RLE run costs two bytes, a group of eight one bit each. */
const MIN_RLE_RUN = 8;

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Encodes levels of `bitWidth` bits (1 for a flat optional column) without the 4-byte length prefix. */
export function encodeHybrid(levels: ArrayLike<number>, bitWidth: number): Uint8Array {
  const out: number[] = [];
  const byteWidth = Math.ceil(bitWidth / 8);
  const runAt = (start: number): number => {
    let end = start + 1;
    while (end < levels.length && levels[end] === levels[start]) end++;
    return end - start;
  };
  let i = 0;
  while (i < levels.length) {
    const run = runAt(i);
    if (run >= MIN_RLE_RUN) {
      pushVarint(out, run << 1);
      const value = levels[i] as number;
      for (let b = 0; b < byteWidth; b++) out.push((value >>> (8 * b)) & 0xff);
      i += run;
      continue;
    }
    // Bit-packed groups until a long run begins at a group boundary; the last group is padded with
    // zeros, which a reader ignores since the page header gives the number of values.
    const start = i;
    let groups = 0;
    do {
      i += 8;
      groups++;
    } while (i < levels.length && runAt(i) < MIN_RLE_RUN && groups < 63);
    pushVarint(out, (groups << 1) | 1);
    let acc = 0;
    let bits = 0;
    for (let k = start; k < start + groups * 8; k++) {
      const value = k < levels.length ? (levels[k] as number) : 0;
      acc |= value << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out.push(acc & 0xff);
        acc >>>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) out.push(acc & 0xff);
  }
  return Uint8Array.from(out);
}

/** Data page v1 stores levels behind their byte length, as a little-endian 4-byte integer. */
export function encodeLevelsV1(levels: ArrayLike<number>, bitWidth: number): Uint8Array {
  const body = encodeHybrid(levels, bitWidth);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, true);
  out.set(body, 4);
  return out;
}
