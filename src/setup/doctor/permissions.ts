/**
 * doctor's two permission questions — may the role deliver to the group, may the caller pass the role —
 * asked of SimulatePrincipalPolicy, and, when that is unavailable or refused, answered by flowwatch's own
 * evaluation of the principal's policies with the policy engine. What neither answers is "unknown".
 */
import { SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { type AuthorizationRequest, evaluate, principalFromArn, type RequestPrincipal } from "../../policy/index.js";
import { iamEntityName, logGroupArn, logGroupStreamsArn, nameOf, parseArn, type Scope, sessionRoleOf } from "../arns.js";
import type { AwsClients } from "../clients.js";
import type { Caller } from "../discover.js";
import type { Check } from "./check.js";
import { type IdentityPolicies, rolePolicies, userPolicies } from "./identity-policies.js";

const setupFix = "flowwatch setup (or doctor --fix)";

/** What the caller needs for doctor's own evaluation of a role. */
const READ_ROLE = "iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy, iam:GetPolicy, iam:GetPolicyVersion";
const READ_USER =
  "iam:GetUser, iam:ListAttachedUserPolicies, iam:ListUserPolicies, iam:GetUserPolicy, iam:ListGroupsForUser, iam:ListAttachedGroupPolicies, iam:ListGroupPolicies, iam:GetGroupPolicy, iam:GetPolicy, iam:GetPolicyVersion";

/** A role session's caller is checked as its role; users and roles as themselves. */
export function principalArnOf(caller: Caller): string {
  const session = sessionRoleOf(caller.arn);
  return session ? `arn:${session.partition}:iam::${session.account}:role/${session.role}` : caller.arn;
}

interface Ask {
  action: string;
  /** The resource the action is authorized on, for the own evaluation (CloudWatch Logs names `log-group:G:log-stream:S`). */
  resource: string;
}

type Answer = { decided: true; decisions: Map<string, string>; how: string } | { decided: false; why: string; fix: string };

const errorName = (error: unknown) => (error instanceof Error ? error.name : "Error");
const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Why SimulatePrincipalPolicy gave no answer, in words that do not blame the role. */
export function simulationFailure(error: unknown): { why: string; refused: boolean } {
  const name = errorName(error);
  if (/^AccessDenied/.test(name)) return { why: `SimulatePrincipalPolicy refused to the caller (${name})`, refused: true };
  if (["NotImplemented", "UnknownOperationException", "UnknownOperation", "InvalidAction"].includes(name))
    return { why: `SimulatePrincipalPolicy unavailable (${name})`, refused: false };
  // An answer that is no AWS error at all (moto_server answers an action it lacks with an HTML 500 page).
  if (name === "Error" || name === "TypeError" || name === "NotAwsResponseError") {
    const code = status(error) ?? (error as { status?: number }).status;
    return { why: `SimulatePrincipalPolicy unavailable (${code !== undefined ? `HTTP ${code}, not an AWS error` : (error as Error).message})`, refused: false };
  }
  return { why: `SimulatePrincipalPolicy failed (${name}: ${(error as Error).message})`, refused: false };
}

async function simulate(clients: AwsClients, principal: string, actions: string[], resource: string): Promise<Map<string, string>> {
  const answer = await clients.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: principal, ActionNames: actions, ResourceArns: [resource] }));
  return new Map((answer.EvaluationResults ?? []).map((r) => [r.EvalActionName ?? "", r.EvalDecision ?? "implicitDeny"]));
}

/** The request principal whose identity policies are `read`: a role is evaluated as a session of it. */
function requestPrincipal(arn: string): RequestPrincipal {
  const role = iamEntityName(arn, "role");
  const parsed = parseArn(arn);
  if (role === undefined || parsed === undefined) return principalFromArn(arn);
  return {
    kind: "AssumedRole",
    arn: `arn:${parsed.partition}:sts::${parsed.account}:assumed-role/${role}/flowwatch-doctor`,
    accountId: parsed.account,
    roleArn: arn,
  };
}

/** The decision AWS would reach from these identity policies alone (no SCPs, no session policies). */
function ownDecision(principal: RequestPrincipal, read: IdentityPolicies, ask: Ask): string {
  const request: AuthorizationRequest = { principal, action: ask.action, resource: ask.resource, now: new Date() };
  const decision = evaluate(request, read.policies);
  if (decision.evalDecision !== "allowed" || read.boundary === undefined) return decision.evalDecision;
  const bounded = evaluate(request, [read.boundary]);
  return bounded.evalDecision === "allowed" ? "allowed" : `${bounded.evalDecision} by the permissions boundary`;
}

async function decide(clients: AwsClients, principalArn: string, asks: Ask[], simulatedResource: string): Promise<Answer> {
  let because: string;
  try {
    return {
      decided: true,
      decisions: await simulate(
        clients,
        principalArn,
        asks.map((a) => a.action),
        simulatedResource,
      ),
      how: "",
    };
  } catch (error) {
    because = simulationFailure(error).why;
  }
  const name = nameOf(principalArn);
  const isRole = /:role\//.test(principalArn);
  if (!isRole && !/:user\//.test(principalArn))
    return {
      decided: false,
      why: `${because}, and flowwatch evaluates only roles' and users' policies, not ${principalArn}'s`,
      fix: "check this on an endpoint that has SimulatePrincipalPolicy",
    };
  let read: IdentityPolicies;
  try {
    read = isRole ? await rolePolicies(clients.iam, name) : await userPolicies(clients.iam, name);
  } catch (error) {
    // moto_server's default caller, for one, is a user IAM does not hold: nothing to read, nothing to grant.
    if (errorName(error) === "NoSuchEntityException" || errorName(error) === "NoSuchEntity") {
      return {
        decided: false,
        why: `${because}, and ${principalArn} is not a ${isRole ? "role" : "user"} IAM holds (${errorName(error)})`,
        fix: "run doctor as an IAM user or role of this account, or where SimulatePrincipalPolicy answers",
      };
    }
    return {
      decided: false,
      why: `${because}, and ${principalArn}'s policies could not be read (${errorName(error)}: ${(error as Error).message})`,
      fix: `allow the caller iam:SimulatePrincipalPolicy, or ${isRole ? READ_ROLE : READ_USER} so that flowwatch evaluates the policies itself`,
    };
  }
  const principal = requestPrincipal(principalArn);
  return {
    decided: true,
    decisions: new Map(asks.map((a) => [a.action, ownDecision(principal, read, a)])),
    how: ` (evaluated by flowwatch from ${read.summary}: ${because})`,
  };
}

/** May the flow log's role create the group's streams and put events (and create the group when it is missing)? */
export async function rolePermissionsCheck(clients: AwsClients, scope: Scope, role: string, logGroupName: string, groupExists: boolean): Promise<Check> {
  const group = logGroupArn(scope, logGroupName);
  // The delivery's own resources: streams are named <eni>-<traffic type>; one stands for all of them.
  const stream = `${group}:log-stream:eni-00000000000000000-all`;
  const asks: Ask[] = [
    { action: "logs:CreateLogStream", resource: stream },
    { action: "logs:PutLogEvents", resource: stream },
    ...(groupExists ? [] : [{ action: "logs:CreateLogGroup", resource: `${group}:log-stream:` }]),
  ];
  const actions = asks.map((a) => a.action);
  const answer = await decide(clients, role, asks, logGroupStreamsArn(scope, logGroupName));
  if (!answer.decided) return { id: "permissions", title: "role permissions", status: "unknown", detail: `could not check: ${answer.why}`, fix: answer.fix };
  const denied = actions.filter((a) => answer.decisions.get(a) !== "allowed");
  if (denied.length === 0)
    return { id: "permissions", title: "role permissions", status: "ok", detail: `${actions.join(", ")} allowed on ${group}${answer.how}` };
  return {
    id: "permissions",
    title: "role permissions",
    status: "fail",
    detail: `the role lacks permissions: denied ${denied.map((a) => `${a} (${answer.decisions.get(a) ?? "implicitDeny"})`).join(", ")}${answer.how}`,
    fix: `${setupFix}: the role's policy must allow ${denied.join(", ")} on ${logGroupStreamsArn(scope, logGroupName)}`,
  };
}

/** May the caller pass the role to EC2 (CreateFlowLogs needs iam:PassRole)? */
export async function passRoleCheck(clients: AwsClients, caller: Caller, role: string): Promise<Check> {
  if (caller.isRoot) return { id: "pass-role", title: "iam:PassRole", status: "ok", detail: "the account's root may pass any role" };
  const principal = principalArnOf(caller);
  const answer = await decide(clients, principal, [{ action: "iam:PassRole", resource: role }], role);
  if (!answer.decided) return { id: "pass-role", title: "iam:PassRole", status: "unknown", detail: `could not check: ${answer.why}`, fix: answer.fix };
  const decision = answer.decisions.get("iam:PassRole");
  if (decision === "allowed") return { id: "pass-role", title: "iam:PassRole", status: "ok", detail: `${principal} may pass ${role}${answer.how}` };
  return {
    id: "pass-role",
    title: "iam:PassRole",
    status: "fail",
    detail: `${principal} may not pass ${role} (${decision ?? "implicitDeny"}): CreateFlowLogs will fail${answer.how}`,
    fix: `allow iam:PassRole on ${role} to ${principal} (doctor --fix adds an inline policy when the caller is an IAM user allowed iam:PutUserPolicy)`,
  };
}
