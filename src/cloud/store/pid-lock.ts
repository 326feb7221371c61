/**
 * Lock files that name the process holding a thing (a data directory, a public address): created
 * with O_EXCL, holding "pid token start-time"; a lock whose process is dead is stale and taken over.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomUUID } from "node:crypto";

/** The holder of a lock, as its file says. */
export interface LockHolder {
  pid: number;
  token: string;
  /** The process's start time (Linux /proc), so a pid reused since (a restarted container) is not taken for the holder. */
  started?: string;
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
          writeSync(fd, `${process.pid} ${this.token} ${startTime(process.pid) ?? "-"}\n`);
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
      if (holder !== undefined && isAlive(holder)) return false;
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
  const m = /^(\d+) (\S+)(?: (\S+))?\n/.exec(text);
  if (m === null) {
    // A lock being written right now reads empty: held by its (live) creator, unless it has stayed
    // empty for seconds, which only a kill between create and write leaves behind.
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const fresh = text === "" && Date.now() - mtime < 2000;
    return fresh ? { pid: process.pid, token: "" } : undefined;
  }
  return { pid: Number(m[1]), token: m[2] as string, ...(m[3] !== undefined && m[3] !== "-" ? { started: m[3] } : {}) };
}

/**
 * Whether the lock's process still runs: signal 0 checks the pid exists (EPERM: under another user),
 * and where /proc tells start times, that it is the same process, not a later one given the same pid.
 */
function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (holder.started === undefined) return true;
  const now = startTime(holder.pid);
  return now === undefined || now === holder.started;
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot); undefined where there is no /proc. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
