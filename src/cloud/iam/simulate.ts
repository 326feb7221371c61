/** SimulatePrincipalPolicy and SimulateCustomPolicy: the policy engine's decisions in IAM's EvaluationResult shape. */
import { arnPrefix } from "../partitions.js";
import {
  type AuthorizationRequest,
  type ContextValue,
  type MatchedStatement,
  type PolicyInput,
  type RequestPrincipal,
  evaluate,
  missingContextKeys,
} from "../../policy/index.js";
import type { RequestContext } from "../service.js";
import type {
  ContextEntry,
  EvaluationResult,
  PolicySourceType,
  SimulateCustomPolicyRequest,
  SimulatePolicyResponse,
  SimulatePrincipalPolicyRequest,
  Statement,
} from "../validation/iam-types.js";
import { checkDocument } from "./documents.js";
import type { IamDirectory } from "./directory.js";
import { groupNotFound, invalidPolicySource, roleNotFound, userNotFound } from "./errors.js";
import { paginate } from "./pagination.js";
import type { IamState } from "./state.js";

/**
 * Recorded on AWS for identity policies (iam_test_iam: test_simulate_principle_policy), not the model's enum:
 * the wire carries a value the generated PolicySourceType does not list, hence the one cast.
 */
const IDENTITY_SOURCE_TYPE = "IAM Policy" as PolicySourceType;

function contextOf(entries: readonly ContextEntry[] | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    if (e.ContextKeyName === undefined) continue;
    const values = e.ContextKeyValues ?? [];
    out[e.ContextKeyName] = e.ContextKeyType?.endsWith("List") ? values : (values[0] ?? "");
  }
  return out;
}

const statementView = (m: MatchedStatement): Statement => ({
  SourcePolicyId: m.sourcePolicyId,
  SourcePolicyType: m.use === "resource" ? "resource" : IDENTITY_SOURCE_TYPE,
  StartPosition: { Line: m.startPosition.line, Column: m.startPosition.column },
  EndPosition: { Line: m.endPosition.line, Column: m.endPosition.column },
});

interface Simulation {
  principal: RequestPrincipal;
  policies: PolicyInput[];
  input: SimulateCustomPolicyRequest | SimulatePrincipalPolicyRequest;
}

/** One EvaluationResult per action and resource, in request order, each with its one ResourceSpecificResult. */
function simulate(state: IamState, s: Simulation): SimulatePolicyResponse {
  const { input } = s;
  const policies = [...s.policies];
  if (input.ResourcePolicy !== undefined) {
    policies.push({ policy: checkDocument(state.cache, input.ResourcePolicy, "resource"), id: "ResourcePolicy", use: "resource", sourceType: "resource" });
  }
  const context = contextOf(input.ContextEntries);
  const resources = input.ResourceArns !== undefined && input.ResourceArns.length > 0 ? input.ResourceArns : ["*"];
  const results: EvaluationResult[] = [];
  for (const action of input.ActionNames) {
    for (const resource of resources) {
      const request: AuthorizationRequest = { principal: s.principal, action, resource, context, now: new Date(state.clock.now()) };
      if (input.ResourceOwner !== undefined) request.resourceAccount = /^arn:[\w-]+:iam::(\d{12}):root$/.exec(input.ResourceOwner)?.[1] ?? input.ResourceOwner;
      const d = evaluate(request, policies);
      const matched = d.matchedStatements.map(statementView);
      // AWS lists missing keys at the top for the resource "*", under ResourceSpecificResults for named resources.
      const missing = missingContextKeys(request, policies);
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: d.evalDecision,
        MatchedStatements: matched,
        MissingContextValues: resource === "*" ? missing : [],
        OrganizationsDecisionDetail: { AllowedByOrganizations: true },
        ...(d.allowedByPermissionsBoundary === undefined
          ? {}
          : { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: d.allowedByPermissionsBoundary } }),
        EvalDecisionDetails: new Map(),
        ResourceSpecificResults: [
          {
            EvalResourceName: resource,
            EvalResourceDecision: d.evalDecision,
            MatchedStatements: matched,
            MissingContextValues: resource === "*" ? [] : missing,
            ...(d.allowedByPermissionsBoundary === undefined
              ? {}
              : { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: d.allowedByPermissionsBoundary } }),
          },
        ],
      });
    }
  }
  const page = paginate(results, input);
  return { EvaluationResults: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

/** PolicyInputList documents, identified as AWS identifies them: `PolicyInputList.1`, … */
function inputPolicies(state: IamState, texts: readonly string[] | undefined): PolicyInput[] {
  return (texts ?? []).map((text, i) => ({
    policy: checkDocument(state.cache, text, "identity"),
    id: `PolicyInputList.${i + 1}`,
    sourceType: IDENTITY_SOURCE_TYPE,
  }));
}

/** PermissionsBoundaryPolicyInputList: a boundary given as text, in place of the entity's own (IAM API reference). */
function boundaryInputs(state: IamState, texts: readonly string[] | undefined): PolicyInput[] {
  return (texts ?? []).map(
    (text, i): PolicyInput => ({ policy: checkDocument(state.cache, text, "identity"), id: `PermissionsBoundaryPolicyInputList.${i + 1}`, use: "boundary" }),
  );
}

export function simulateOperations(state: IamState, directory: IamDirectory) {
  /** SimulateCustomPolicy: only the given documents count; CallerArn (default: an unnamed user of the account) is the caller. */
  function simulateCustomPolicy(input: SimulateCustomPolicyRequest, ctx: RequestContext): SimulatePolicyResponse {
    const principal: RequestPrincipal =
      input.CallerArn !== undefined
        ? { kind: "User", arn: input.CallerArn, accountId: /^arn:[\w-]+:iam::(\d{12}):/.exec(input.CallerArn)?.[1] ?? ctx.account }
        : { kind: "User", arn: `${arnPrefix(ctx.region)}iam::${ctx.account}:user/`, accountId: ctx.account };
    return simulate(state, {
      principal,
      policies: [...inputPolicies(state, input.PolicyInputList), ...boundaryInputs(state, input.PermissionsBoundaryPolicyInputList)],
      input,
    });
  }

  /** SimulatePrincipalPolicy: the user's (with its groups'), group's or role's own policies, plus any PolicyInputList documents. */
  function simulatePrincipalPolicy(input: SimulatePrincipalPolicyRequest, ctx: RequestContext): SimulatePolicyResponse {
    const arn = input.PolicySourceArn;
    const entity = /^arn:[\w-]+:iam::\d{12}:(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (entity === null) throw invalidPolicySource(arn);
    const [, kind, name = ""] = entity;
    const found = directory.entityPolicies(ctx.account, arn);
    if (found === undefined) throw kind === "user" ? userNotFound(name) : kind === "group" ? groupNotFound(name) : roleNotFound(name);
    const own = found.identity.map((p) => ({
      ...p,
      id: p.id.replace(/^arn:[\w-]+:iam::(\d{12}|aws):policy\/(?:.*\/)?/, ""),
      sourceType: IDENTITY_SOURCE_TYPE,
    }));
    // A boundary given in the request replaces the entity's own, as AWS documents for PermissionsBoundaryPolicyInputList.
    const given = boundaryInputs(state, input.PermissionsBoundaryPolicyInputList);
    const boundary = given.length > 0 ? given : [...(found.boundary ?? [])];
    return simulate(state, { principal: found.principal, policies: [...own, ...inputPolicies(state, input.PolicyInputList), ...boundary], input });
  }

  return { simulateCustomPolicy, simulatePrincipalPolicy };
}
