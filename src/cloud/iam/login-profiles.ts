/**
 * Login profiles (a user's console password): CreateLoginProfile, GetLoginProfile, UpdateLoginProfile,
 * DeleteLoginProfile. Passwords are checked against the account password policy and kept only as scrypt hashes.
 */
import { randomBytes, scryptSync } from "node:crypto";
import type { RequestContext } from "../service.js";
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

interface LoginProfileRequest {
  UserName?: string;
  Password?: string;
  PasswordResetRequired?: boolean;
}

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
  const user = (input: LoginProfileRequest, ctx: RequestContext): UserRow => {
    const subject = subjectUser(state, input, ctx);
    // The root's own console password is not an IAM login profile.
    if (subject.root) throw nonUserCredentials();
    return subject.user;
  };
  const profile = (u: UserRow) => db.prepare("SELECT user_name, reset_required, create_date FROM iam_login_profiles WHERE account = ? AND user_name = ?").get(u.account, u.name) as LoginProfileRow | undefined;
  const view = (u: UserRow, p: LoginProfileRow) => ({ UserName: u.name, CreateDate: new Date(p.create_date), PasswordResetRequired: p.reset_required === 1 });
  const checkPassword = (u: UserRow, password: string) => {
    if (!passwordAllowed(accountPasswordPolicy(state, u.account), password, u.name)) throw passwordPolicyViolation();
  };

  function createLoginProfile(input: LoginProfileRequest, ctx: RequestContext) {
    const u = user(input, ctx);
    if (profile(u) !== undefined) throw loginProfileExists(u.name);
    // The model leaves Password optional (for AWS's root-management flows); a user's console password needs one.
    checkPassword(u, input.Password ?? "");
    db.prepare("INSERT INTO iam_login_profiles (account, user_name, password_hash, reset_required, create_date) VALUES (?, ?, ?, ?, ?)").run(
      u.account,
      u.name,
      hash(input.Password ?? ""),
      input.PasswordResetRequired === true ? 1 : 0,
      state.clock.now(),
    );
    return { LoginProfile: view(u, profile(u) as LoginProfileRow) };
  }

  function getLoginProfile(input: LoginProfileRequest, ctx: RequestContext) {
    const u = user(input, ctx);
    const p = profile(u);
    if (p === undefined) throw loginProfileNotFound(u.name);
    return { LoginProfile: view(u, p) };
  }

  function updateLoginProfile(input: LoginProfileRequest, ctx: RequestContext): void {
    const u = user(input, ctx);
    if (profile(u) === undefined) throw loginProfileNotFound(u.name);
    if (input.Password !== undefined) {
      checkPassword(u, input.Password);
      db.prepare("UPDATE iam_login_profiles SET password_hash = ? WHERE account = ? AND user_name = ?").run(hash(input.Password), u.account, u.name);
    }
    if (input.PasswordResetRequired !== undefined) {
      db.prepare("UPDATE iam_login_profiles SET reset_required = ? WHERE account = ? AND user_name = ?").run(input.PasswordResetRequired ? 1 : 0, u.account, u.name);
    }
  }

  function deleteLoginProfile(input: LoginProfileRequest, ctx: RequestContext): void {
    const u = user(input, ctx);
    if (db.prepare("DELETE FROM iam_login_profiles WHERE account = ? AND user_name = ?").run(u.account, u.name).changes === 0) throw loginProfileNotFound(u.name);
  }

  return { createLoginProfile, getLoginProfile, updateLoginProfile, deleteLoginProfile };
}
