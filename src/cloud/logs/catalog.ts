/** Log groups and log streams as rows: lookups scoped by account and region, shared by every operation file. */
import type Database from "better-sqlite3";
import type { RequestContext } from "../service.js";
import type { LogGroupClass } from "../validation/logs-types.js";
import { groupNameFromIdentifier } from "./arn.js";
import { logGroupNotFound, logStreamNotFound, nameAndIdentifier, neitherNameNorIdentifier } from "./errors.js";

export interface GroupRow {
  id: number;
  account: string;
  region: string;
  name: string;
  creation_time: number;
  retention_days: number | null;
  kms_key_id: string | null;
  /** Only CreateLogGroup writes it, from the validated enum (or its default). */
  log_group_class: LogGroupClass;
  deletion_protection: number;
  stored_bytes: number;
}

export interface StreamRow {
  id: number;
  group_id: number;
  name: string;
  creation_time: number;
  first_event: number | null;
  last_event: number | null;
  last_ingestion: number | null;
  stored_bytes: number;
  sequence: number;
}

type Scope = Pick<RequestContext, "account" | "region">;

export class Catalog {
  private readonly groupByName: Database.Statement<[string, string, string], GroupRow>;
  private readonly streamByName: Database.Statement<[number, string], StreamRow>;

  constructor(readonly db: Database.Database) {
    this.groupByName = db.prepare("SELECT * FROM logs_groups WHERE account = ? AND region = ? AND name = ?");
    this.streamByName = db.prepare("SELECT * FROM logs_streams WHERE group_id = ? AND name = ?");
  }

  findGroup(s: Scope, name: string): GroupRow | undefined {
    return this.groupByName.get(s.account, s.region, name);
  }

  group(s: Scope, name: string): GroupRow {
    const row = this.findGroup(s, name);
    if (row === undefined) throw logGroupNotFound();
    return row;
  }

  /** The group named by `logGroupName` or `logGroupIdentifier` (exactly one of them), as AWS resolves it. */
  groupByNameOrIdentifier(s: Scope, input: { logGroupName?: string; logGroupIdentifier?: string }): GroupRow {
    if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) throw nameAndIdentifier();
    if (input.logGroupName !== undefined) return this.group(s, input.logGroupName);
    if (input.logGroupIdentifier === undefined) throw neitherNameNorIdentifier();
    const name = groupNameFromIdentifier(s, input.logGroupIdentifier);
    if (name === undefined) throw logGroupNotFound();
    return this.group(s, name);
  }

  findStream(group: GroupRow, name: string): StreamRow | undefined {
    return this.streamByName.get(group.id, name);
  }

  stream(group: GroupRow, name: string): StreamRow {
    const row = this.findStream(group, name);
    if (row === undefined) throw logStreamNotFound();
    return row;
  }
}

/** The earliest timestamp still visible under the group's retention, by the clock (0 when kept forever). */
export function retentionCutoff(group: GroupRow, now: number): number {
  return group.retention_days === null ? 0 : now - group.retention_days * 86_400_000;
}
