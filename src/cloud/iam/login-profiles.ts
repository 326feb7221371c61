/**
 * Login profiles (a user's console password): CreateLoginProfile, GetLoginProfile, UpdateLoginProfile,
 * DeleteLoginProfile. Passwords are checked against the account password policy and kept only as scrypt hashes.
 */
import { randomBytes, scryptSync } from "node:crypto";
import type { RequestContext } from "../service.js";
import type {
  CreateLoginProfileRequest,
  CreateLoginProfileResponse,
  DeleteLoginProfileRequest,
  GetLoginProfileRequest,
  GetLoginProfileResponse,
  LoginProfile,
  UpdateLoginProfileRequest,
} from "../validation/iam-types.js";
import { loginProfileExists, loginProfileNotFound, nonUserCredentials, passwordPolicyViolation } from "./errors.js";
import { accountPasswordPolicy, passwordAllowed } from "./password-policy.js";
import type { IamState, UserRow } from "./state.js";
import { subjectUser } from "./users.js";

export const LOGIN_PROFILE_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_login_profiles (
  account TEXT NOT NULL,
  user_name TEXT NOT NULL COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  reset_required INTEGER NOT NULL,
  create_date INTEGER NOT NULL,
  PRIMARY KEY (account, user_name)
) WITHOUT ROWID`;

interface LoginProfileRow {
  user_name: string;
  reset_required: number;
  create_date: number;
}

const hash = (password: string) => {
  const salt = randomBytes(16);
  return `scrypt:${salt.toString("base64")}:${scryptSync(password, salt, 32).toString("base64")}`;
};

export function loginProfileOperations(state: IamState) {
  const db = state.db;
  const user = (input: { UserName?: string }, ctx: RequestContext): UserRow => {
    const subject = subjectUser(state, input, ctx);
    // The root's own console password is not an IAM login profile.
    if (subject.root) throw nonUserCredentials();
    return subject.user;
  };
  const profile = (u: UserRow) =>
    db
      .prepare<[string, string], LoginProfileRow>("SELECT user_name, reset_required, create_date FROM iam_login_profiles WHERE account = ? AND user_name = ?")
      .get(u.account, u.name);
  const view = (u: UserRow, p: LoginProfileRow): LoginProfile => ({
    UserName: u.name,
    CreateDate: new Date(p.create_date),
    PasswordResetRequired: p.reset_required === 1,
  });
  const checkPassword = (u: UserRow, password: string) => {
    if (!passwordAllowed(accountPasswordPolicy(state, u.account), password, u.name)) throw passwordPolicyViolation();
  };

  function createLoginProfile(input: CreateLoginProfileRequest, ctx: RequestContext): CreateLoginProfileResponse {
    const u = user(input, ctx);
    if (profile(u) !== undefined) throw loginProfileExists(u.name);
    // The model leaves Password optional (for AWS's root-management flows); a user's console password needs one.
    checkPassword(u, input.Password ?? "");
    const row: LoginProfileRow = { user_name: u.name, reset_required: input.PasswordResetRequired === true ? 1 : 0, create_date: state.clock.now() };
    db.prepare("INSERT INTO iam_login_profiles (account, user_name, password_hash, reset_required, create_date) VALUES (?, ?, ?, ?, ?)").run(
      u.account,
      row.user_name,
      hash(input.Password ?? ""),
      row.reset_required,
      row.create_date,
    );
    return { LoginProfile: view(u, row) };
  }

  function getLoginProfile(input: GetLoginProfileRequest, ctx: RequestContext): GetLoginProfileResponse {
    const u = user(input, ctx);
    const p = profile(u);
    if (p === undefined) throw loginProfileNotFound(u.name);
    return { LoginProfile: view(u, p) };
  }

  function updateLoginProfile(input: UpdateLoginProfileRequest, ctx: RequestContext): void {
    const u = user(input, ctx);
    if (profile(u) === undefined) throw loginProfileNotFound(u.name);
    if (input.Password !== undefined) {
      checkPassword(u, input.Password);
      db.prepare("UPDATE iam_login_profiles SET password_hash = ? WHERE account = ? AND user_name = ?").run(hash(input.Password), u.account, u.name);
    }
    if (input.PasswordResetRequired !== undefined) {
      db.prepare("UPDATE iam_login_profiles SET reset_required = ? WHERE account = ? AND user_name = ?").run(
        input.PasswordResetRequired ? 1 : 0,
        u.account,
        u.name,
      );
    }
  }

  function deleteLoginProfile(input: DeleteLoginProfileRequest, ctx: RequestContext): void {
    const u = user(input, ctx);
    if (db.prepare("DELETE FROM iam_login_profiles WHERE account = ? AND user_name = ?").run(u.account, u.name).changes === 0)
      throw loginProfileNotFound(u.name);
  }

  return { createLoginProfile, getLoginProfile, updateLoginProfile, deleteLoginProfile };
}
