/**
 * Service-specific credentials: a user name and password for CodeCommit's HTTPS Git or Amazon Keyspaces
 * (Create/List/Update/Reset/DeleteServiceSpecificCredential). The password is shown once, at creation or
 * reset, and kept only as a hash, as IAM keeps it. Bedrock API keys (CredentialAgeDays) are refused.
 */
import { randomBytes, scryptSync } from "node:crypto";
import type { RequestContext } from "../service.js";
import type {
  CreateServiceSpecificCredentialRequest,
  CreateServiceSpecificCredentialResponse,
  DeleteServiceSpecificCredentialRequest,
  ListServiceSpecificCredentialsRequest,
  ListServiceSpecificCredentialsResponse,
  ResetServiceSpecificCredentialRequest,
  ResetServiceSpecificCredentialResponse,
  ServiceSpecificCredential,
  ServiceSpecificCredentialMetadata,
  UpdateServiceSpecificCredentialRequest,
} from "../validation/iam-types.js";
import { nonUserCredentials, quota, serviceCredentialNotFound, serviceNotSupported, userNotFound } from "./errors.js";
import { paginate } from "./pagination.js";
import type { IamState } from "./state.js";

export const SERVICE_CREDENTIAL_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_service_credentials (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  user_name TEXT NOT NULL COLLATE NOCASE,
  service TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  create_date INTEGER NOT NULL
) WITHOUT ROWID`;

/** The services IAM issues these for (IAM UG, service-specific credentials), Bedrock's API keys aside. */
const SERVICES = new Set(["codecommit.amazonaws.com", "cassandra.amazonaws.com"]);
/** IAM UG, IAM and STS quotas: two per user for each service. */
const PER_USER_PER_SERVICE = 2;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

interface CredentialRow {
  id: string;
  account: string;
  user_name: string;
  service: string;
  password_hash: string;
  status: "Active" | "Inactive";
  create_date: number;
}

/** 32 random bytes in base64 (44 characters), as AWS's service passwords look. */
const newPassword = () => randomBytes(32).toString("base64");
const hash = (password: string) => {
  const salt = randomBytes(16);
  return `${salt.toString("base64")}:${scryptSync(password, salt, 32).toString("base64")}`;
};

export function serviceSpecificCredentialOperations(state: IamState) {
  const db = state.db;
  const serviceUserName = (r: CredentialRow) => `${r.user_name}-at-${r.account}`;
  const metadata = (r: CredentialRow): ServiceSpecificCredentialMetadata => ({
    UserName: r.user_name,
    Status: r.status,
    ServiceUserName: serviceUserName(r),
    CreateDate: new Date(r.create_date),
    ServiceSpecificCredentialId: r.id,
    ServiceName: r.service,
  });
  const full = (r: CredentialRow, password: string): ServiceSpecificCredential => ({ ...metadata(r), ServicePassword: password }) as ServiceSpecificCredential;

  /** The user an operation is about: the one named, else the calling user (the root and role sessions must name one). */
  function subject(userName: string | undefined, ctx: RequestContext): string {
    const name = userName ?? /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(ctx.principal.arn)?.[1];
    if (name === undefined) throw nonUserCredentials();
    const user = state.user(ctx.account, name);
    if (user === undefined) throw userNotFound(name);
    return user.name;
  }

  function requireCredential(userName: string | undefined, id: string, ctx: RequestContext): CredentialRow {
    const user = subject(userName, ctx);
    const row = db.prepare("SELECT * FROM iam_service_credentials WHERE id = ? AND account = ? AND user_name = ?").get(id, ctx.account, user) as
      | CredentialRow
      | undefined;
    if (row === undefined) throw serviceCredentialNotFound(id);
    return row;
  }

  function createServiceSpecificCredential(input: CreateServiceSpecificCredentialRequest, ctx: RequestContext): CreateServiceSpecificCredentialResponse {
    const user = subject(input.UserName, ctx);
    if (!SERVICES.has(input.ServiceName) || input.CredentialAgeDays !== undefined) throw serviceNotSupported(input.ServiceName);
    const count = (
      db
        .prepare("SELECT count(*) AS n FROM iam_service_credentials WHERE account = ? AND user_name = ? AND service = ?")
        .get(ctx.account, user, input.ServiceName) as { n: number }
    ).n;
    if (count >= PER_USER_PER_SERVICE) throw quota("ServiceSpecificCredentialsPerUserPerService", PER_USER_PER_SERVICE);
    const password = newPassword();
    const row: CredentialRow = {
      id: `ACCA${Array.from(randomBytes(17), (b) => BASE32[b % 32]).join("")}`,
      account: ctx.account,
      user_name: user,
      service: input.ServiceName,
      password_hash: hash(password),
      status: "Active",
      create_date: state.clock.now(),
    };
    db.prepare(
      "INSERT INTO iam_service_credentials (id, account, user_name, service, password_hash, status, create_date) VALUES (@id, @account, @user_name, @service, @password_hash, @status, @create_date)",
    ).run(row);
    return { ServiceSpecificCredential: full(row, password) };
  }

  function listServiceSpecificCredentials(input: ListServiceSpecificCredentialsRequest, ctx: RequestContext): ListServiceSpecificCredentialsResponse {
    if (input.ServiceName !== undefined && !SERVICES.has(input.ServiceName)) throw serviceNotSupported(input.ServiceName);
    const rows = input.AllUsers
      ? (db.prepare("SELECT * FROM iam_service_credentials WHERE account = ? ORDER BY user_name, create_date, id").all(ctx.account) as CredentialRow[])
      : (db
          .prepare("SELECT * FROM iam_service_credentials WHERE account = ? AND user_name = ? ORDER BY create_date, id")
          .all(ctx.account, subject(input.UserName, ctx)) as CredentialRow[]);
    const page = paginate(
      rows.filter((r) => input.ServiceName === undefined || r.service === input.ServiceName),
      input,
    );
    return {
      ServiceSpecificCredentials: page.items.map(metadata),
      IsTruncated: page.IsTruncated,
      ...(page.Marker === undefined ? {} : { Marker: page.Marker }),
    };
  }

  function updateServiceSpecificCredential(input: UpdateServiceSpecificCredentialRequest, ctx: RequestContext): void {
    const row = requireCredential(input.UserName, input.ServiceSpecificCredentialId, ctx);
    db.prepare("UPDATE iam_service_credentials SET status = ? WHERE id = ?").run(input.Status, row.id);
  }

  /** ResetServiceSpecificCredential: a new password, shown this once; the old one stops working. */
  function resetServiceSpecificCredential(input: ResetServiceSpecificCredentialRequest, ctx: RequestContext): ResetServiceSpecificCredentialResponse {
    const row = requireCredential(input.UserName, input.ServiceSpecificCredentialId, ctx);
    const password = newPassword();
    db.prepare("UPDATE iam_service_credentials SET password_hash = ? WHERE id = ?").run(hash(password), row.id);
    return { ServiceSpecificCredential: full(row, password) };
  }

  function deleteServiceSpecificCredential(input: DeleteServiceSpecificCredentialRequest, ctx: RequestContext): void {
    const row = requireCredential(input.UserName, input.ServiceSpecificCredentialId, ctx);
    db.prepare("DELETE FROM iam_service_credentials WHERE id = ?").run(row.id);
  }

  return {
    CreateServiceSpecificCredential: createServiceSpecificCredential,
    ListServiceSpecificCredentials: listServiceSpecificCredentials,
    UpdateServiceSpecificCredential: updateServiceSpecificCredential,
    ResetServiceSpecificCredential: resetServiceSpecificCredential,
    DeleteServiceSpecificCredential: deleteServiceSpecificCredential,
  };
}

/** DeleteUser is refused while the user has service-specific credentials (IAM API reference, DeleteUser). */
export const hasServiceCredentials = (state: IamState, account: string, userName: string): boolean =>
  state.db.prepare("SELECT 1 FROM iam_service_credentials WHERE account = ? AND user_name = ?").get(account, userName) !== undefined;
