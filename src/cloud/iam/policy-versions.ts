/** Policy versions: CreatePolicyVersion (at most five), GetPolicyVersion, ListPolicyVersions, SetDefault…, DeletePolicyVersion. */
import type { RequestContext } from "../service.js";
import type {
  CreatePolicyVersionRequest,
  CreatePolicyVersionResponse,
  DeletePolicyVersionRequest,
  GetPolicyVersionRequest,
  GetPolicyVersionResponse,
  ListPolicyVersionsRequest,
  ListPolicyVersionsResponse,
  SetDefaultPolicyVersionRequest,
} from "../validation/iam-types.js";
import { checkDocument, encodeDocument, policySize } from "./documents.js";
import { defaultVersion, policyVersionNotFound, quota, tooManyVersions } from "./errors.js";
import { paginate } from "./pagination.js";
import { MANAGED_POLICY_SIZE, requireLocalPolicy, requirePolicy } from "./policies.js";
import type { IamState } from "./state.js";

/** IAM UG quotas: "Versions per managed policy: 5". */
const MAX_VERSIONS = 5;

interface VersionRow {
  version_id: string;
  document: string;
  create_date: number;
}

export function policyVersionOperations(state: IamState) {
  const db = state.db;
  const versions = (arn: string) =>
    db
      .prepare<[string], VersionRow>(
        "SELECT version_id, document, create_date FROM iam_policy_versions WHERE policy_arn = ? ORDER BY CAST(substr(version_id, 2) AS INTEGER) DESC",
      )
      .all(arn);

  /** CreatePolicyVersion. Ids are never reused: v1, v2, … even after deletions. */
  function createPolicyVersion(input: CreatePolicyVersionRequest, ctx: RequestContext): CreatePolicyVersionResponse {
    const row = requireLocalPolicy(state, ctx.account, input.PolicyArn);
    checkDocument(state.cache, input.PolicyDocument, "identity", { managed: true });
    if (policySize(input.PolicyDocument) > MANAGED_POLICY_SIZE) throw quota("PolicySize", MANAGED_POLICY_SIZE);
    if (versions(row.arn).length >= MAX_VERSIONS) throw tooManyVersions();
    const versionId = `v${row.next_version}`;
    const now = state.clock.now();
    const asDefault = input.SetAsDefault === true;
    db.transaction(() => {
      db.prepare("INSERT INTO iam_policy_versions (policy_arn, version_id, document, create_date) VALUES (?, ?, ?, ?)").run(
        row.arn,
        versionId,
        input.PolicyDocument,
        now,
      );
      db.prepare("UPDATE iam_policies SET next_version = next_version + 1, update_date = ?, default_version = ? WHERE arn = ?").run(
        now,
        asDefault ? versionId : row.default_version,
        row.arn,
      );
    })();
    if (asDefault) state.changed();
    return { PolicyVersion: { VersionId: versionId, IsDefaultVersion: asDefault, CreateDate: new Date(now) } };
  }

  /** GetPolicyVersion: the document URL-encoded, as IAM returns it. */
  function getPolicyVersion(input: GetPolicyVersionRequest, ctx: RequestContext): GetPolicyVersionResponse {
    const p = requirePolicy(state, ctx.account, input.PolicyArn);
    if (p.kind === "aws") {
      const m = p.policy;
      if (input.VersionId !== m.defaultVersion) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
      return {
        PolicyVersion: { Document: encodeDocument(m.document), VersionId: m.defaultVersion, IsDefaultVersion: true, CreateDate: new Date(m.updateDate) },
      };
    }
    const v = versions(p.row.arn).find((x) => x.version_id === input.VersionId);
    if (v === undefined) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
    return {
      PolicyVersion: {
        Document: encodeDocument(v.document),
        VersionId: v.version_id,
        IsDefaultVersion: v.version_id === p.row.default_version,
        CreateDate: new Date(v.create_date),
      },
    };
  }

  /** ListPolicyVersions, newest first; documents are left out, as on AWS. */
  function listPolicyVersions(input: ListPolicyVersionsRequest, ctx: RequestContext): ListPolicyVersionsResponse {
    const p = requirePolicy(state, ctx.account, input.PolicyArn);
    const all =
      p.kind === "aws"
        ? [{ VersionId: p.policy.defaultVersion, IsDefaultVersion: true, CreateDate: new Date(p.policy.updateDate) }]
        : versions(p.row.arn).map((v) => ({
            VersionId: v.version_id,
            IsDefaultVersion: v.version_id === p.row.default_version,
            CreateDate: new Date(v.create_date),
          }));
    const page = paginate(all, input);
    return { Versions: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  /** SetDefaultPolicyVersion: every principal the policy is attached to now gets that version's permissions. */
  function setDefaultPolicyVersion(input: SetDefaultPolicyVersionRequest, ctx: RequestContext): void {
    const row = requireLocalPolicy(state, ctx.account, input.PolicyArn);
    if (!versions(row.arn).some((v) => v.version_id === input.VersionId)) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
    db.prepare("UPDATE iam_policies SET default_version = ?, update_date = ? WHERE arn = ?").run(input.VersionId, state.clock.now(), row.arn);
    state.changed();
  }

  /** DeletePolicyVersion: never the default one (DeleteConflict, as on AWS). */
  function deletePolicyVersion(input: DeletePolicyVersionRequest, ctx: RequestContext): void {
    const row = requireLocalPolicy(state, ctx.account, input.PolicyArn);
    if (!versions(row.arn).some((v) => v.version_id === input.VersionId)) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
    if (input.VersionId === row.default_version) throw defaultVersion();
    db.prepare("DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?").run(row.arn, input.VersionId);
    state.cache.invalidate(row.arn, input.VersionId);
  }

  return { createPolicyVersion, getPolicyVersion, listPolicyVersions, setDefaultPolicyVersion, deletePolicyVersion };
}
