/**
 * Enforcement: every call by a principal other than an account's root is authorized with the IAM
 * action of its operation (`logs:PutLogEvents`) on the resource ARNs AWS's service authorization
 * reference gives for it, against the caller's policies as IAM holds them.
 */
import type { IdentityDirectory } from "./iam/index.js";
import { type AuthorizationRequest, denialMessage, evaluate, principalFromArn } from "../policy/index.js";
import type { ConditionValues } from "./authorization-table.js";
import { AwsError } from "./protocol/aws-error.js";
import type { RequestContext, ServiceDefinition } from "./service.js";

/** A denial in each service's own words: AccessDeniedException (JSON), AccessDenied (IAM, STS), UnauthorizedOperation (EC2). */
function accessDenied(service: ServiceDefinition, message: string): AwsError {
  if (service.protocols.includes("ec2")) return new AwsError("UnauthorizedOperation", `You are not authorized to perform this operation. ${message}`, 403);
  if (service.protocols.includes("query") && !service.protocols.includes("json")) return new AwsError("AccessDenied", message, 403);
  return new AwsError("AccessDeniedException", message, 400);
}

/**
 * aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge (IAM UG, global condition keys): absent for long-term
 * keys, false for temporary credentials issued without MFA, true with the seconds since MFA otherwise.
 */
function mfaConditions(ctx: RequestContext): AuthorizationRequest["context"] {
  const at = ctx.principal.mfaAuthenticatedAt;
  if (at === undefined) return {};
  if (at === null) return { "aws:MultiFactorAuthPresent": false };
  return { "aws:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": String(Math.max(0, Math.floor((ctx.clock.now() - at) / 1000))) };
}

export class Authorizer {
  constructor(private readonly directory: () => IdentityDirectory | undefined) {}

  /** Throws the service's access-denied error unless the caller may call the operation on every resource it touches. */
  authorize(service: ServiceDefinition, operation: string, input: unknown, ctx: RequestContext, sourceIp?: string): void {
    const row = service.authorization?.[operation];
    // Rows the identity policies do not decide: no permission at all (GetCallerIdentity), or an
    // operation that evaluates identity and resource policies together itself (AssumeRole).
    if (row !== undefined && row.decider !== "identity") return;
    const action = row?.action ?? `${service.actionPrefix ?? service.signingName}:${operation}`;
    const extra = row?.conditions?.((input ?? {}) as Record<string, unknown>) ?? {};
    this.authorizeAction(service, action, service.resourcesFor?.(operation, input, ctx) ?? ["*"], ctx, sourceIp, extra);
  }

  /** The same for any action on given resources, worded as `service` words its denials. */
  authorizeAction(
    service: ServiceDefinition,
    action: string,
    resources: readonly string[],
    ctx: RequestContext,
    sourceIp?: string,
    extra: ConditionValues = {},
  ): void {
    if (ctx.principal.isRoot) return;
    // A principal IAM no longer knows (deleted user or role) has no policies: every request is denied.
    const found = this.directory()?.policiesFor(ctx.account, ctx.principal.arn, ctx.principal.accessKeyId);
    const policies = found === undefined ? [] : [...found.identity, ...(found.session ?? []), ...(found.boundary ?? [])];
    const principal = found?.principal ?? principalFromArn(ctx.principal.arn);
    for (const resource of resources) {
      const request: AuthorizationRequest = {
        principal,
        action,
        resource,
        now: new Date(ctx.clock.now()),
        context: {
          "aws:SecureTransport": false,
          "aws:RequestedRegion": ctx.region,
          ...(sourceIp === undefined ? {} : { "aws:SourceIp": sourceIp }),
          ...mfaConditions(ctx),
          ...(service.resourceConditions?.(resource, ctx) ?? {}),
          ...extra,
        },
      };
      const decision = evaluate(request, policies);
      if (decision.decision !== "Allow") throw accessDenied(service, denialMessage(request, decision));
    }
  }
}
