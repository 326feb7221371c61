/** The control-plane objects kept as one JSON document each (logs_documents), by kind, account, region and name. */
import type Database from "better-sqlite3";
import type { RequestContext } from "../service.js";

type Scope = Pick<RequestContext, "account" | "region">;
export type DocumentKind = "resource-policy" | "destination" | "delivery-source" | "delivery-destination" | "delivery" | "query-definition";

export class Documents {
  private readonly getStmt: Database.Statement<[string, string, string, string], { body: string }>;
  private readonly putStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;
  private readonly listStmt: Database.Statement<[string, string, string, string, number], { name: string; body: string }>;
  private readonly countStmt: Database.Statement<[string, string, string], { n: number }>;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare("SELECT body FROM logs_documents WHERE kind = ? AND account = ? AND region = ? AND name = ?");
    this.putStmt = db.prepare("INSERT OR REPLACE INTO logs_documents (kind, account, region, name, body) VALUES (?, ?, ?, ?, ?)");
    this.deleteStmt = db.prepare("DELETE FROM logs_documents WHERE kind = ? AND account = ? AND region = ? AND name = ?");
    this.listStmt = db.prepare("SELECT name, body FROM logs_documents WHERE kind = ? AND account = ? AND region = ? AND name > ? ORDER BY name LIMIT ?");
    this.countStmt = db.prepare("SELECT count(*) AS n FROM logs_documents WHERE kind = ? AND account = ? AND region = ?");
  }

  // The storage boundary: each kind is written only by its own module, from the T it reads back (deliveries.ts,
  // destinations.ts, resource-policies.ts, query-definitions.ts), so a body parses to that T.
  get<T>(kind: DocumentKind, s: Scope, name: string): T | undefined {
    const row = this.getStmt.get(kind, s.account, s.region, name);
    return row === undefined ? undefined : (JSON.parse(row.body) as T);
  }

  put(kind: DocumentKind, s: Scope, name: string, body: unknown): void {
    this.putStmt.run(kind, s.account, s.region, name, JSON.stringify(body));
  }

  delete(kind: DocumentKind, s: Scope, name: string): boolean {
    return this.deleteStmt.run(kind, s.account, s.region, name).changes > 0;
  }

  /** Documents in name order after `after`, at most `limit` of them. */
  list<T>(kind: DocumentKind, s: Scope, after: string, limit: number): { name: string; body: T }[] {
    return this.listStmt.all(kind, s.account, s.region, after, limit).map((r) => ({ name: r.name, body: JSON.parse(r.body) as T }));
  }

  count(kind: DocumentKind, s: Scope): number {
    return this.countStmt.get(kind, s.account, s.region)?.n ?? 0;
  }
}
