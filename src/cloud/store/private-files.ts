/**
 * Owner-only modes for the data directory (0700) and the files in it (0600): the database holds IAM
 * users' secret keys, and the segment files every log event.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";

/**
 * Creates `dir` 0700, or tightens an existing one that others can enter (a warning says so): a 0755
 * folder would let any local user list it and read whatever file is not 0600.
 */
export function privateDirectory(dir: string, warn: (message: string) => void): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const was = `${dir} was readable by other users (mode ${mode.toString(8).padStart(4, "0")})`;
  try {
    chmodSync(dir, mode & 0o700);
    warn(`${was}: now ${(mode & 0o700).toString(8).padStart(4, "0")}`);
  } catch (error) {
    // Someone else's folder: the files in it are still 0600.
    warn(`${was} and cannot be tightened (${(error as NodeJS.ErrnoException).code}): its files are 0600, but others can list them`);
  }
}

/**
 * Creates `path` 0600 if it is missing, or tightens it. SQLite creates its -wal and -shm files with
 * the mode of the database file, so making the database 0600 before SQLite opens it covers those too.
 */
export function privateFile(path: string, create: boolean): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) {
    if (create) closeSync(openSync(path, "a", 0o600));
    return;
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
}
