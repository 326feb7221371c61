/**
 * OpenID Connect providers: Create/Get/List/DeleteOpenIDConnectProvider, Add/RemoveClientID…,
 * UpdateOpenIDConnectProviderThumbprint and their tags. A provider is keyed by its URL without `https://`
 * (`host[:port]/path`), which is also how its ARN and the trust policies' condition keys name it.
 */
import { partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  AddClientIDToOpenIDConnectProviderRequest,
  CreateOpenIDConnectProviderRequest,
  CreateOpenIDConnectProviderResponse,
  DeleteOpenIDConnectProviderRequest,
  GetOpenIDConnectProviderRequest,
  GetOpenIDConnectProviderResponse,
  ListOpenIDConnectProviderTagsRequest,
  ListOpenIDConnectProviderTagsResponse,
  ListOpenIDConnectProvidersResponse,
  RemoveClientIDFromOpenIDConnectProviderRequest,
  TagOpenIDConnectProviderRequest,
  UntagOpenIDConnectProviderRequest,
  UpdateOpenIDConnectProviderThumbprintRequest,
} from "../validation/iam-types.js";
import { parseArn } from "./arn.js";
import { invalidOidcUrl, oidcCommunication, oidcNotFound, oidcProviderExists, quota, tooManyThumbprints, unparsableArn } from "./errors.js";
import { fetchThumbprint } from "./oidc-fetch.js";
import type { IamState, Tag } from "./state.js";
import { addTags, checkTags, listTags, removeTags } from "./tags.js";

export const OIDC_PROVIDER_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_oidc_providers (
  account TEXT NOT NULL,
  url TEXT NOT NULL,
  arn TEXT NOT NULL,
  client_ids TEXT NOT NULL,
  thumbprints TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  PRIMARY KEY (account, url)
) WITHOUT ROWID`;

/** IAM UG, IAM and STS quotas. */
const PROVIDERS_PER_ACCOUNT = 100;
const CLIENT_IDS_PER_PROVIDER = 100;
const THUMBPRINTS_PER_PROVIDER = 5;

interface ProviderRow {
  account: string;
  url: string;
  arn: string;
  client_ids: string;
  thumbprints: string;
  create_date: number;
}

/** A provider as STS needs it to check a web identity token. */
export interface OidcProvider {
  arn: string;
  /** `host[:port]/path`, the issuer without `https://`: also the prefix of the trust policy's condition keys. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
}

const toProvider = (r: ProviderRow): OidcProvider => ({
  arn: r.arn,
  url: r.url,
  clientIds: JSON.parse(r.client_ids) as string[],
  thumbprints: JSON.parse(r.thumbprints) as string[],
});

/**
 * `https://host/path` to `host/path`, as IAM keys providers; undefined for anything IAM refuses: another scheme,
 * no host, a query or fragment (the OIDC standard allows path components only).
 */
export function providerKey(url: string): string | undefined {
  if (!/^https:\/\//i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.host === "" || parsed.search !== "" || parsed.hash !== "" || parsed.username !== "" || parsed.password !== "") return undefined;
  return `${parsed.host}${parsed.pathname === "/" && !url.endsWith("/") ? "" : parsed.pathname}`;
}

/** The provider whose URL is the token's `iss`, in `account`. */
export function oidcProviderFor(state: IamState, account: string, issuer: string): OidcProvider | undefined {
  const key = providerKey(issuer);
  if (key === undefined) return undefined;
  const row = state.db.prepare("SELECT * FROM iam_oidc_providers WHERE account = ? AND url = ?").get(account, key) as ProviderRow | undefined;
  return row === undefined ? undefined : toProvider(row);
}

export function oidcProviderOperations(state: IamState) {
  const db = state.db;

  function requireProvider(account: string, arn: string): ProviderRow {
    if (parseArn(arn) === undefined) throw unparsableArn();
    const row = db.prepare("SELECT * FROM iam_oidc_providers WHERE account = ? AND arn = ?").get(account, arn) as ProviderRow | undefined;
    if (row === undefined) throw oidcNotFound(arn);
    return row;
  }

  const checkThumbprints = (list: readonly string[]) => {
    if (list.length > THUMBPRINTS_PER_PROVIDER) throw tooManyThumbprints();
  };

  /**
   * CreateOpenIDConnectProvider. Without a ThumbprintList IAM obtains one itself, from the certificate chain
   * the provider's host presents (IAM API reference), so the host must answer.
   */
  async function createOpenIDConnectProvider(input: CreateOpenIDConnectProviderRequest, ctx: RequestContext): Promise<CreateOpenIDConnectProviderResponse> {
    const key = providerKey(input.Url);
    if (key === undefined) throw invalidOidcUrl();
    const clientIds = [...new Set(input.ClientIDList ?? [])];
    if (clientIds.length > CLIENT_IDS_PER_PROVIDER) throw quota("ClientIdsPerOpenIdConnectProvider", CLIENT_IDS_PER_PROVIDER);
    checkThumbprints(input.ThumbprintList ?? []);
    if (db.prepare("SELECT 1 FROM iam_oidc_providers WHERE account = ? AND url = ?").get(ctx.account, key) !== undefined) throw oidcProviderExists(input.Url);
    const count = (db.prepare("SELECT count(*) AS n FROM iam_oidc_providers WHERE account = ?").get(ctx.account) as { n: number }).n;
    if (count >= PROVIDERS_PER_ACCOUNT) throw quota("OpenIdConnectProvidersPerAccount", PROVIDERS_PER_ACCOUNT);
    const arn = `arn:${partitionId(ctx.region)}:iam::${ctx.account}:oidc-provider/${key}`;
    const tags: Tag[] = input.Tags ?? [];
    checkTags(state, ctx.account, "oidc-provider", arn, tags);
    let thumbprints = input.ThumbprintList ?? [];
    if (thumbprints.length === 0) {
      thumbprints = [await fetchThumbprint(`https://${key}`).catch((e: Error) => Promise.reject(oidcCommunication(e.message)))];
    }
    // Checked again after the await: another request may have made the same provider meanwhile.
    if (db.prepare("SELECT 1 FROM iam_oidc_providers WHERE account = ? AND url = ?").get(ctx.account, key) !== undefined) throw oidcProviderExists(input.Url);
    db.transaction(() => {
      db.prepare("INSERT INTO iam_oidc_providers (account, url, arn, client_ids, thumbprints, create_date) VALUES (?, ?, ?, ?, ?, ?)").run(
        ctx.account,
        key,
        arn,
        JSON.stringify(clientIds),
        JSON.stringify(thumbprints),
        state.clock.now(),
      );
      state.putTags(ctx.account, "oidc-provider", arn, tags);
    })();
    state.changed();
    const out: CreateOpenIDConnectProviderResponse = { OpenIDConnectProviderArn: arn };
    if (tags.length > 0) out.Tags = state.tags(ctx.account, "oidc-provider", arn);
    return out;
  }

  /** GetOpenIDConnectProvider: Url without its scheme, as AWS answers it. */
  function getOpenIDConnectProvider(input: GetOpenIDConnectProviderRequest, ctx: RequestContext): GetOpenIDConnectProviderResponse {
    const row = requireProvider(ctx.account, input.OpenIDConnectProviderArn);
    const p = toProvider(row);
    const out: GetOpenIDConnectProviderResponse = {
      Url: p.url,
      ClientIDList: p.clientIds,
      ThumbprintList: p.thumbprints,
      CreateDate: new Date(row.create_date),
    };
    const tags = state.tags(ctx.account, "oidc-provider", row.arn);
    if (tags.length > 0) out.Tags = tags;
    return out;
  }

  /** ListOpenIDConnectProviders: every provider of the account at once (the API has no paging), in ARN order. */
  function listOpenIDConnectProviders(_input: unknown, ctx: RequestContext): ListOpenIDConnectProvidersResponse {
    const rows = db.prepare("SELECT arn FROM iam_oidc_providers WHERE account = ? ORDER BY arn").all(ctx.account) as { arn: string }[];
    return { OpenIDConnectProviderList: rows.map((r) => ({ Arn: r.arn })) };
  }

  function deleteOpenIDConnectProvider(input: DeleteOpenIDConnectProviderRequest, ctx: RequestContext): void {
    const row = requireProvider(ctx.account, input.OpenIDConnectProviderArn);
    db.transaction(() => {
      db.prepare("DELETE FROM iam_oidc_providers WHERE account = ? AND url = ?").run(ctx.account, row.url);
      state.dropOwner(ctx.account, "oidc-provider", row.arn);
    })();
    state.changed();
  }

  /** AddClientIDToOpenIDConnectProvider: adding one the provider has already is no error (IAM API reference). */
  function addClientIDToOpenIDConnectProvider(input: AddClientIDToOpenIDConnectProviderRequest, ctx: RequestContext): void {
    const row = requireProvider(ctx.account, input.OpenIDConnectProviderArn);
    const ids = toProvider(row).clientIds;
    if (ids.includes(input.ClientID)) return;
    if (ids.length >= CLIENT_IDS_PER_PROVIDER) throw quota("ClientIdsPerOpenIdConnectProvider", CLIENT_IDS_PER_PROVIDER);
    db.prepare("UPDATE iam_oidc_providers SET client_ids = ? WHERE account = ? AND url = ?").run(
      JSON.stringify([...ids, input.ClientID]),
      ctx.account,
      row.url,
    );
    state.changed();
  }

  /** RemoveClientIDFromOpenIDConnectProvider: removing one it does not have is no error (IAM API reference). */
  function removeClientIDFromOpenIDConnectProvider(input: RemoveClientIDFromOpenIDConnectProviderRequest, ctx: RequestContext): void {
    const row = requireProvider(ctx.account, input.OpenIDConnectProviderArn);
    const ids = toProvider(row).clientIds.filter((id) => id !== input.ClientID);
    db.prepare("UPDATE iam_oidc_providers SET client_ids = ? WHERE account = ? AND url = ?").run(JSON.stringify(ids), ctx.account, row.url);
    state.changed();
  }

  /** UpdateOpenIDConnectProviderThumbprint: the list replaced whole. */
  function updateOpenIDConnectProviderThumbprint(input: UpdateOpenIDConnectProviderThumbprintRequest, ctx: RequestContext): void {
    const row = requireProvider(ctx.account, input.OpenIDConnectProviderArn);
    checkThumbprints(input.ThumbprintList);
    db.prepare("UPDATE iam_oidc_providers SET thumbprints = ? WHERE account = ? AND url = ?").run(JSON.stringify(input.ThumbprintList), ctx.account, row.url);
    state.changed();
  }

  function tagOpenIDConnectProvider(input: TagOpenIDConnectProviderRequest, ctx: RequestContext): void {
    addTags(state, ctx.account, "oidc-provider", requireProvider(ctx.account, input.OpenIDConnectProviderArn).arn, input.Tags);
  }

  function untagOpenIDConnectProvider(input: UntagOpenIDConnectProviderRequest, ctx: RequestContext): void {
    removeTags(state, ctx.account, "oidc-provider", requireProvider(ctx.account, input.OpenIDConnectProviderArn).arn, input.TagKeys);
  }

  function listOpenIDConnectProviderTags(input: ListOpenIDConnectProviderTagsRequest, ctx: RequestContext): ListOpenIDConnectProviderTagsResponse {
    return listTags(state, ctx.account, "oidc-provider", requireProvider(ctx.account, input.OpenIDConnectProviderArn).arn, input);
  }

  return {
    CreateOpenIDConnectProvider: createOpenIDConnectProvider,
    GetOpenIDConnectProvider: getOpenIDConnectProvider,
    ListOpenIDConnectProviders: listOpenIDConnectProviders,
    DeleteOpenIDConnectProvider: deleteOpenIDConnectProvider,
    AddClientIDToOpenIDConnectProvider: addClientIDToOpenIDConnectProvider,
    RemoveClientIDFromOpenIDConnectProvider: removeClientIDFromOpenIDConnectProvider,
    UpdateOpenIDConnectProviderThumbprint: updateOpenIDConnectProviderThumbprint,
    TagOpenIDConnectProvider: tagOpenIDConnectProvider,
    UntagOpenIDConnectProvider: untagOpenIDConnectProvider,
    ListOpenIDConnectProviderTags: listOpenIDConnectProviderTags,
  };
}
