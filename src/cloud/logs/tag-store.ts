/** Tags of any CloudWatch Logs resource, keyed by its ARN (log groups by the ARN without `:*`). */
import type Database from "better-sqlite3";
import { tooManyTags } from "./errors.js";

/** AWS's limit of tags per resource. */
export const MAX_TAGS = 50;

export class TagStore {
  private readonly listStmt: Database.Statement<[string], { key: string; value: string }>;
  private readonly putStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;
  private readonly dropStmt: Database.Statement;
  private readonly putAll: (arn: string, tags: Record<string, string>) => void;

  constructor(db: Database.Database) {
    this.listStmt = db.prepare("SELECT key, value FROM logs_tags WHERE arn = ? ORDER BY key");
    this.putStmt = db.prepare("INSERT OR REPLACE INTO logs_tags (arn, key, value) VALUES (?, ?, ?)");
    this.deleteStmt = db.prepare("DELETE FROM logs_tags WHERE arn = ? AND key = ?");
    this.dropStmt = db.prepare("DELETE FROM logs_tags WHERE arn = ?");
    this.putAll = db.transaction((arn: string, tags: Record<string, string>) => {
      const merged = { ...this.list(arn), ...tags };
      if (Object.keys(merged).length > MAX_TAGS) throw tooManyTags(arn);
      for (const [k, v] of Object.entries(tags)) this.putStmt.run(arn, k, v);
    });
  }

  list(arn: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const row of this.listStmt.iterate(arn)) out[row.key] = row.value;
    return out;
  }

  /** Adds or overwrites tags; more than 50 in all is TooManyTagsException and changes nothing. */
  tag(arn: string, tags: Record<string, string> | undefined): void {
    if (tags !== undefined && Object.keys(tags).length > 0) this.putAll(arn, tags);
  }

  untag(arn: string, keys: readonly string[]): void {
    for (const k of keys) this.deleteStmt.run(arn, k);
  }

  drop(arn: string): void {
    this.dropStmt.run(arn);
  }
}
