/**
 * Attached managed policies and inline policies, the same for roles, users and groups: role-policies.ts,
 * user-policies.ts and group-policies.ts give them AWS's operation names. Every change invalidates the identity directory.
 */
import type { RequestContext } from "../service.js";
import { parseArn } from "./arn.js";
import { checkDocument, encodeDocument, policySize } from "./documents.js";
import {
  groupNotFound,
  groupPolicyNotFound,
  groupPolicySize,
  policyNotAttachable,
  policyNotFound,
  quota,
  roleNotFound,
  rolePolicyNotFound,
  rolePolicySize,
  unparsableArn,
  userNotFound,
  userPolicyNotFound,
  userPolicySize,
} from "./errors.js";
import type { AttachPolicyRequest, InlinePolicyRequest, ListAttachedRequest, ListInlineRequest, PutInlinePolicyRequest } from "./inputs.js";
import { paginate } from "./pagination.js";
import type { OwnerKind } from "./schema.js";
import type { IamState } from "./state.js";

/** IAM UG quotas: managed policies per role, user or group, and inline policies' total size per role (10240), user (2048) or group (5120). */
const MAX_ATTACHED = 10;
const INLINE_TOTAL: Record<OwnerKind, number> = { role: 10240, user: 2048, group: 5120 };

/** Per kind of owner: the input member naming it, its lookup, and IAM's errors. */
const OWNERS = {
  role: { key: "RoleName", quota: "PoliciesPerRole", find: (s: IamState, a: string, n: string) => s.role(a, n), notFound: roleNotFound, inlineNotFound: rolePolicyNotFound, size: rolePolicySize },
  user: { key: "UserName", quota: "PoliciesPerUser", find: (s: IamState, a: string, n: string) => s.user(a, n), notFound: userNotFound, inlineNotFound: userPolicyNotFound, size: userPolicySize },
  group: { key: "GroupName", quota: "PoliciesPerGroup", find: (s: IamState, a: string, n: string) => s.group(a, n), notFound: groupNotFound, inlineNotFound: groupPolicyNotFound, size: groupPolicySize },
} as const;

export function ownerPolicies(state: IamState, kind: OwnerKind) {
  const db = state.db;
  const spec = OWNERS[kind];
  const nameOf = (input: { RoleName?: string; UserName?: string; GroupName?: string }) => input[spec.key] ?? "";
  /** The owner's stored name (its case may differ from the request's). */
  const owner = (account: string, name: string): string => {
    const row = spec.find(state, account, name);
    if (row === undefined) throw spec.notFound(name);
    return row.name;
  };
  const inlineNotFound = spec.inlineNotFound;

  function attach(input: AttachPolicyRequest, ctx: RequestContext): void {
    const who = owner(ctx.account, nameOf(input));
    if (parseArn(input.PolicyArn) === undefined) throw unparsableArn();
    const policy = state.policy(ctx.account, input.PolicyArn);
    if (policy === undefined) throw policyNotAttachable(input.PolicyArn);
    const attached = state.attached(ctx.account, kind, who);
    if (attached.includes(input.PolicyArn)) return;
    if (attached.length >= MAX_ATTACHED) throw quota(spec.quota, MAX_ATTACHED);
    const seq = db.prepare("SELECT coalesce(max(seq), 0) + 1 AS n FROM iam_attachments").get() as { n: number };
    db.prepare("INSERT INTO iam_attachments (account, kind, owner, policy_arn, seq) VALUES (?, ?, ?, ?, ?)").run(ctx.account, kind, who, input.PolicyArn, seq.n);
    state.changed();
  }

  function detach(input: AttachPolicyRequest, ctx: RequestContext): void {
    const who = owner(ctx.account, nameOf(input));
    if (parseArn(input.PolicyArn) === undefined) throw unparsableArn();
    const gone = db.prepare("DELETE FROM iam_attachments WHERE account = ? AND kind = ? AND owner = ? AND policy_arn = ?").run(ctx.account, kind, who, input.PolicyArn);
    if (gone.changes === 0) throw policyNotFound(input.PolicyArn);
    state.changed();
  }

  function listAttached(input: ListAttachedRequest, ctx: RequestContext) {
    const who = owner(ctx.account, nameOf(input));
    const prefix = input.PathPrefix ?? "/";
    const all = state
      .attached(ctx.account, kind, who)
      .map((arn) => state.policy(ctx.account, arn))
      .flatMap((p) => (p === undefined ? [] : [p.kind === "aws" ? p.policy : { name: p.row.name, arn: p.row.arn, path: p.row.path }]))
      .filter((p) => p.path.startsWith(prefix))
      .map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
    const page = paginate(all, input);
    return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  /** Put…Policy: creates or replaces the inline policy of that name. */
  function put(input: PutInlinePolicyRequest, ctx: RequestContext): void {
    const who = owner(ctx.account, nameOf(input));
    checkDocument(state.cache, input.PolicyDocument, "identity");
    const others = state.inline(ctx.account, kind, who).filter((p) => p.name.toLowerCase() !== input.PolicyName.toLowerCase());
    const total = others.reduce((n, p) => n + policySize(p.document), policySize(input.PolicyDocument));
    if (total > INLINE_TOTAL[kind]) throw spec.size(who);
    db.prepare(
      `INSERT INTO iam_inline_policies (account, kind, owner, name, document) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account, kind, owner, name) DO UPDATE SET document = excluded.document`,
    ).run(ctx.account, kind, who, input.PolicyName, input.PolicyDocument);
    state.changed();
  }

  function get(input: InlinePolicyRequest, ctx: RequestContext) {
    const who = owner(ctx.account, nameOf(input));
    const row = db
      .prepare("SELECT name, document FROM iam_inline_policies WHERE account = ? AND kind = ? AND owner = ? AND name = ?")
      .get(ctx.account, kind, who, input.PolicyName) as { name: string; document: string } | undefined;
    if (row === undefined) throw inlineNotFound(input.PolicyName);
    return { [spec.key]: who, PolicyName: row.name, PolicyDocument: encodeDocument(row.document) };
  }

  function remove(input: InlinePolicyRequest, ctx: RequestContext): void {
    const who = owner(ctx.account, nameOf(input));
    const gone = db.prepare("DELETE FROM iam_inline_policies WHERE account = ? AND kind = ? AND owner = ? AND name = ?").run(ctx.account, kind, who, input.PolicyName);
    if (gone.changes === 0) throw inlineNotFound(input.PolicyName);
    state.changed();
  }

  function list(input: ListInlineRequest, ctx: RequestContext) {
    const who = owner(ctx.account, nameOf(input));
    const page = paginate(
      state.inline(ctx.account, kind, who).map((p) => p.name),
      input,
    );
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  return { attach, detach, listAttached, put, get, remove, list };
}
