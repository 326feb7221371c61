/**
 * The tables CloudWatch owns, every row scoped by account and region. Data points keep a statistic
 * set each (count, sum, min, max), so raw values and PutMetricData's StatisticValues share one form.
 */
export const CLOUDWATCH_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS cw_metrics (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    dimensions TEXT NOT NULL,
    last_ts INTEGER NOT NULL,
    UNIQUE (account, region, namespace, name, dimensions)
  )`,
  // min = max marks a row of equal values: percentiles are exact over such rows.
  `CREATE TABLE IF NOT EXISTS cw_datapoints (
    metric_id INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    count REAL NOT NULL,
    sum REAL NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    unit TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS cw_datapoints_by_metric ON cw_datapoints (metric_id, ts)`,
  // The alarm's definition as the API gives it back (JSON), beside the state the evaluator moves.
  `CREATE TABLE IF NOT EXISTS cw_alarms (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    state TEXT NOT NULL,
    state_reason TEXT NOT NULL,
    state_reason_data TEXT,
    state_updated INTEGER NOT NULL,
    state_transitioned INTEGER NOT NULL,
    config_updated INTEGER NOT NULL,
    PRIMARY KEY (account, region, name)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS cw_alarm_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    alarm_name TEXT NOT NULL,
    ts INTEGER NOT NULL,
    type TEXT NOT NULL,
    summary TEXT NOT NULL,
    data TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS cw_tags (
    arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (arn, key)
  ) WITHOUT ROWID`,
];

export const CLOUDWATCH_TABLES = ["cw_tags", "cw_alarm_history", "cw_alarms", "cw_datapoints", "cw_metrics"] as const;
