/**
 * GetAccessKeyLastUsed: when an access key last authenticated a request, for which service and
 * region. The authenticator keeps uses in memory and hands each key's use here at most once a minute.
 */
import type { CredentialRegistry, KeyUse, RequestContext } from "../service.js";
import type { AccessKeyLastUsed, GetAccessKeyLastUsedRequest, GetAccessKeyLastUsedResponse } from "../validation/iam-types.js";
import { accessKeyNotFound } from "./errors.js";
import type { AccessKeyRow, IamState } from "./state.js";

export const ACCESS_KEY_LAST_USED_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_access_key_last_used (
  access_key_id TEXT PRIMARY KEY,
  used_at INTEGER NOT NULL,
  service TEXT NOT NULL,
  region TEXT NOT NULL
) WITHOUT ROWID`;

export function accessKeyLastUsedOperations(state: IamState, credentials: CredentialRegistry | undefined) {
  const db = state.db;
  const save = db.prepare(
    `INSERT INTO iam_access_key_last_used (access_key_id, used_at, service, region) VALUES (?, ?, ?, ?)
     ON CONFLICT (access_key_id) DO UPDATE SET used_at = excluded.used_at, service = excluded.service, region = excluded.region`,
  );
  credentials?.onKeyUsed?.((id, use) => save.run(id, use.when, use.service, use.region));

  /** The latest use: the authenticator's memory first (newer), then what was persisted before a restart. */
  const lastUse = (id: string): KeyUse | undefined => {
    const live = credentials?.lastUsed?.(id);
    if (live !== undefined) return live;
    const row = db
      .prepare<[string], { used_at: number; service: string; region: string }>(
        "SELECT used_at, service, region FROM iam_access_key_last_used WHERE access_key_id = ?",
      )
      .get(id);
    return row === undefined ? undefined : { when: row.used_at, service: row.service, region: row.region };
  };

  /** GetAccessKeyLastUsed. A key never used answers ServiceName and Region "N/A" without a date, as AWS does. */
  function getAccessKeyLastUsed(input: GetAccessKeyLastUsedRequest, ctx: RequestContext): GetAccessKeyLastUsedResponse {
    const key = db
      .prepare<[string, string], AccessKeyRow>("SELECT * FROM iam_access_keys WHERE access_key_id = ? AND account = ?")
      .get(input.AccessKeyId, ctx.account);
    // (chosen) a key of no user of this account: NoSuchEntity, in IAM's words for access keys.
    if (key === undefined) throw accessKeyNotFound(input.AccessKeyId);
    const use = lastUse(key.access_key_id);
    const AccessKeyLastUsed: AccessKeyLastUsed =
      use === undefined ? { ServiceName: "N/A", Region: "N/A" } : { LastUsedDate: new Date(use.when), ServiceName: use.service, Region: use.region };
    return { ...(key.user_name === "" ? {} : { UserName: key.user_name }), AccessKeyLastUsed };
  }

  return { getAccessKeyLastUsed };
}
