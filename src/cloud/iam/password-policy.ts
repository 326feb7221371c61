/**
 * The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
 * DeleteAccountPasswordPolicy, and the check a login profile's password must pass.
 */
import type { RequestContext } from "../service.js";
import type { GetAccountPasswordPolicyResponse, UpdateAccountPasswordPolicyRequest } from "../validation/iam-types.js";
import { noPasswordPolicy } from "./errors.js";
import type { IamState } from "./state.js";

export const PASSWORD_POLICY_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_password_policies (
  account TEXT PRIMARY KEY,
  policy TEXT NOT NULL
) WITHOUT ROWID`;

export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

/** IAM UG, "Set an account password policy": the characters that count as symbols. */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

/**
 * Whether `password` passes the account's policy; with none, AWS's default policy (IAM UG): at least
 * 8 characters, three of the four character types, and not the user's name.
 */
export function passwordAllowed(policy: PasswordPolicy | undefined, password: string, userName: string): boolean {
  const kinds = {
    upper: /[A-Z]/.test(password),
    lower: /[a-z]/.test(password),
    number: /[0-9]/.test(password),
    symbol: [...password].some((c) => SYMBOLS.has(c)),
  };
  if (policy === undefined) {
    return password.length >= 8 && Object.values(kinds).filter(Boolean).length >= 3 && password.toLowerCase() !== userName.toLowerCase();
  }
  return (
    password.length >= policy.MinimumPasswordLength &&
    (!policy.RequireSymbols || kinds.symbol) &&
    (!policy.RequireNumbers || kinds.number) &&
    (!policy.RequireUppercaseCharacters || kinds.upper) &&
    (!policy.RequireLowercaseCharacters || kinds.lower)
  );
}

export function accountPasswordPolicy(state: IamState, account: string): PasswordPolicy | undefined {
  const row = state.db.prepare<[string], { policy: string }>("SELECT policy FROM iam_password_policies WHERE account = ?").get(account);
  // Storage boundary: the JSON was written by updateAccountPasswordPolicy below from a PasswordPolicy.
  return row === undefined ? undefined : (JSON.parse(row.policy) as PasswordPolicy);
}

export function passwordPolicyOperations(state: IamState) {
  const db = state.db;

  /** UpdateAccountPasswordPolicy. Parameters left out take their defaults, not their former values (API reference). */
  function updateAccountPasswordPolicy(input: UpdateAccountPasswordPolicyRequest, ctx: RequestContext): void {
    const policy: PasswordPolicy = {
      MinimumPasswordLength: input.MinimumPasswordLength ?? 6,
      RequireSymbols: input.RequireSymbols ?? false,
      RequireNumbers: input.RequireNumbers ?? false,
      RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
      RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
      AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
      ExpirePasswords: (input.MaxPasswordAge ?? 0) > 0,
    };
    if (input.MaxPasswordAge !== undefined) policy.MaxPasswordAge = input.MaxPasswordAge;
    if (input.PasswordReusePrevention !== undefined) policy.PasswordReusePrevention = input.PasswordReusePrevention;
    if (input.HardExpiry !== undefined) policy.HardExpiry = input.HardExpiry;
    db.prepare("INSERT INTO iam_password_policies (account, policy) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET policy = excluded.policy").run(
      ctx.account,
      JSON.stringify(policy),
    );
  }

  function getAccountPasswordPolicy(_input: Record<string, never>, ctx: RequestContext): GetAccountPasswordPolicyResponse {
    const policy = accountPasswordPolicy(state, ctx.account);
    if (policy === undefined) throw noPasswordPolicy(ctx.account);
    return { PasswordPolicy: policy };
  }

  function deleteAccountPasswordPolicy(_input: Record<string, never>, ctx: RequestContext): void {
    if (db.prepare("DELETE FROM iam_password_policies WHERE account = ?").run(ctx.account).changes === 0) throw noPasswordPolicy(ctx.account);
  }

  return { updateAccountPasswordPolicy, getAccountPasswordPolicy, deleteAccountPasswordPolicy };
}
