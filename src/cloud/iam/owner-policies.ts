/**
 * Attached managed policies and inline policies, the same for roles, users and groups: role-policies.ts,
 * user-policies.ts and group-policies.ts give them AWS's operation names. Every change invalidates the identity directory.
 */
import type { RequestContext } from "../service.js";
import type { AttachedPolicy } from "../validation/iam-types.js";
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
import { type PageInput, paginate } from "./pagination.js";
import type { OwnerKind } from "./schema.js";
import type { IamState } from "./state.js";

/** IAM UG quotas: managed policies per role, user or group, and inline policies' total size per role (10240), user (2048) or group (5120). */
const MAX_ATTACHED = 10;
const INLINE_TOTAL: Record<OwnerKind, number> = { role: 10240, user: 2048, group: 5120 };

/** Per kind of owner: its lookup, and IAM's errors. */
const OWNERS = {
  role: {
    quota: "PoliciesPerRole",
    find: (s: IamState, a: string, n: string) => s.role(a, n),
    notFound: roleNotFound,
    inlineNotFound: rolePolicyNotFound,
    size: rolePolicySize,
  },
  user: {
    quota: "PoliciesPerUser",
    find: (s: IamState, a: string, n: string) => s.user(a, n),
    notFound: userNotFound,
    inlineNotFound: userPolicyNotFound,
    size: userPolicySize,
  },
  group: {
    quota: "PoliciesPerGroup",
    find: (s: IamState, a: string, n: string) => s.group(a, n),
    notFound: groupNotFound,
    inlineNotFound: groupPolicyNotFound,
    size: groupPolicySize,
  },
};

/** One page of the policies attached to an owner, the same structure for ListAttached{Role,User,Group}Policies. */
export interface AttachedPage {
  AttachedPolicies: AttachedPolicy[];
  IsTruncated: boolean;
  Marker?: string;
}

/** One page of an owner's inline policy names, for List{Role,User,Group}Policies. */
export interface InlineNamesPage {
  PolicyNames: string[];
  IsTruncated: boolean;
  Marker?: string;
}

/** An inline policy as Get{Role,User,Group}Policy answer it, with the owner's stored name. */
export interface InlinePolicy {
  owner: string;
  PolicyName: string;
  PolicyDocument: string;
}

export function ownerPolicies(state: IamState, kind: OwnerKind) {
  const db = state.db;
  const spec = OWNERS[kind];
  /** The owner's stored name (its case may differ from the request's). */
  const owner = (account: string, name: string): string => {
    const row = spec.find(state, account, name);
    if (row === undefined) throw spec.notFound(name);
    return row.name;
  };
  const inlineNotFound = spec.inlineNotFound;

  function attach(name: string, policyArn: string, ctx: RequestContext): void {
    const who = owner(ctx.account, name);
    if (parseArn(policyArn) === undefined) throw unparsableArn();
    const policy = state.policy(ctx.account, policyArn);
    if (policy === undefined) throw policyNotAttachable(policyArn);
    const attached = state.attached(ctx.account, kind, who);
    if (attached.includes(policyArn)) return;
    if (attached.length >= MAX_ATTACHED) throw quota(spec.quota, MAX_ATTACHED);
    const seq = db.prepare<[], { n: number }>("SELECT coalesce(max(seq), 0) + 1 AS n FROM iam_attachments").get()?.n ?? 1;
    db.prepare("INSERT INTO iam_attachments (account, kind, owner, policy_arn, seq) VALUES (?, ?, ?, ?, ?)").run(ctx.account, kind, who, policyArn, seq);
    state.changed();
  }

  function detach(name: string, policyArn: string, ctx: RequestContext): void {
    const who = owner(ctx.account, name);
    if (parseArn(policyArn) === undefined) throw unparsableArn();
    const gone = db
      .prepare("DELETE FROM iam_attachments WHERE account = ? AND kind = ? AND owner = ? AND policy_arn = ?")
      .run(ctx.account, kind, who, policyArn);
    if (gone.changes === 0) throw policyNotFound(policyArn);
    state.changed();
  }

  function listAttached(name: string, input: PageInput & { PathPrefix?: string }, ctx: RequestContext): AttachedPage {
    const who = owner(ctx.account, name);
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
  function put(name: string, input: { PolicyName: string; PolicyDocument: string }, ctx: RequestContext): void {
    const who = owner(ctx.account, name);
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

  function get(name: string, policyName: string, ctx: RequestContext): InlinePolicy {
    const who = owner(ctx.account, name);
    const row = db
      .prepare<[string, OwnerKind, string, string], { name: string; document: string }>(
        "SELECT name, document FROM iam_inline_policies WHERE account = ? AND kind = ? AND owner = ? AND name = ?",
      )
      .get(ctx.account, kind, who, policyName);
    if (row === undefined) throw inlineNotFound(policyName);
    return { owner: who, PolicyName: row.name, PolicyDocument: encodeDocument(row.document) };
  }

  function remove(name: string, policyName: string, ctx: RequestContext): void {
    const who = owner(ctx.account, name);
    const gone = db
      .prepare("DELETE FROM iam_inline_policies WHERE account = ? AND kind = ? AND owner = ? AND name = ?")
      .run(ctx.account, kind, who, policyName);
    if (gone.changes === 0) throw inlineNotFound(policyName);
    state.changed();
  }

  function list(name: string, input: PageInput, ctx: RequestContext): InlineNamesPage {
    const who = owner(ctx.account, name);
    const page = paginate(
      state.inline(ctx.account, kind, who).map((p) => p.name),
      input,
    );
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  }

  return { attach, detach, listAttached, put, get, remove, list };
}
