/** Role sessions: issued (ASIA… keys, secret, session token), persisted, registered with the server, looked up. */
import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import { accessKeyId, secretAccessKey, type SessionInfo } from "../iam/index.js";
import type { CredentialRegistry } from "../service.js";

export interface SessionRow {
  access_key_id: string;
  account: string;
  role_name: string;
  role_id: string;
  session_name: string;
  arn: string;
  secret: string;
  token: string;
  expires_at: number;
  policy: string | null;
  policy_arns: string | null;
  created_at: number;
}

export interface NewSession {
  account: string;
  /** That of the Region AssumeRole was signed for (partitions.ts). */
  partition: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  expiresAt: number;
  createdAt: number;
  policy?: string;
  policyArns?: readonly string[];
}

/** The STS assumed-role ARN drops the role's path (IAM UG, IAM identifiers). */
export const sessionArn = (account: string, roleName: string, sessionName: string, partition: string) =>
  `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;

/** Opaque to clients; shaped like AWS's (base64, a few hundred characters) so header limits are exercised alike. */
export const sessionToken = () => `IQoJb3JpZ2luX2Vj${randomBytes(270).toString("base64")}`;

export class Sessions {
  constructor(
    private readonly db: Database.Database,
    private readonly credentials: CredentialRegistry | undefined,
  ) {}

  issue(s: NewSession): SessionRow {
    const row: SessionRow = {
      access_key_id: accessKeyId("ASIA"),
      account: s.account,
      role_name: s.roleName,
      role_id: s.roleId,
      session_name: s.sessionName,
      arn: sessionArn(s.account, s.roleName, s.sessionName, s.partition),
      secret: secretAccessKey(),
      token: sessionToken(),
      expires_at: s.expiresAt,
      policy: s.policy ?? null,
      policy_arns: s.policyArns === undefined || s.policyArns.length === 0 ? null : JSON.stringify(s.policyArns),
      created_at: s.createdAt,
    };
    this.db
      .prepare(
        `INSERT INTO sts_sessions (access_key_id, account, role_name, role_id, session_name, arn, secret, token, expires_at, policy, policy_arns, created_at)
         VALUES (@access_key_id, @account, @role_name, @role_id, @session_name, @arn, @secret, @token, @expires_at, @policy, @policy_arns, @created_at)`,
      )
      .run(row);
    this.register(row);
    return row;
  }

  get(accessKeyIdValue: string): SessionRow | undefined {
    return this.db.prepare("SELECT * FROM sts_sessions WHERE access_key_id = ?").get(accessKeyIdValue) as SessionRow | undefined;
  }

  /** What the identity directory needs to apply a session's session policies. */
  info(accessKeyIdValue: string): SessionInfo | undefined {
    const row = this.get(accessKeyIdValue);
    if (row === undefined) return undefined;
    const info: SessionInfo = { account: row.account, roleName: row.role_name, sessionName: row.session_name };
    if (row.policy !== null) info.policy = row.policy;
    if (row.policy_arns !== null) info.policyArns = JSON.parse(row.policy_arns) as string[];
    return info;
  }

  /** After a restart: every session again, expired ones included, so they are refused as expired. */
  registerAll(): void {
    for (const row of this.db.prepare("SELECT * FROM sts_sessions").all() as SessionRow[]) this.register(row);
  }

  keyIds(): string[] {
    return (this.db.prepare("SELECT access_key_id FROM sts_sessions").all() as { access_key_id: string }[]).map((r) => r.access_key_id);
  }

  private register(row: SessionRow): void {
    this.credentials?.registerKey(row.access_key_id, {
      secretAccessKey: row.secret,
      account: row.account,
      arn: row.arn,
      isRoot: false,
      sessionToken: row.token,
      expiresAt: row.expires_at,
    });
  }
}
