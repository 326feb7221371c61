/**
 * Lock files that name the process holding a thing (a data directory, a public address): created
 * with O_EXCL, holding "pid token"; a lock whose process is dead is stale and taken over.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomUUID } from "node:crypto";

/** The holder of a lock, as its file says. */
export interface LockHolder {
  pid: number;
  token: string;
}

/** One owner (a LocalCloud): its locks carry its pid and a token of its own, so two owners in one process are told apart. */
export class LockOwner {
  readonly token = randomUUID();
  private readonly held = new Set<string>();

  /**
   * Takes the lock at `path`: true when this owner holds it now (already, or taken, or taken over from
   * a dead process), false when a live holder has it. Synchronous, so it can run inside a transaction.
   */
  tryLock(path: string): boolean {
    if (this.held.has(path)) return true;
    // Bounded: a stale lock is removed once, then the create either wins or meets a live newcomer.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, "wx", 0o644);
        try {
          writeSync(fd, `${process.pid} ${this.token}\n`);
        } finally {
          closeSync(fd);
        }
        this.held.add(path);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = lockHolder(path);
      if (holder !== undefined && holder.pid === process.pid && holder.token === this.token) {
        this.held.add(path);
        return true;
      }
      if (holder !== undefined && isAlive(holder.pid)) return false;
      // Dead holder, or a file cut before its content was written (a kill between create and write).
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") return false;
      }
    }
    return false;
  }

  /** Whether this owner holds the lock at `path`. */
  holds(path: string): boolean {
    return this.held.has(path);
  }

  unlock(path: string): void {
    if (!this.held.delete(path)) return;
    const holder = lockHolder(path);
    // Never remove a lock someone else took over (after ours was judged stale by mistake).
    if (holder?.token === this.token) unlinkQuietly(path);
  }

  unlockAll(): void {
    for (const path of [...this.held]) this.unlock(path);
  }

  /** Paths this owner holds. */
  get paths(): string[] {
    return [...this.held];
  }
}

/** Who holds the lock at `path`, or undefined when there is none or its content is unreadable. */
export function lockHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const m = /^(\d+) (\S+)\n/.exec(text);
  if (m === null) {
    // A lock being written right now reads empty: held by its (live) creator, unless it has stayed
    // empty for seconds, which only a kill between create and write leaves behind.
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const fresh = text === "" && Date.now() - mtime < 2000;
    return fresh ? { pid: process.pid, token: "" } : undefined;
  }
  return { pid: Number(m[1]), token: m[2] as string };
}

/** signal 0 checks existence; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
