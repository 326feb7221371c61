/**
 * The tables IAM owns. IAM is global: every row is scoped by account, never by region. Names are
 * unique without regard to case, as IAM's are (a role `Admin` forbids a role `admin`), hence NOCASE.
 */
export const IAM_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS iam_policies (
    arn TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    path TEXT NOT NULL,
    id TEXT NOT NULL,
    description TEXT,
    default_version TEXT NOT NULL,
    next_version INTEGER NOT NULL,
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL,
    UNIQUE (account, name)
  )`,
  `CREATE TABLE IF NOT EXISTS iam_policy_versions (
    policy_arn TEXT NOT NULL REFERENCES iam_policies(arn) ON DELETE CASCADE,
    version_id TEXT NOT NULL,
    document TEXT NOT NULL,
    create_date INTEGER NOT NULL,
    PRIMARY KEY (policy_arn, version_id)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_roles (
    account TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL,
    path TEXT NOT NULL,
    arn TEXT NOT NULL,
    trust_policy TEXT NOT NULL,
    description TEXT,
    max_session_duration INTEGER NOT NULL,
    create_date INTEGER NOT NULL,
    last_used_date INTEGER,
    last_used_region TEXT,
    PRIMARY KEY (account, name)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_users (
    account TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL,
    path TEXT NOT NULL,
    arn TEXT NOT NULL,
    create_date INTEGER NOT NULL,
    PRIMARY KEY (account, name)
  ) WITHOUT ROWID`,
  // Role and user tags: keys compare without case, as IAM's do for these entities, case preserved.
  `CREATE TABLE IF NOT EXISTS iam_groups (
    account TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL,
    path TEXT NOT NULL,
    arn TEXT NOT NULL,
    create_date INTEGER NOT NULL,
    PRIMARY KEY (account, name)
  ) WITHOUT ROWID`,
  // Group membership; seq keeps GetGroup's and ListGroupsForUser's order the order users were added.
  `CREATE TABLE IF NOT EXISTS iam_group_members (
    account TEXT NOT NULL,
    group_name TEXT NOT NULL COLLATE NOCASE,
    user_name TEXT NOT NULL COLLATE NOCASE,
    seq INTEGER NOT NULL,
    PRIMARY KEY (account, group_name, user_name)
  ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS iam_group_members_by_user ON iam_group_members (account, user_name)`,
  `CREATE TABLE IF NOT EXISTS iam_tags (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL COLLATE NOCASE,
    key TEXT NOT NULL COLLATE NOCASE,
    value TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (account, kind, owner, key)
  ) WITHOUT ROWID`,
  // user_name '' is the account's root: CreateAccessKey called by the root without UserName.
  `CREATE TABLE IF NOT EXISTS iam_access_keys (
    access_key_id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    user_name TEXT NOT NULL COLLATE NOCASE,
    secret TEXT NOT NULL,
    status TEXT NOT NULL,
    create_date INTEGER NOT NULL
  ) WITHOUT ROWID`,
  // Deleted keys stay refused after a restart: relaxed mode would otherwise take them for a root.
  `CREATE TABLE IF NOT EXISTS iam_deleted_access_keys (
    access_key_id TEXT PRIMARY KEY
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_attachments (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL COLLATE NOCASE,
    policy_arn TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (account, kind, owner, policy_arn)
  ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS iam_attachments_by_policy ON iam_attachments (policy_arn)`,
  `CREATE TABLE IF NOT EXISTS iam_inline_policies (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    document TEXT NOT NULL,
    PRIMARY KEY (account, kind, owner, name)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_instance_profiles (
    account TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL,
    path TEXT NOT NULL,
    arn TEXT NOT NULL,
    create_date INTEGER NOT NULL,
    PRIMARY KEY (account, name)
  ) WITHOUT ROWID`,
  // One row per profile at most: AWS allows a single role in an instance profile.
  `CREATE TABLE IF NOT EXISTS iam_instance_profile_roles (
    account TEXT NOT NULL,
    profile TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (account, profile)
  ) WITHOUT ROWID`,
];

export const IAM_TABLES = [
  "iam_policy_versions",
  "iam_policies",
  "iam_roles",
  "iam_users",
  "iam_groups",
  "iam_group_members",
  "iam_tags",
  "iam_access_keys",
  "iam_deleted_access_keys",
  "iam_attachments",
  "iam_inline_policies",
  "iam_instance_profiles",
  "iam_instance_profile_roles",
] as const;

/** Roles, users and groups own attachments and inline policies alike. */
export type OwnerKind = "role" | "user" | "group";

/** Tags belong to roles, users, instance profiles (keyed by name), customer managed policies, OIDC and SAML providers (keyed by ARN). */
export type TagOwnerKind = "role" | "user" | "policy" | "instance-profile" | "oidc-provider" | "saml-provider";
