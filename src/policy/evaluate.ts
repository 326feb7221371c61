/** evaluate: AWS's decision for one request over a set of compiled policies (explicit deny > allow > implicit deny). */
import { testCondition } from "./conditions.js";
import { type AuthorizationRequest, RequestContext } from "./context.js";
import type { CompiledPolicy, CompiledStatement, Position } from "./document.js";
import { type PrincipalMatch, matchPrincipal } from "./principals.js";

/**
 * How a policy takes part: session policies and permissions boundaries only narrow; a trust policy must
 * allow for AssumeRole to succeed.
 */
export type PolicyUse = "identity" | "resource" | "trust" | "session" | "boundary";

export interface PolicyInput {
  policy: CompiledPolicy;
  /** SimulatePolicy's SourcePolicyId: a policy name, an ARN, "PolicyInputList.1", ... */
  id: string;
  /** SimulatePolicy's SourcePolicyType: user, group, role, aws-managed, user-managed, resource, none. */
  sourceType?: string;
  /** Defaults to the document's kind; session policies are identity documents passed with use "session". */
  use?: PolicyUse;
}

export interface MatchedStatement {
  sourcePolicyId: string;
  sourcePolicyType: string;
  use: PolicyUse;
  sid: string | undefined;
  statementIndex: number;
  effect: "Allow" | "Deny";
  startPosition: Position;
  endPosition: Position;
}

export type DecisionKind = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface Decision {
  decision: DecisionKind;
  /** SimulatePolicy's EvalDecision. */
  evalDecision: "allowed" | "explicitDeny" | "implicitDeny";
  /** The deny statements that matched for an explicit deny, otherwise the allow statements that matched. */
  matchedStatements: MatchedStatement[];
  /** The clause AWS appends to its denial message ("because no identity-based policy allows the X action"). */
  reason: string;
  /** For a denial: the kind of policy that denied, or that had no allow. */
  policyType?: "identity-based policy" | "resource-based policy" | "session policy" | "permissions boundary";
  /** SimulatePolicy's PermissionsBoundaryDecisionDetail: undefined when no boundary took part. */
  allowedByPermissionsBoundary?: boolean;
}

const _EVAL = { Allow: "allowed", ExplicitDeny: "explicitDeny", ImplicitDeny: "implicitDeny" } as const;
const STRENGTH: Record<PrincipalMatch, number> = { none: 0, account: 1, direct: 2, session: 3 };

function statementMatch(s: CompiledStatement, ctx: RequestContext): PrincipalMatch {
  const m = statementApplies(s, ctx);
  if (m === "none") return "none";
  for (const c of s.conditions) if (!testCondition(c, ctx)) return "none";
  return m;
}

/** Action, resource and principal, conditions aside. */
function statementApplies(s: CompiledStatement, ctx: RequestContext): PrincipalMatch {
  const action = ctx.action;
  let hit = s.action.exact.has(action);
  if (!hit)
    for (const p of s.action.patterns)
      if (p.test(action, ctx)) {
        hit = true;
        break;
      }
  if (hit === s.notAction) return "none";
  if (s.resource !== undefined) {
    const resource = ctx.request.resource;
    let r = false;
    for (const p of s.resource)
      if (p.test(resource, ctx)) {
        r = true;
        break;
      }
    if (r === s.notResource) return "none";
  }
  let m: PrincipalMatch = "direct";
  if (s.principal !== undefined) {
    const named = matchPrincipal(s.principal, ctx.request.principal);
    m = s.notPrincipal ? (named === "none" ? "direct" : "none") : named;
    if (m === "none") return "none";
  }
  return m;
}

const useOf = (input: PolicyInput): PolicyUse => input.use ?? input.policy.kind;

/**
 * AWS's policy evaluation logic within one account, and across accounts (IAM UG, policy evaluation logic):
 * any matching Deny wins; then an allow from an identity policy (narrowed by session policies) or from a
 * resource policy naming the caller suffices in the same account; across accounts both sides must allow. A
 * resource policy naming only the account delegates to that account's identity policies. For AssumeRole the
 * trust policy must always allow. A permissions boundary narrows identity allows (and resource allows naming a
 * role) as a session policy does. Organizations SCPs/RCPs are not modelled.
 */
export function evaluate(request: AuthorizationRequest, policies: readonly PolicyInput[]): Decision {
  const ctx = new RequestContext(request);
  const denies: MatchedStatement[] = [];
  const allows: MatchedStatement[] = [];
  let denyUse: PolicyUse | undefined;
  let identityAllow = false;
  let sessionAllow = false;
  let hasSession = false;
  let boundaryAllow = false;
  let hasBoundary = false;
  let hasTrust = false;
  let resourceGrant: PrincipalMatch = "none";
  let trustGrant: PrincipalMatch = "none";

  for (const input of policies) {
    const use = useOf(input);
    if (use === "session") hasSession = true;
    else if (use === "trust") hasTrust = true;
    else if (use === "boundary") hasBoundary = true;
    const policy = input.policy;
    for (const s of policy.byService.get(ctx.service) ?? policy.anyService) {
      const m = statementMatch(s, ctx);
      if (m === "none") continue;
      const matched: MatchedStatement = {
        sourcePolicyId: input.id,
        sourcePolicyType: input.sourceType ?? (use === "resource" || use === "trust" ? "resource" : "none"),
        use,
        sid: s.sid,
        statementIndex: s.index,
        effect: s.effect,
        startPosition: s.start,
        endPosition: s.end,
      };
      if (s.effect === "Deny") {
        denies.push(matched);
        denyUse ??= use;
        continue;
      }
      // A boundary grants nothing: its allows only say the boundary does not stand in the way.
      if (use === "boundary") {
        boundaryAllow = true;
        continue;
      }
      allows.push(matched);
      if (use === "identity") identityAllow = true;
      else if (use === "session") sessionAllow = true;
      else if (use === "trust") trustGrant = STRENGTH[m] > STRENGTH[trustGrant] ? m : trustGrant;
      else resourceGrant = STRENGTH[m] > STRENGTH[resourceGrant] ? m : resourceGrant;
    }
  }

  const action = request.action;
  const boundaryDetail = hasBoundary ? { allowedByPermissionsBoundary: boundaryAllow && !denies.some((d) => d.use === "boundary") } : {};
  if (denies.length > 0) {
    const policyType = typeName(denyUse ?? "identity");
    return {
      decision: "ExplicitDeny",
      evalDecision: "explicitDeny",
      matchedStatements: denies,
      reason: `with an explicit deny in ${article(policyType)} ${policyType}`,
      policyType,
      ...boundaryDetail,
    };
  }

  const p = request.principal;
  const noIdentity = p.kind === "Service" || p.kind === "Anonymous" || p.kind === "WebIdentity";
  const crossAccount = request.resourceAccount !== undefined && p.accountId !== undefined && request.resourceAccount !== p.accountId;
  // The root user's identity side allows everything, in its account and across accounts (where the
  // resource's policy must allow too); it cannot carry session policies.
  if (p.kind === "Account") identityAllow = true;
  const withinBoundary = !hasBoundary || boundaryAllow;
  const identityPermits = identityAllow && withinBoundary && (!hasSession || sessionAllow);
  // A grant naming the session itself is narrowed by neither session policies nor the boundary; one naming the
  // role is narrowed by both; one naming the IAM user is narrowed by its session policies but not by its boundary
  // (IAM UG, permissions boundaries: resource-based policies).
  const narrowed = (g: PrincipalMatch) => g === "session" || (g === "direct" && (p.kind === "User" || withinBoundary) && (!hasSession || sessionAllow));
  // Which policy type AWS names when the identity side allowed: the boundary before the session policy.
  const narrowing = (): Decision["policyType"] => (!withinBoundary ? "permissions boundary" : "session policy");

  let allowed: boolean;
  let missing: Decision["policyType"];
  if (noIdentity) {
    allowed = STRENGTH[hasTrust ? trustGrant : resourceGrant] >= STRENGTH.direct;
    missing = "resource-based policy";
  } else if (hasTrust) {
    allowed = trustGrant !== "none" && (crossAccount || trustGrant === "account" ? identityPermits : narrowed(trustGrant));
    missing = trustGrant === "none" ? "resource-based policy" : identityAllow ? narrowing() : "identity-based policy";
  } else {
    const resourcePermits = resourceGrant !== "none";
    allowed = crossAccount ? identityPermits && resourcePermits : identityPermits || narrowed(resourceGrant);
    if (identityAllow && !withinBoundary) missing = "permissions boundary";
    else if (hasSession && !sessionAllow && (identityAllow || resourceGrant === "direct")) missing = "session policy";
    else if (crossAccount && identityPermits) missing = "resource-based policy";
    else missing = "identity-based policy";
  }
  if (allowed) return { decision: "Allow", evalDecision: "allowed", matchedStatements: allows, reason: "allowed", ...boundaryDetail };
  return {
    decision: "ImplicitDeny",
    evalDecision: "implicitDeny",
    matchedStatements: allows,
    reason: `because no ${missing} allows the ${action} action`,
    policyType: missing,
    ...boundaryDetail,
  };
}

/**
 * SimulatePolicy's MissingContextValues: the condition keys of the statements that apply to the request's
 * action, resource and principal, which the request neither carries nor derives (a Null condition asks
 * whether a key is absent, so it needs no value). In the policies' spelling, each once, in policy order.
 */
export function missingContextKeys(request: AuthorizationRequest, policies: readonly PolicyInput[]): string[] {
  const ctx = new RequestContext(request);
  const missing = new Map<string, string>();
  for (const input of policies) {
    for (const s of input.policy.byService.get(ctx.service) ?? input.policy.anyService) {
      if (s.conditions.length === 0 || statementApplies(s, ctx) === "none") continue;
      for (const c of s.conditions) {
        if (c.info.family !== "null" && ctx.get(c.key) === undefined && !missing.has(c.key)) missing.set(c.key, c.name);
      }
    }
  }
  return [...missing.values()];
}

function typeName(use: PolicyUse): NonNullable<Decision["policyType"]> {
  return use === "identity"
    ? "identity-based policy"
    : use === "session"
      ? "session policy"
      : use === "boundary"
        ? "permissions boundary"
        : "resource-based policy";
}

const article = (s: string) => (/^[aeiou]/.test(s) ? "an" : "a");

/**
 * AWS's denial message: `User: <arn> is not authorized to perform: <action> on resource: <resource> <reason>`.
 * AWS writes "User:" for every kind of caller, role sessions included.
 */
export function denialMessage(request: AuthorizationRequest, decision: Decision): string {
  const who = request.principal.kind === "Anonymous" ? "anonymous" : request.principal.arn;
  return `User: ${who} is not authorized to perform: ${request.action} on resource: ${request.resource} ${decision.reason}`;
}
