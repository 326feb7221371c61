/**
 * Temporary credentials of IAM users and roots (GetSessionToken) and of federated users
 * (GetFederationToken): issued, persisted, registered with the server, looked up.
 */
import type Database from "better-sqlite3";
import { accessKeyId, secretAccessKey, type SessionInfo } from "../iam/index.js";
import type { CredentialRegistry } from "../service.js";
import { sessionToken } from "./sessions.js";

export interface UserTokenRow {
  access_key_id: string;
  kind: "session" | "federation";
  account: string;
  /** The caller's ARN for a session token; `arn:PARTITION:sts::ACCOUNT:federated-user/NAME` for a federation token. */
  arn: string;
  is_root: number;
  /** The user who asked for the credentials; '' for the root. */
  user_name: string;
  secret: string;
  token: string;
  expires_at: number;
  policy: string | null;
  policy_arns: string | null;
  created_at: number;
}

export type NewUserToken = Omit<UserTokenRow, "access_key_id" | "secret" | "token">;

export class UserTokens {
  constructor(
    private readonly db: Database.Database,
    private readonly credentials: CredentialRegistry | undefined,
  ) {}

  /** `mfaAt`: when GetSessionToken checked the caller's MFA code (epoch ms). */
  issue(t: NewUserToken, mfaAt?: number): UserTokenRow {
    const row: UserTokenRow = { ...t, access_key_id: accessKeyId("ASIA"), secret: secretAccessKey(), token: sessionToken() };
    this.db
      .prepare(
        `INSERT INTO sts_user_tokens (access_key_id, kind, account, arn, is_root, user_name, secret, token, expires_at, policy, policy_arns, created_at)
         VALUES (@access_key_id, @kind, @account, @arn, @is_root, @user_name, @secret, @token, @expires_at, @policy, @policy_arns, @created_at)`,
      )
      .run(row);
    if (mfaAt !== undefined) this.db.prepare("INSERT INTO sts_mfa_tokens (access_key_id, authenticated_at) VALUES (?, ?)").run(row.access_key_id, mfaAt);
    this.register(row);
    return row;
  }

  get(id: string): UserTokenRow | undefined {
    return this.db.prepare("SELECT * FROM sts_user_tokens WHERE access_key_id = ?").get(id) as UserTokenRow | undefined;
  }

  /** A federated user's session for the identity directory: the issuing user and the session policies. */
  info(id: string): SessionInfo | undefined {
    const row = this.get(id);
    if (row === undefined || row.kind !== "federation") return undefined;
    const info: SessionInfo = {
      account: row.account,
      roleName: "",
      sessionName: row.arn.slice(row.arn.indexOf("federated-user/") + 15),
      federatedBy: row.user_name,
    };
    if (row.policy !== null) info.policy = row.policy;
    if (row.policy_arns !== null) info.policyArns = JSON.parse(row.policy_arns) as string[];
    return info;
  }

  /** After a restart: every token again, expired ones included, so they are refused as expired. */
  registerAll(): void {
    for (const row of this.db.prepare("SELECT * FROM sts_user_tokens").all() as UserTokenRow[]) this.register(row);
  }

  keyIds(): string[] {
    return (this.db.prepare("SELECT access_key_id FROM sts_user_tokens").all() as { access_key_id: string }[]).map((r) => r.access_key_id);
  }

  private register(row: UserTokenRow): void {
    const mfa = this.db.prepare("SELECT authenticated_at FROM sts_mfa_tokens WHERE access_key_id = ?").get(row.access_key_id) as
      | { authenticated_at: number }
      | undefined;
    this.credentials?.registerKey(row.access_key_id, {
      mfaAuthenticatedAt: row.kind === "session" ? (mfa?.authenticated_at ?? null) : undefined,
      secretAccessKey: row.secret,
      account: row.account,
      arn: row.arn,
      // A root's session token acts as the root; a federated user never does, even one the root made.
      isRoot: row.kind === "session" && row.is_root === 1,
      sessionToken: row.token,
      expiresAt: row.expires_at,
      // IAM takes a session token's credentials only when MFA was part of the request for them (IAM UG, temporary credentials).
      refusedByIam: !(row.kind === "session" && mfa !== undefined),
    });
  }
}
