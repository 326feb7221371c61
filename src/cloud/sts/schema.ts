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
];

export const STS_TABLES = ["sts_sessions"] as const;
