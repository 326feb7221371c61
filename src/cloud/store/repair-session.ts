/**
 * One `flowwatch up --repair`: the folder damaged files are moved into (never deleted), and the lines
 * that report what was kept and what was lost.
 */
import { mkdirSync, renameSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { syncDir } from "./sync-directory.js";

export class RepairSession {
  readonly lines: string[] = [];
  /** Tables whose rows could not all be read back: their derived data is rebuilt where it can be. */
  readonly damagedTables = new Set<string>();
  private folder: string | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly now: Date = new Date(),
  ) {}

  report(line: string): void {
    this.lines.push(line);
  }

  /** `<data dir>/damaged-<time>/`, made on first use, owner-only like the data dir. */
  get damagedDir(): string {
    if (this.folder === undefined) {
      this.folder = join(this.dataDir, `damaged-${this.now.toISOString().replace(/[:.]/g, "-")}`);
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    }
    return this.folder;
  }

  /** Moves `path` (if present) into the damaged folder; returns its new path. */
  moveAside(path: string): string | undefined {
    if (statSync(path, { throwIfNoEntry: false }) === undefined) return undefined;
    const target = join(this.damagedDir, basename(path));
    renameSync(path, target);
    syncDir(this.dataDir);
    syncDir(this.damagedDir);
    return target;
  }
}
