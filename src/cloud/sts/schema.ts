/**
 * The table STS owns: role sessions, kept after they expire so that their keys keep answering
 * ExpiredToken rather than becoming unknown keys (which relaxed mode would take for a root).
 */
export const STS_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS sts_sessions (
    access_key_id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    role_name TEXT NOT NULL,
    role_id TEXT NOT NULL,
    session_name TEXT NOT NULL,
    arn TEXT NOT NULL,
    secret TEXT NOT NULL,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    policy TEXT,
    policy_arns TEXT,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID`,
  // GetSessionToken (kind 'session': acts as the calling user or root) and GetFederationToken (kind
  // 'federation': a federated user whose permissions are the issuing user's narrowed by its session policy).
  `CREATE TABLE IF NOT EXISTS sts_user_tokens (
    access_key_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    account TEXT NOT NULL,
    arn TEXT NOT NULL,
    is_root INTEGER NOT NULL,
    user_name TEXT NOT NULL,
    secret TEXT NOT NULL,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    policy TEXT,
    policy_arns TEXT,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID`,
  // GetSessionToken credentials issued with an MFA code: when the code was checked (aws:MultiFactorAuthAge).
  `CREATE TABLE IF NOT EXISTS sts_mfa_tokens (
    access_key_id TEXT PRIMARY KEY,
    authenticated_at INTEGER NOT NULL
  ) WITHOUT ROWID`,
];

export const STS_TABLES = ["sts_sessions", "sts_user_tokens", "sts_mfa_tokens"] as const;
