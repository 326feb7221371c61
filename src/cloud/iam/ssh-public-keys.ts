/**
 * SSH public keys of IAM users (used by CodeCommit): Upload/Get/List/Update/DeleteSSHPublicKey. A key is read
 * for real: OpenSSH `ssh-rsa` or PEM, RSA of at least 2048 bits (IAM API reference, UploadSSHPublicKey), stored
 * once as the key and answered in either encoding; its fingerprint is the MD5 of the OpenSSH key blob.
 */
import { type KeyObject, createHash, createPublicKey, randomBytes } from "node:crypto";
import type { RequestContext } from "../service.js";
import type {
  DeleteSSHPublicKeyRequest,
  GetSSHPublicKeyRequest,
  GetSSHPublicKeyResponse,
  ListSSHPublicKeysRequest,
  ListSSHPublicKeysResponse,
  UpdateSSHPublicKeyRequest,
  UploadSSHPublicKeyRequest,
  UploadSSHPublicKeyResponse,
  SSHPublicKey,
} from "../validation/iam-types.js";
import { duplicateSshKey, invalidSshKey, quota, sshKeyNotFound, unrecognizedSshEncoding, userNotFound } from "./errors.js";
import { paginate } from "./pagination.js";
import type { IamState } from "./state.js";

export const SSH_PUBLIC_KEY_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_ssh_public_keys (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  user_name TEXT NOT NULL COLLATE NOCASE,
  spki_pem TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL,
  upload_date INTEGER NOT NULL
) WITHOUT ROWID`;

/** IAM UG, IAM and STS quotas: SSH public keys per user. */
const KEYS_PER_USER = 5;
const MIN_BITS = 2048;

interface KeyRow {
  id: string;
  account: string;
  user_name: string;
  spki_pem: string;
  fingerprint: string;
  status: "Active" | "Inactive";
  upload_date: number;
}

/** SSH wire strings (RFC 4251): a uint32 length, then the bytes. */
function sshStrings(blob: Buffer): Buffer[] | undefined {
  const out: Buffer[] = [];
  let at = 0;
  while (at < blob.length && out.length < 8) {
    if (at + 4 > blob.length) return undefined;
    const n = blob.readUInt32BE(at);
    if (at + 4 + n > blob.length) return undefined;
    out.push(blob.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return at === blob.length ? out : undefined;
}

const stripSign = (mpint: Buffer) => (mpint[0] === 0 ? mpint.subarray(1) : mpint);
const sshString = (b: Buffer) => Buffer.concat([Buffer.from([(b.length >>> 24) & 255, (b.length >>> 16) & 255, (b.length >>> 8) & 255, b.length & 255]), b]);
const mpint = (b: Buffer) => sshString((b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);

/** The OpenSSH key blob of an RSA key (`ssh-rsa`, e, n). */
function sshBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" });
  return Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(Buffer.from(jwk.e ?? "", "base64url")), mpint(Buffer.from(jwk.n ?? "", "base64url"))]);
}

/** The key a body holds, or AWS's error for one IAM cannot read or will not take. */
function readKey(body: string): KeyObject {
  const text = body.trim();
  let key: KeyObject;
  if (text.startsWith("ssh-rsa ")) {
    const parts = sshStrings(Buffer.from(text.split(/\s+/)[1] ?? "", "base64"));
    if (parts === undefined || parts.length !== 3 || parts[0]?.toString() !== "ssh-rsa") throw invalidSshKey();
    try {
      key = createPublicKey({
        key: { kty: "RSA", e: stripSign(parts[1] as Buffer).toString("base64url"), n: stripSign(parts[2] as Buffer).toString("base64url") },
        format: "jwk",
      });
    } catch {
      throw invalidSshKey();
    }
  } else if (/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) {
    try {
      key = createPublicKey(text);
    } catch {
      throw invalidSshKey();
    }
  } else throw unrecognizedSshEncoding();
  if (key.asymmetricKeyType !== "rsa" || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_BITS) throw invalidSshKey();
  return key;
}

const fingerprintOf = (key: KeyObject) => (createHash("md5").update(sshBlob(key)).digest("hex").match(/../g) ?? []).join(":");
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** `APKA` + 16 base32 characters, as AWS's SSH public key ids. */
const keyId = () => `APKA${Array.from(randomBytes(16), (b) => BASE32[b % 32]).join("")}`;

export function sshPublicKeyOperations(state: IamState) {
  const db = state.db;
  const requireUser = (account: string, name: string) => {
    const user = state.user(account, name);
    if (user === undefined) throw userNotFound(name);
    return user;
  };
  const requireKey = (account: string, userName: string, id: string): KeyRow => {
    const user = requireUser(account, userName);
    const row = db.prepare("SELECT * FROM iam_ssh_public_keys WHERE id = ? AND account = ? AND user_name = ?").get(id, account, user.name) as
      | KeyRow
      | undefined;
    if (row === undefined) throw sshKeyNotFound(id);
    return row;
  };
  const view = (r: KeyRow, encoding: "SSH" | "PEM"): SSHPublicKey => {
    const key = createPublicKey(r.spki_pem);
    const body = encoding === "PEM" ? r.spki_pem : `ssh-rsa ${sshBlob(key).toString("base64")}`;
    return {
      UserName: r.user_name,
      SSHPublicKeyId: r.id,
      Fingerprint: r.fingerprint,
      SSHPublicKeyBody: body,
      Status: r.status,
      UploadDate: new Date(r.upload_date),
    };
  };

  function uploadSSHPublicKey(input: UploadSSHPublicKeyRequest, ctx: RequestContext): UploadSSHPublicKeyResponse {
    const user = requireUser(ctx.account, input.UserName);
    const key = readKey(input.SSHPublicKeyBody);
    const fingerprint = fingerprintOf(key);
    const mine = db.prepare("SELECT fingerprint FROM iam_ssh_public_keys WHERE account = ? AND user_name = ?").all(ctx.account, user.name) as {
      fingerprint: string;
    }[];
    if (mine.some((k) => k.fingerprint === fingerprint)) throw duplicateSshKey();
    if (mine.length >= KEYS_PER_USER) throw quota("SSHPublicKeysPerUser", KEYS_PER_USER);
    const row: KeyRow = {
      id: keyId(),
      account: ctx.account,
      user_name: user.name,
      spki_pem: key.export({ type: "spki", format: "pem" }).toString(),
      fingerprint,
      status: "Active",
      upload_date: state.clock.now(),
    };
    db.prepare(
      "INSERT INTO iam_ssh_public_keys (id, account, user_name, spki_pem, fingerprint, status, upload_date) VALUES (@id, @account, @user_name, @spki_pem, @fingerprint, @status, @upload_date)",
    ).run(row);
    return { SSHPublicKey: view(row, "SSH") };
  }

  function getSSHPublicKey(input: GetSSHPublicKeyRequest, ctx: RequestContext): GetSSHPublicKeyResponse {
    return { SSHPublicKey: view(requireKey(ctx.account, input.UserName, input.SSHPublicKeyId), input.Encoding) };
  }

  /** ListSSHPublicKeys: a user's keys in upload order; without UserName, the calling user's (IAM API reference). */
  function listSSHPublicKeys(input: ListSSHPublicKeysRequest, ctx: RequestContext): ListSSHPublicKeysResponse {
    const name = input.UserName ?? /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(ctx.principal.arn)?.[1];
    const rows =
      name === undefined
        ? []
        : (db
            .prepare("SELECT * FROM iam_ssh_public_keys WHERE account = ? AND user_name = ? ORDER BY upload_date, id")
            .all(ctx.account, requireUser(ctx.account, name).name) as KeyRow[]);
    const page = paginate(rows, input);
    return {
      SSHPublicKeys: page.items.map((r) => ({ UserName: r.user_name, SSHPublicKeyId: r.id, Status: r.status, UploadDate: new Date(r.upload_date) })),
      IsTruncated: page.IsTruncated,
      ...(page.Marker === undefined ? {} : { Marker: page.Marker }),
    };
  }

  function updateSSHPublicKey(input: UpdateSSHPublicKeyRequest, ctx: RequestContext): void {
    const row = requireKey(ctx.account, input.UserName, input.SSHPublicKeyId);
    db.prepare("UPDATE iam_ssh_public_keys SET status = ? WHERE id = ?").run(input.Status, row.id);
  }

  function deleteSSHPublicKey(input: DeleteSSHPublicKeyRequest, ctx: RequestContext): void {
    const row = requireKey(ctx.account, input.UserName, input.SSHPublicKeyId);
    db.prepare("DELETE FROM iam_ssh_public_keys WHERE id = ?").run(row.id);
  }

  return {
    UploadSSHPublicKey: uploadSSHPublicKey,
    GetSSHPublicKey: getSSHPublicKey,
    ListSSHPublicKeys: listSSHPublicKeys,
    UpdateSSHPublicKey: updateSSHPublicKey,
    DeleteSSHPublicKey: deleteSSHPublicKey,
  };
}

/** DeleteUser is refused while the user has SSH public keys (IAM API reference, DeleteUser). */
export const hasSshPublicKeys = (state: IamState, account: string, userName: string): boolean =>
  state.db.prepare("SELECT 1 FROM iam_ssh_public_keys WHERE account = ? AND user_name = ?").get(account, userName) !== undefined;
