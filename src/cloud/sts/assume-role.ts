/**
 * AssumeRole, from a caller over the wire or from a service principal inside the server (flow-log
 * delivery acting as vpc-flow-logs.amazonaws.com): the trust policy and the caller's own policies
 * decided by the policy engine, then temporary ASIA… credentials that expire on the injected clock.
 */
import type { Clock } from "../clock.js";
import { type AssumableRole, type IamDirectory, parseArn, parseRoleArn } from "../iam/index.js";
import { partitionId } from "../partitions.js";
import { type AuthorizationRequest, type PolicyInput, evaluate } from "../../policy/index.js";
import type { Principal, RequestContext } from "../service.js";
import type { AssumeRoleRequest, AssumeRoleResponse, Credentials } from "../validation/sts-types.js";
import { assumeRoleDenied, durationOverChainLimit, durationOverRoleMax, invalidArn, unknownSessionPolicy, unsupportedParameter } from "./errors.js";
import type { SessionRow, Sessions } from "./sessions.js";

/** Temporary credentials as AssumeRole's response carries them. */
export type TemporaryCredentials = Credentials;

export type ServiceAssumeResult =
  | { ok: true; credentials: TemporaryCredentials; principal: Principal; account: string; sessionArn: string }
  | { ok: false; reason: "InvalidRoleArn" | "NoSuchRole" | "TrustDenied"; message: string };

export interface ServiceAssumeContext {
  /** aws:SourceAccount: the account that owns the resource the service acts for (the flow log's). */
  sourceAccount: string;
  /** aws:SourceArn: that resource (`arn:aws:ec2:REGION:ACCOUNT:vpc-flow-log/fl-…`). */
  sourceArn: string;
  /** Default: the service's first label and the clock's milliseconds (AWS's own naming is not published). */
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
}

const DEFAULT_DURATION = 3600;
/** IAM UG, role chaining: a session assumed with a role session's credentials lasts at most an hour. */
const CHAIN_LIMIT = 3600;
/** AWS's packed limit for session policies, against which PackedPolicySize is a percentage (chosen measure). */
const PACKED_LIMIT = 2048;

export function assumeRoleOperations(directory: IamDirectory, sessions: Sessions, clock: Clock) {
  const toCredentials = (row: SessionRow): TemporaryCredentials => ({
    AccessKeyId: row.access_key_id,
    SecretAccessKey: row.secret,
    SessionToken: row.token,
    Expiration: new Date(row.expires_at),
  });

  /** AssumeRole. A role that does not exist is refused exactly as one whose trust policy says no (aws-spec §7.5). */
  function assumeRole(input: AssumeRoleRequest, ctx: RequestContext): AssumeRoleResponse {
    for (const [name, why] of [
      ["Tags", "session tags"],
      ["TransitiveTagKeys", "session tags"],
      ["SerialNumber", "MFA"],
      ["TokenCode", "MFA"],
      ["SourceIdentity", "source identity"],
      ["ProvidedContexts", "trusted identity propagation"],
    ] as const) {
      if (input[name] !== undefined) throw unsupportedParameter(name, why);
    }
    if (parseArn(input.RoleArn) === undefined) throw invalidArn(input.RoleArn);
    const caller = ctx.principal.arn;
    const denied = () => assumeRoleDenied(caller, input.RoleArn);

    const ref = parseRoleArn(input.RoleArn);
    const role = ref === undefined ? undefined : directory.assumableRole(ref.account, ref.name);
    if (role === undefined || role.arn !== input.RoleArn) throw denied();
    const callerPolicies = directory.policiesFor(ctx.account, caller, ctx.principal.accessKeyId);
    if (callerPolicies === undefined) throw denied();

    const request: AuthorizationRequest = {
      principal: callerPolicies.principal,
      action: "sts:AssumeRole",
      resource: role.arn,
      resourceAccount: role.account,
      now: new Date(clock.now()),
      context: { "sts:ExternalId": input.ExternalId, "sts:RoleSessionName": input.RoleSessionName },
    };
    const policies: PolicyInput[] = [
      ...callerPolicies.identity,
      ...(callerPolicies.session ?? []),
      ...(callerPolicies.boundary ?? []),
      { policy: role.trust, id: "trust", use: "trust" },
    ];
    if (evaluate(request, policies).decision !== "Allow") throw denied();

    const chained = callerPolicies.principal.kind === "AssumedRole";
    const duration = input.DurationSeconds ?? DEFAULT_DURATION;
    if (chained && duration > CHAIN_LIMIT) throw durationOverChainLimit();
    if (duration > role.maxSessionDuration) throw durationOverRoleMax();

    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? "");
    for (const arn of policyArns) if (directory.managedPolicyInput(role.account, arn) === undefined) throw unknownSessionPolicy(arn);
    if (input.Policy !== undefined) directory.compileSessionPolicy(input.Policy);

    const row = issue(role, input.RoleSessionName, duration, ctx.region, input.Policy, policyArns);
    const out: AssumeRoleResponse = {
      Credentials: toCredentials(row),
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${row.session_name}`, Arn: row.arn },
    };
    if (input.Policy !== undefined || policyArns.length > 0) {
      const packed = (input.Policy?.replace(/\s/g, "").length ?? 0) + policyArns.join("").length;
      out.PackedPolicySize = Math.max(1, Math.ceil((100 * packed) / PACKED_LIMIT));
    }
    return out;
  }

  function issue(role: AssumableRole, sessionName: string, duration: number, region: string, policy?: string, policyArns?: readonly string[]): SessionRow {
    const now = clock.now();
    const session: Parameters<Sessions["issue"]>[0] = {
      account: role.account,
      partition: partitionId(region),
      roleName: role.name,
      roleId: role.id,
      sessionName,
      createdAt: now,
      expiresAt: now + duration * 1000,
    };
    if (policy !== undefined) session.policy = policy;
    if (policyArns !== undefined && policyArns.length > 0) session.policyArns = policyArns;
    const row = sessions.issue(session);
    directory.noteRoleUsed(role.account, role.name, region, now);
    return row;
  }

  /**
   * A service principal assumes a role inside the server: the trust policy alone decides, with
   * aws:SourceAccount and aws:SourceArn in the request context, as AWS's services send them.
   */
  function assumeRoleAsService(roleArn: string, servicePrincipal: string, context: ServiceAssumeContext): ServiceAssumeResult {
    const denial = `${servicePrincipal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
    const ref = parseArn(roleArn) === undefined ? undefined : parseRoleArn(roleArn);
    if (ref === undefined) return { ok: false, reason: "InvalidRoleArn", message: `${roleArn} is invalid` };
    const role = directory.assumableRole(ref.account, ref.name);
    if (role === undefined || role.arn !== roleArn) return { ok: false, reason: "NoSuchRole", message: `The role with name ${ref.name} cannot be found.` };
    const request: AuthorizationRequest = {
      principal: { kind: "Service", arn: servicePrincipal },
      action: "sts:AssumeRole",
      resource: role.arn,
      resourceAccount: role.account,
      now: new Date(clock.now()),
      context: { "aws:SourceAccount": context.sourceAccount, "aws:SourceArn": context.sourceArn },
    };
    if (evaluate(request, [{ policy: role.trust, id: "trust", use: "trust" }]).decision !== "Allow")
      return { ok: false, reason: "TrustDenied", message: denial };
    const name = context.sessionName ?? `${servicePrincipal.split(".")[0]}-${clock.now()}`;
    const duration = Math.min(context.durationSeconds ?? DEFAULT_DURATION, role.maxSessionDuration);
    const row = issue(role, name, duration, context.region ?? "us-east-1");
    return {
      ok: true,
      credentials: toCredentials(row),
      principal: { accessKeyId: row.access_key_id, arn: row.arn, isRoot: false },
      account: role.account,
      sessionArn: row.arn,
    };
  }

  return { assumeRole, assumeRoleAsService };
}
