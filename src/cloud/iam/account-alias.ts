/**
 * The account alias: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases. One per account,
 * unique across every account of this cloud, as aliases are across AWS.
 */
import type { RequestContext } from "../service.js";
import type { CreateAccountAliasRequest, DeleteAccountAliasRequest, ListAccountAliasesRequest, ListAccountAliasesResponse } from "../validation/iam-types.js";
import { aliasNotFound, aliasTaken } from "./errors.js";
import { paginate } from "./pagination.js";
import type { IamState } from "./state.js";

export const ACCOUNT_ALIAS_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_account_aliases (
  account TEXT PRIMARY KEY,
  alias TEXT NOT NULL UNIQUE
) WITHOUT ROWID`;

export function accountAliasOperations(state: IamState) {
  const db = state.db;
  const holder = (alias: string) => db.prepare<[string], { account: string }>("SELECT account FROM iam_account_aliases WHERE alias = ?").get(alias)?.account;

  /** CreateAccountAlias. A second alias replaces the first (observed on AWS, floci-io/floci#2103); a held name is refused. */
  function createAccountAlias(input: CreateAccountAliasRequest, ctx: RequestContext): void {
    if (holder(input.AccountAlias) !== undefined) throw aliasTaken(input.AccountAlias);
    db.prepare("INSERT INTO iam_account_aliases (account, alias) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET alias = excluded.alias").run(
      ctx.account,
      input.AccountAlias,
    );
  }

  /** DeleteAccountAlias: only the alias the account holds, by name. */
  function deleteAccountAlias(input: DeleteAccountAliasRequest, ctx: RequestContext): void {
    if (holder(input.AccountAlias) !== ctx.account) throw aliasNotFound(input.AccountAlias);
    db.prepare("DELETE FROM iam_account_aliases WHERE account = ?").run(ctx.account);
  }

  function listAccountAliases(input: ListAccountAliasesRequest, ctx: RequestContext): ListAccountAliasesResponse {
    const all = db
      .prepare<[string], { alias: string }>("SELECT alias FROM iam_account_aliases WHERE account = ?")
      .all(ctx.account)
      .map((r) => r.alias);
    const page = paginate(all, input);
    return { AccountAliases: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  return { createAccountAlias, deleteAccountAlias, listAccountAliases };
}
