/**
 * The tables CloudWatch Logs owns. Events are stored one chunk row per accepted PutLogEvents batch
 * of a stream (see chunk.ts), not one row per event: ingest is then one insert per request.
 */
export const LOGS_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS logs_groups (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    retention_days INTEGER,
    kms_key_id TEXT,
    log_group_class TEXT NOT NULL DEFAULT 'STANDARD',
    deletion_protection INTEGER NOT NULL DEFAULT 0,
    stored_bytes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account, region, name)
  )`,
  `CREATE TABLE IF NOT EXISTS logs_streams (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES logs_groups(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    first_event INTEGER,
    last_event INTEGER,
    last_ingestion INTEGER,
    stored_bytes INTEGER NOT NULL DEFAULT 0,
    sequence INTEGER NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
  )`,
  `CREATE TABLE IF NOT EXISTS logs_tags (
    arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (arn, key)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS logs_subscription_filters (
    group_id INTEGER NOT NULL REFERENCES logs_groups(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (group_id, name)
  )`,
  // The small control-plane objects (resource policies, destinations, delivery sources,
  // destinations and deliveries): few per account, read whole, so one JSON document each.
  `CREATE TABLE IF NOT EXISTS logs_documents (
    kind TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, account, region, name)
  ) WITHOUT ROWID`,
  // Export tasks: the task as DescribeExportTasks answers it in body, its status beside it for the one-active check.
  `CREATE TABLE IF NOT EXISTS logs_export_tasks (
    task_id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL
  ) WITHOUT ROWID`,
];

export const LOGS_TABLES = ["logs_subscription_filters", "logs_streams", "logs_groups", "logs_tags", "logs_documents", "logs_export_tasks"] as const;
