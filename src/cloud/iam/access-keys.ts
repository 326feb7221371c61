/**
 * Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. Active keys are
 * registered with the server's credential registry, so their signatures are checked from then on.
 */
import type { RequestContext } from "../service.js";
import type {
  AccessKey,
  CreateAccessKeyRequest,
  CreateAccessKeyResponse,
  DeleteAccessKeyRequest,
  ListAccessKeysRequest,
  ListAccessKeysResponse,
  UpdateAccessKeyRequest,
} from "../validation/iam-types.js";
import { rootArn } from "../accounts.js";
import { accessKeyNotFound, quota } from "./errors.js";
import { accessKeyId, secretAccessKey } from "./ids.js";
import { paginate } from "./pagination.js";
import type { AccessKeyRow, IamState } from "./state.js";
import { subjectUser } from "./users.js";

/** IAM UG quotas: "Access keys assigned to an IAM user: 2". */
const MAX_KEYS = 2;

/** Tells the authenticator about an active key: under the user's ARN, or the account root's. */
export function registerAccessKey(state: IamState, row: AccessKeyRow): void {
  if (state.credentials === undefined) return;
  const user = row.user_name === "" ? undefined : state.user(row.account, row.user_name);
  state.credentials.registerKey(row.access_key_id, {
    secretAccessKey: row.secret,
    account: row.account,
    // A root key has no partition of its own: authentication gives it the root ARN of the Region it signs for.
    arn: user?.arn ?? rootArn(row.account, "us-east-1"),
    isRoot: user === undefined,
  });
}

export function accessKeyOperations(state: IamState) {
  const db = state.db;
  const keysOf = (account: string, userName: string) =>
    db
      .prepare<[string, string], AccessKeyRow>("SELECT * FROM iam_access_keys WHERE account = ? AND user_name = ? ORDER BY create_date, access_key_id")
      .all(account, userName);

  /** The key, which must belong to the subject (the named user, else the caller). */
  const requireKey = (input: { UserName?: string; AccessKeyId: string }, ctx: RequestContext): AccessKeyRow => {
    const subject = subjectUser(state, input, ctx);
    const owner = subject.root ? "" : subject.user.name;
    const row = db
      .prepare<[string, string, string], AccessKeyRow>("SELECT * FROM iam_access_keys WHERE access_key_id = ? AND account = ? AND user_name = ?")
      .get(input.AccessKeyId, ctx.account, owner);
    if (row === undefined) throw accessKeyNotFound(input.AccessKeyId);
    return row;
  };

  /** CreateAccessKey: an AKIA… id and a 40-character secret, returned this once, as on AWS. */
  function createAccessKey(input: CreateAccessKeyRequest, ctx: RequestContext): CreateAccessKeyResponse {
    const subject = subjectUser(state, input, ctx);
    const owner = subject.root ? "" : subject.user.name;
    if (keysOf(ctx.account, owner).length >= MAX_KEYS) throw quota("AccessKeysPerUser", MAX_KEYS);
    const row: AccessKeyRow = {
      access_key_id: accessKeyId("AKIA"),
      account: ctx.account,
      user_name: owner,
      secret: secretAccessKey(),
      status: "Active",
      create_date: state.clock.now(),
    };
    db.prepare("INSERT INTO iam_access_keys (access_key_id, account, user_name, secret, status, create_date) VALUES (?, ?, ?, ?, ?, ?)").run(
      row.access_key_id,
      row.account,
      row.user_name,
      row.secret,
      row.status,
      row.create_date,
    );
    registerAccessKey(state, row);
    const key: Omit<AccessKey, "UserName"> & { UserName?: string } = {
      ...(owner === "" ? {} : { UserName: owner }),
      AccessKeyId: row.access_key_id,
      Status: row.status,
      SecretAccessKey: row.secret,
      CreateDate: new Date(row.create_date),
    };
    // The model requires UserName, but a root key belongs to no user, so its answer names none: only that answer needs the cast.
    return { AccessKey: key as AccessKey };
  }

  function listAccessKeys(input: ListAccessKeysRequest, ctx: RequestContext): ListAccessKeysResponse {
    const subject = subjectUser(state, input, ctx);
    const owner = subject.root ? "" : subject.user.name;
    const page = paginate(keysOf(ctx.account, owner), input);
    return {
      AccessKeyMetadata: page.items.map((k) => ({
        ...(owner === "" ? {} : { UserName: owner }),
        AccessKeyId: k.access_key_id,
        Status: k.status,
        CreateDate: new Date(k.create_date),
      })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  }

  /** UpdateAccessKey: an Inactive key is refused by the server at once; Active again, it works again. */
  function updateAccessKey(input: UpdateAccessKeyRequest, ctx: RequestContext): void {
    const row = requireKey(input, ctx);
    db.prepare("UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?").run(input.Status, row.access_key_id);
    if (input.Status === "Active") registerAccessKey(state, { ...row, status: "Active" });
    else state.credentials?.removeKey(row.access_key_id);
  }

  function deleteAccessKey(input: DeleteAccessKeyRequest, ctx: RequestContext): void {
    const row = requireKey(input, ctx);
    db.prepare("DELETE FROM iam_access_keys WHERE access_key_id = ?").run(row.access_key_id);
    db.prepare("INSERT OR IGNORE INTO iam_deleted_access_keys (access_key_id) VALUES (?)").run(row.access_key_id);
    state.credentials?.removeKey(row.access_key_id);
  }

  return { createAccessKey, listAccessKeys, updateAccessKey, deleteAccessKey };
}
