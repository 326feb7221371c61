/**
 * SAML providers: Create/Get/List/Update/DeleteSAMLProvider and their tags. The metadata document must name an
 * IdP with at least one signing certificate (saml-metadata.ts); STS checks assertions against those certificates.
 */
import { partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  CreateSAMLProviderRequest,
  CreateSAMLProviderResponse,
  DeleteSAMLProviderRequest,
  GetSAMLProviderRequest,
  GetSAMLProviderResponse,
  ListSAMLProviderTagsRequest,
  ListSAMLProviderTagsResponse,
  ListSAMLProvidersResponse,
  TagSAMLProviderRequest,
  UntagSAMLProviderRequest,
  UpdateSAMLProviderRequest,
  UpdateSAMLProviderResponse,
} from "../validation/iam-types.js";
import { parseArn } from "./arn.js";
import { quota, samlMetadataUnreadable, samlProviderExists, samlProviderNotFound, unparsableArn, unsupportedSamlEncryption } from "./errors.js";
import { readSamlMetadata, type SamlMetadata } from "./saml-metadata.js";
import type { IamState, Tag } from "./state.js";
import { addTags, checkTags, listTags, removeTags } from "./tags.js";

export const SAML_PROVIDER_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_saml_providers (
  account TEXT NOT NULL,
  name TEXT NOT NULL COLLATE NOCASE,
  arn TEXT NOT NULL,
  metadata TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  PRIMARY KEY (account, name)
) WITHOUT ROWID`;

/** IAM UG, IAM and STS quotas. */
const PROVIDERS_PER_ACCOUNT = 100;

interface ProviderRow {
  account: string;
  name: string;
  arn: string;
  metadata: string;
  create_date: number;
}

/** A SAML provider as STS needs it to check an assertion. */
export interface SamlProvider extends SamlMetadata {
  arn: string;
}

/** (chosen) AWS sets ValidUntil a year or more ahead when the metadata names none; a year after creation here. */
const YEAR_MS = 365 * 24 * 3600 * 1000;

function metadataOf(text: string): SamlMetadata {
  const m = readSamlMetadata(text);
  if (m === undefined) throw samlMetadataUnreadable();
  return m;
}

export function samlProviderFor(state: IamState, account: string, arn: string): SamlProvider | undefined {
  const row = state.db.prepare("SELECT * FROM iam_saml_providers WHERE account = ? AND arn = ?").get(account, arn) as ProviderRow | undefined;
  if (row === undefined) return undefined;
  const m = readSamlMetadata(row.metadata);
  return m === undefined ? undefined : { arn: row.arn, ...m };
}

export function samlProviderOperations(state: IamState) {
  const db = state.db;

  function requireProvider(account: string, arn: string): ProviderRow {
    if (parseArn(arn) === undefined) throw unparsableArn();
    const row = db.prepare("SELECT * FROM iam_saml_providers WHERE account = ? AND arn = ?").get(account, arn) as ProviderRow | undefined;
    if (row === undefined) throw samlProviderNotFound(arn);
    return row;
  }

  const validUntil = (row: ProviderRow) => new Date(readSamlMetadata(row.metadata)?.validUntil ?? row.create_date + YEAR_MS);

  /** CreateSAMLProvider. Assertion encryption (AssertionEncryptionMode, AddPrivateKey) is refused rather than ignored. */
  function createSAMLProvider(input: CreateSAMLProviderRequest, ctx: RequestContext): CreateSAMLProviderResponse {
    if (input.AssertionEncryptionMode !== undefined || input.AddPrivateKey !== undefined) throw unsupportedSamlEncryption();
    metadataOf(input.SAMLMetadataDocument);
    if (db.prepare("SELECT 1 FROM iam_saml_providers WHERE account = ? AND name = ?").get(ctx.account, input.Name) !== undefined)
      throw samlProviderExists(input.Name);
    const count = (db.prepare("SELECT count(*) AS n FROM iam_saml_providers WHERE account = ?").get(ctx.account) as { n: number }).n;
    if (count >= PROVIDERS_PER_ACCOUNT) throw quota("SAMLProvidersPerAccount", PROVIDERS_PER_ACCOUNT);
    const arn = `arn:${partitionId(ctx.region)}:iam::${ctx.account}:saml-provider/${input.Name}`;
    const tags: Tag[] = input.Tags ?? [];
    checkTags(state, ctx.account, "saml-provider", arn, tags);
    db.transaction(() => {
      db.prepare("INSERT INTO iam_saml_providers (account, name, arn, metadata, create_date) VALUES (?, ?, ?, ?, ?)").run(
        ctx.account,
        input.Name,
        arn,
        input.SAMLMetadataDocument,
        state.clock.now(),
      );
      state.putTags(ctx.account, "saml-provider", arn, tags);
    })();
    state.changed();
    const out: CreateSAMLProviderResponse = { SAMLProviderArn: arn };
    if (tags.length > 0) out.Tags = state.tags(ctx.account, "saml-provider", arn);
    return out;
  }

  function getSAMLProvider(input: GetSAMLProviderRequest, ctx: RequestContext): GetSAMLProviderResponse {
    const row = requireProvider(ctx.account, input.SAMLProviderArn);
    const out: GetSAMLProviderResponse = { SAMLMetadataDocument: row.metadata, CreateDate: new Date(row.create_date), ValidUntil: validUntil(row) };
    const tags = state.tags(ctx.account, "saml-provider", row.arn);
    if (tags.length > 0) out.Tags = tags;
    return out;
  }

  /** ListSAMLProviders: every provider at once (the API has no paging), in ARN order. */
  function listSAMLProviders(_input: unknown, ctx: RequestContext): ListSAMLProvidersResponse {
    const rows = db.prepare("SELECT * FROM iam_saml_providers WHERE account = ? ORDER BY arn").all(ctx.account) as ProviderRow[];
    return { SAMLProviderList: rows.map((r) => ({ Arn: r.arn, ValidUntil: validUntil(r), CreateDate: new Date(r.create_date) })) };
  }

  /** UpdateSAMLProvider: a new metadata document (new certificates) replaces the old one whole. */
  function updateSAMLProvider(input: UpdateSAMLProviderRequest, ctx: RequestContext): UpdateSAMLProviderResponse {
    const row = requireProvider(ctx.account, input.SAMLProviderArn);
    if (input.AssertionEncryptionMode !== undefined || input.AddPrivateKey !== undefined || input.RemovePrivateKey !== undefined)
      throw unsupportedSamlEncryption();
    if (input.SAMLMetadataDocument !== undefined) {
      metadataOf(input.SAMLMetadataDocument);
      db.prepare("UPDATE iam_saml_providers SET metadata = ? WHERE account = ? AND name = ?").run(input.SAMLMetadataDocument, ctx.account, row.name);
      state.changed();
    }
    return { SAMLProviderArn: row.arn };
  }

  function deleteSAMLProvider(input: DeleteSAMLProviderRequest, ctx: RequestContext): void {
    const row = requireProvider(ctx.account, input.SAMLProviderArn);
    db.transaction(() => {
      db.prepare("DELETE FROM iam_saml_providers WHERE account = ? AND name = ?").run(ctx.account, row.name);
      state.dropOwner(ctx.account, "saml-provider", row.arn);
    })();
    state.changed();
  }

  return {
    CreateSAMLProvider: createSAMLProvider,
    GetSAMLProvider: getSAMLProvider,
    ListSAMLProviders: listSAMLProviders,
    UpdateSAMLProvider: updateSAMLProvider,
    DeleteSAMLProvider: deleteSAMLProvider,
    TagSAMLProvider: (input: TagSAMLProviderRequest, ctx: RequestContext): void =>
      addTags(state, ctx.account, "saml-provider", requireProvider(ctx.account, input.SAMLProviderArn).arn, input.Tags),
    UntagSAMLProvider: (input: UntagSAMLProviderRequest, ctx: RequestContext): void =>
      removeTags(state, ctx.account, "saml-provider", requireProvider(ctx.account, input.SAMLProviderArn).arn, input.TagKeys),
    ListSAMLProviderTags: (input: ListSAMLProviderTagsRequest, ctx: RequestContext): ListSAMLProviderTagsResponse =>
      listTags(state, ctx.account, "saml-provider", requireProvider(ctx.account, input.SAMLProviderArn).arn, input),
  };
}
