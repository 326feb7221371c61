/**
 * GetAccessKeyInfo: the account an access key id belongs to, for keys this cloud issued and keys in
 * AWS's own format (whose id encodes the account). The model's 16-character minimum keeps out `test` and 12-digit keys.
 */
import type Database from "better-sqlite3";
import type { RequestContext } from "../service.js";
import type { GetAccessKeyInfoRequest, GetAccessKeyInfoResponse } from "../validation/sts-types.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const AWS_KEY = /^(?:AKIA|ASIA)[A-Z2-7]{16}$/;

/**
 * The account an AWS-issued key id encodes: base32 after the 4-character prefix; of its first 48 bits,
 * bits 7..46 are the account number (a publicly described property of AWS's key ids, which
 * GetAccessKeyInfo answers from without a lookup).
 */
export function accountOfAwsKeyId(id: string): string {
  let bits = 0n;
  for (const c of id.slice(4, 14)) bits = (bits << 5n) | BigInt(BASE32.indexOf(c));
  const first48 = bits >> 2n;
  return ((first48 & 0x7fffffffff80n) >> 7n).toString().padStart(12, "0");
}

export function accessKeyInfoOperations(db: Database.Database) {
  const issued = db.prepare(
    `SELECT account FROM iam_access_keys WHERE access_key_id = @id
     UNION ALL SELECT account FROM sts_sessions WHERE access_key_id = @id
     UNION ALL SELECT account FROM sts_user_tokens WHERE access_key_id = @id LIMIT 1`,
  );

  /** GetAccessKeyInfo. Any caller may ask about any key (its row authorizes on `*`). */
  function getAccessKeyInfo(input: GetAccessKeyInfoRequest, ctx: RequestContext): GetAccessKeyInfoResponse {
    const id = input.AccessKeyId;
    // The statement's one column, as the SQL above selects it.
    const local = issued.get({ id }) as { account: string } | undefined;
    if (local !== undefined) return { Account: local.account };
    if (AWS_KEY.test(id)) return { Account: accountOfAwsKeyId(id) };
    // (chosen) a key of no known shape: relaxed mode takes unknown keys for the caller's default account.
    return { Account: ctx.account };
  }

  return { getAccessKeyInfo };
}
