/**
 * IamState: IAM's rows read and written for the operations, and the generation counter that tells the
 * identity directory its cached policy lists are stale. One per service instance, never module state.
 */
import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import { PolicyCache } from "../../policy/index.js";
import type { CredentialRegistry } from "../service.js";
import type { Tag } from "../validation/iam-types.js";
import { AWS_MANAGED_ACCOUNT, parsePolicyArn } from "./arn.js";
import { type ManagedPolicy, managedPolicy } from "./managed-policies.js";
import type { OwnerKind, TagOwnerKind } from "./schema.js";

export interface RoleRow {
  account: string;
  name: string;
  id: string;
  path: string;
  arn: string;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  create_date: number;
  last_used_date: number | null;
  last_used_region: string | null;
}

/** The row every named IAM entity with a path has: users, groups and instance profiles hold nothing more. */
export interface EntityRow {
  account: string;
  name: string;
  id: string;
  path: string;
  arn: string;
  create_date: number;
}

export type UserRow = EntityRow;
export type GroupRow = EntityRow;

export interface PolicyRow {
  arn: string;
  account: string;
  name: string;
  path: string;
  id: string;
  description: string | null;
  default_version: string;
  next_version: number;
  create_date: number;
  update_date: number;
}

export interface AccessKeyRow {
  access_key_id: string;
  account: string;
  user_name: string;
  secret: string;
  status: "Active" | "Inactive";
  create_date: number;
}

/** IAM's Tag structure, as every taggable entity's rows give it back. */
export type { Tag };

/** A managed policy as the operations see it: a customer's row or an AWS managed one. */
export type AnyPolicy = { kind: "local"; row: PolicyRow } | { kind: "aws"; policy: ManagedPolicy };

export class IamState {
  /** Bumped by every write that can change a principal's permissions. */
  generation = 0;
  readonly cache = new PolicyCache();

  constructor(
    readonly db: Database.Database,
    readonly clock: Clock,
    readonly credentials: CredentialRegistry | undefined,
  ) {}

  changed(): void {
    this.generation++;
  }

  role(account: string, name: string): RoleRow | undefined {
    return this.db.prepare<[string, string], RoleRow>("SELECT * FROM iam_roles WHERE account = ? AND name = ?").get(account, name);
  }

  user(account: string, name: string): UserRow | undefined {
    return this.db.prepare<[string, string], UserRow>("SELECT * FROM iam_users WHERE account = ? AND name = ?").get(account, name);
  }

  group(account: string, name: string): GroupRow | undefined {
    return this.db.prepare<[string, string], GroupRow>("SELECT * FROM iam_groups WHERE account = ? AND name = ?").get(account, name);
  }

  /** The groups a user belongs to, in the order it joined them. */
  groupsOf(account: string, user: string): GroupRow[] {
    return this.db
      .prepare<[string, string], GroupRow>(
        "SELECT g.* FROM iam_group_members m JOIN iam_groups g ON g.account = m.account AND g.name = m.group_name WHERE m.account = ? AND m.user_name = ? ORDER BY m.seq",
      )
      .all(account, user);
  }

  /** Whether a role or user with exactly this ARN exists: IAM refuses trust policies naming anything else. */
  principalExists(arn: string): boolean {
    return this.db.prepare("SELECT 1 FROM iam_roles WHERE arn = ? UNION ALL SELECT 1 FROM iam_users WHERE arn = ?").get(arn, arn) !== undefined;
  }

  localPolicy(arn: string): PolicyRow | undefined {
    return this.db.prepare<[string], PolicyRow>("SELECT * FROM iam_policies WHERE arn = ?").get(arn);
  }

  /** The policy an ARN names, visible from `account`: its own policies and AWS's. */
  policy(account: string, arn: string): AnyPolicy | undefined {
    const ref = parsePolicyArn(arn);
    if (ref === undefined) return undefined;
    if (ref.account === AWS_MANAGED_ACCOUNT) {
      // AWS managed policies exist in every partition under the same name (`arn:aws-cn:iam::aws:policy/...`).
      const policy = managedPolicy(arn.replace(/^arn:[^:]+:/, "arn:aws:"));
      return policy === undefined ? undefined : { kind: "aws", policy: { ...policy, arn } };
    }
    if (ref.account !== account) return undefined;
    const row = this.localPolicy(arn);
    return row === undefined ? undefined : { kind: "local", row };
  }

  /** The default version's document of a managed policy. */
  defaultDocument(p: AnyPolicy): { version: string; text: string } {
    if (p.kind === "aws") return { version: p.policy.defaultVersion, text: p.policy.document };
    const v = this.db
      .prepare<[string, string], { document: string }>("SELECT document FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?")
      .get(p.row.arn, p.row.default_version);
    // A policy row always has its default version: both are written in one transaction, and that version cannot be deleted.
    if (v === undefined) throw new Error(`policy ${p.row.arn} lacks its default version ${p.row.default_version}`);
    return { version: p.row.default_version, text: v.document };
  }

  attachmentCount(account: string, arn: string): number {
    return (
      this.db.prepare<[string, string], { n: number }>("SELECT count(*) AS n FROM iam_attachments WHERE account = ? AND policy_arn = ?").get(account, arn)?.n ??
      0
    );
  }

  attached(account: string, kind: OwnerKind, owner: string): string[] {
    return this.db
      .prepare<[string, OwnerKind, string], { policy_arn: string }>(
        "SELECT policy_arn FROM iam_attachments WHERE account = ? AND kind = ? AND owner = ? ORDER BY seq",
      )
      .all(account, kind, owner)
      .map((r) => r.policy_arn);
  }

  inline(account: string, kind: OwnerKind, owner: string): { name: string; document: string }[] {
    return this.db
      .prepare<[string, OwnerKind, string], { name: string; document: string }>(
        "SELECT name, document FROM iam_inline_policies WHERE account = ? AND kind = ? AND owner = ? ORDER BY name",
      )
      .all(account, kind, owner);
  }

  tags(account: string, kind: TagOwnerKind, owner: string): Tag[] {
    return this.db
      .prepare<[string, TagOwnerKind, string], { key: string; value: string }>(
        "SELECT key, value FROM iam_tags WHERE account = ? AND kind = ? AND owner = ? ORDER BY seq",
      )
      .all(account, kind, owner)
      .map((t) => ({ Key: t.key, Value: t.value }));
  }

  /** Adds or replaces tags; a key differing only in case replaces the old one, as IAM's keys ignore case. */
  putTags(account: string, kind: TagOwnerKind, owner: string, tags: readonly Tag[]): void {
    const next = this.db.prepare<[string, TagOwnerKind, string], { n: number }>(
      "SELECT coalesce(max(seq), 0) + 1 AS n FROM iam_tags WHERE account = ? AND kind = ? AND owner = ?",
    );
    const put = this.db.prepare(
      `INSERT INTO iam_tags (account, kind, owner, key, value, seq) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, kind, owner, key) DO UPDATE SET key = excluded.key, value = excluded.value`,
    );
    for (const t of tags) put.run(account, kind, owner, t.Key, t.Value, next.get(account, kind, owner)?.n ?? 1);
  }

  dropOwner(account: string, kind: TagOwnerKind, owner: string): void {
    this.db.prepare("DELETE FROM iam_tags WHERE account = ? AND kind = ? AND owner = ?").run(account, kind, owner);
  }
}
