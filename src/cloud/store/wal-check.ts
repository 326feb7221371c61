/**
 * Reads a SQLite WAL file as SQLite's recovery will, before SQLite opens it, to find commits it would
 * drop without a word: recovery stops at the first frame whose checksum fails and ignores every frame
 * after it, so one damaged frame silently loses every later transaction.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * Why this is sound: SQLite writes a WAL strictly forward, each frame's checksum chaining on the one
 * before, and stamps every frame with the header's two salts; a checkpoint that restarts the WAL
 * writes new salts. A commit frame (non-zero "database size" field) is never overwritten while the
 * salts stay the same, because new frames only go after the last valid commit. So a frame past the
 * point where recovery stops that carries the header's salts and a commit mark is a transaction that
 * was committed (and, with synchronous=FULL, acknowledged) but will not be replayed: damage, not a
 * torn tail. Frames of a rolled-back transaction that spilled to the WAL carry no commit mark, and
 * frames of an earlier WAL generation carry other salts, so neither is mistaken for loss. The one
 * loss this cannot see is damage to the very last commit frame itself (nothing after it to tell).
 */
export interface WalReport {
  /** Frames the file holds (whole ones). */
  frames: number;
  /** Frames SQLite will replay: up to and including the last commit before the first invalid frame. */
  replayed: number;
  /** Committed transactions after that point, in this WAL generation: lost if the file is opened as is. */
  lostCommits: number;
  /** 1-based number of the first frame recovery rejects, when lostCommits > 0. */
  firstBadFrame?: number;
  /** The WAL header itself fails its checksum while frames follow: SQLite would ignore the whole file. */
  badHeader: boolean;
}

const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;
const HEADER = 32;
const FRAME_HEADER = 24;

export function checkWal(path: string): WalReport | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER) return undefined;
    const header = Buffer.alloc(HEADER);
    readSync(fd, header, 0, HEADER, 0);
    const magic = header.readUInt32BE(0);
    const pageSize = header.readUInt32BE(8);
    const pageSizeValid = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
    if (!pageSizeValid) {
      // A header too damaged to say how frames are laid out: any bytes past it are unreadable to SQLite.
      return { frames: 0, replayed: 0, lostCommits: size > HEADER ? 1 : 0, badHeader: size > HEADER };
    }
    const frameSize = FRAME_HEADER + pageSize;
    const frames = Math.floor((size - HEADER) / frameSize);
    const bigEndian = magic === MAGIC_BE;
    let [s0, s1] = walChecksum(header, 0, 24, 0, 0, bigEndian);
    const headerValid = (magic === MAGIC_LE || magic === MAGIC_BE) && s0 === header.readUInt32BE(24) && s1 === header.readUInt32BE(28);
    const frame = Buffer.alloc(frameSize);
    // The generation's salts: the header's, or when the header is damaged (salts included), those most frames carry.
    const [salt1, salt2] = headerValid ? [header.readUInt32BE(16), header.readUInt32BE(20)] : generationOf(fd, header, frames, frameSize);

    let replayed = 0;
    let firstBad: number | undefined = headerValid ? undefined : 1;
    let lostCommits = 0;
    for (let i = 1; i <= frames; i++) {
      readSync(fd, frame, 0, frameSize, HEADER + (i - 1) * frameSize);
      const sameGeneration = frame.readUInt32BE(8) === salt1 && frame.readUInt32BE(12) === salt2;
      const commit = frame.readUInt32BE(4) !== 0;
      if (firstBad === undefined) {
        const [c0, c1] = walChecksum(frame, FRAME_HEADER, frameSize, ...walChecksum(frame, 0, 8, s0, s1, bigEndian), bigEndian);
        if (sameGeneration && frame.readUInt32BE(0) !== 0 && c0 === frame.readUInt32BE(16) && c1 === frame.readUInt32BE(20)) {
          [s0, s1] = [c0, c1];
          if (commit) replayed = i;
          continue;
        }
        // The rejected frame itself is not counted: after a machine crash it is the torn, unacknowledged
        // last write; only commits written after it prove a loss.
        firstBad = i;
        if (headerValid) continue;
      }
      if (sameGeneration && commit) lostCommits++;
    }
    const report: WalReport = { frames, replayed, lostCommits, badHeader: !headerValid && lostCommits > 0 };
    if (lostCommits > 0 && firstBad !== undefined) report.firstBadFrame = firstBad;
    return report;
  } finally {
    closeSync(fd);
  }
}

/**
 * The salt pair of a WAL whose header fails: the one most frames carry (stale frames of an earlier
 * generation are fewer unless the WAL restarted just before; then the header's salts win a tie).
 */
function generationOf(fd: number, header: Buffer, frames: number, frameSize: number): [number, number] {
  const counts = new Map<string, number>();
  const frameHeader = Buffer.alloc(FRAME_HEADER);
  for (let i = 0; i < frames; i++) {
    readSync(fd, frameHeader, 0, FRAME_HEADER, HEADER + i * frameSize);
    const key = `${frameHeader.readUInt32BE(8)} ${frameHeader.readUInt32BE(12)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const own = `${header.readUInt32BE(16)} ${header.readUInt32BE(20)}`;
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] === own ? -1 : b[0] === own ? 1 : 0))[0]?.[0] ?? own;
  const [a, b] = best.split(" ").map(Number) as [number, number];
  return [a, b];
}

/** SQLite's WAL checksum: two u32 sums over pairs of u32 words of [from, to), seeded with (s0, s1). */
function walChecksum(b: Buffer, from: number, to: number, s0: number, s1: number, bigEndian: boolean): [number, number] {
  for (let i = from; i < to; i += 8) {
    const x0 = bigEndian ? b.readUInt32BE(i) : b.readUInt32LE(i);
    const x1 = bigEndian ? b.readUInt32BE(i + 4) : b.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}
