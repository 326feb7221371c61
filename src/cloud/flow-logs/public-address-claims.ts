/**
 * Public addresses held on this machine: one lock file per address under a runtime directory shared
 * by every flowwatch process, so two local clouds never give their instances the same address (the
 * second gateway could not listen, and traffic would reach the first cloud).
 */
import { chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LockOwner } from "../store/pid-lock.js";

/** Shared by all users' clouds (sticky, like /tmp): anyone may create a lock, only its owner remove it. */
export const defaultAddressLockDir = () => join(tmpdir(), "flowwatch-addresses");

export class PublicAddressClaims {
  private readonly owner = new LockOwner();
  private usable: boolean;

  constructor(
    private readonly dir: string = defaultAddressLockDir(),
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.usable = this.prepare();
  }

  private prepare(): boolean {
    try {
      // Only its creator sets the mode (the umask trims mkdir's); the others find it made.
      if (mkdirSync(this.dir, { recursive: true }) !== undefined) chmodSync(this.dir, 0o1777);
      return true;
    } catch (error) {
      this.warn(
        `cannot keep public address locks in ${this.dir} (${(error as Error).message}): another local cloud on this machine may give out the same addresses`,
      );
      return false;
    }
  }

  /**
   * EC2 asks before giving an instance `ip`: true when no other running cloud holds it, and this cloud
   * holds it from now on. Without a usable lock directory every address is taken as free (warned at start).
   */
  claim(ip: string): boolean {
    if (!this.usable) return true;
    try {
      return this.owner.tryLock(this.path(ip));
    } catch (error) {
      // A lock we cannot create (the directory lost its permissions meanwhile) is not ours.
      this.warn(`cannot lock public address ${ip}: ${(error as Error).message}`);
      return false;
    }
  }

  /** Whether this cloud holds `ip`. */
  holds(ip: string): boolean {
    return !this.usable || this.owner.holds(this.path(ip));
  }

  /** Releases every address not in `ips` (EC2's state no longer gives it: stopped, terminated, reset). */
  retain(ips: ReadonlySet<string>): void {
    for (const path of this.owner.paths) {
      const ip = path.slice(this.dir.length + 1, -".lock".length);
      if (!ips.has(ip)) this.owner.unlock(path);
    }
  }

  releaseAll(): void {
    this.owner.unlockAll();
  }

  private path(ip: string): string {
    return join(this.dir, `${ip}.lock`);
  }
}
