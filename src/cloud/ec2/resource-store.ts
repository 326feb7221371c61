/** Reads and writes of ec2_resources: one JSON body per resource, scoped by account and Region. */
import type Database from "better-sqlite3";
import type { Kind, RecordsByKind } from "./records.js";

export interface Scope {
  account: string;
  region: string;
}

/**
 * A stored body as its kind's record. Sound because only `insert` and `update` write bodies, each from a
 * record of the kind stored beside it: the one place a row's type is taken on trust.
 */
function recordOf<K extends Kind>(body: string): RecordsByKind[K] {
  return JSON.parse(body) as RecordsByKind[K];
}

export class ResourceStore {
  private readonly getStmt: Database.Statement<[string, string, string, string], { body: string }>;
  private readonly kindStmt: Database.Statement<[string, string, string], { kind: Kind }>;
  private readonly listStmt: Database.Statement<[string, string, string], { body: string }>;
  private readonly allStmt: Database.Statement<[string], { account: string; region: string; body: string }>;
  private readonly insertStmt: Database.Statement<[string, string, string, string, string]>;
  private readonly updateStmt: Database.Statement<[string, string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string, string, string]>;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare("SELECT body FROM ec2_resources WHERE account = ? AND region = ? AND kind = ? AND id = ?");
    // The kind column is only written by `insert`, from a Kind.
    this.kindStmt = db.prepare("SELECT kind FROM ec2_resources WHERE account = ? AND region = ? AND id = ?");
    this.listStmt = db.prepare("SELECT body FROM ec2_resources WHERE account = ? AND region = ? AND kind = ? ORDER BY seq");
    this.allStmt = db.prepare("SELECT account, region, body FROM ec2_resources WHERE kind = ? ORDER BY seq");
    this.insertStmt = db.prepare("INSERT INTO ec2_resources (account, region, kind, id, body) VALUES (?, ?, ?, ?, ?)");
    this.updateStmt = db.prepare("UPDATE ec2_resources SET body = ? WHERE account = ? AND region = ? AND id = ?");
    this.deleteStmt = db.prepare("DELETE FROM ec2_resources WHERE account = ? AND region = ? AND id = ?");
  }

  get<K extends Kind>(scope: Scope, kind: K, id: string): RecordsByKind[K] | undefined {
    const row = this.getStmt.get(scope.account, scope.region, kind, id);
    return row === undefined ? undefined : recordOf<K>(row.body);
  }

  kindOf(scope: Scope, id: string): Kind | undefined {
    return this.kindStmt.get(scope.account, scope.region, id)?.kind;
  }

  /** Every resource of a kind in the scope, oldest first. */
  list<K extends Kind>(scope: Scope, kind: K): RecordsByKind[K][] {
    return this.listStmt.all(scope.account, scope.region, kind).map((r) => recordOf<K>(r.body));
  }

  /** Every resource of a kind in every account and Region: for lookups that cross scopes (public addresses). */
  all<K extends Kind>(kind: K): Array<Scope & { record: RecordsByKind[K] }> {
    return this.allStmt.all(kind).map((r) => ({ account: r.account, region: r.region, record: recordOf<K>(r.body) }));
  }

  insert<K extends Kind>(scope: Scope, kind: K, record: RecordsByKind[K]): void {
    this.insertStmt.run(scope.account, scope.region, kind, record.id, JSON.stringify(record));
  }

  update<K extends Kind>(scope: Scope, _kind: K, record: RecordsByKind[K]): void {
    this.updateStmt.run(JSON.stringify(record), scope.account, scope.region, record.id);
  }

  delete(scope: Scope, id: string): void {
    this.deleteStmt.run(scope.account, scope.region, id);
  }
}
