/**
 * The tables EC2 owns. Resources are few and read whole, so each is one JSON document keyed by
 * account, Region and id; `seq` keeps creation order, which every Describe call answers in.
 */
export const EC2_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ec2_resources (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (account, region, id)
  )`,
  `CREATE INDEX IF NOT EXISTS ec2_resources_by_kind ON ec2_resources (account, region, kind, seq)`,
  // An account and Region whose default VPC has been made: deleting that VPC must not bring it back.
  `CREATE TABLE IF NOT EXISTS ec2_scopes (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    PRIMARY KEY (account, region)
  ) WITHOUT ROWID`,
];

export const EC2_TABLES = ["ec2_resources", "ec2_scopes"] as const;
