/**
 * Reading a role's trust policy as the flow logs service meets it, with flowwatch's policy engine: does
 * an Allow name vpc-flow-logs.amazonaws.com for sts:AssumeRole, and does the whole policy admit this
 * flow log's aws:SourceAccount and aws:SourceArn? A condition on a key the service does not send is
 * reported as unverifiable rather than guessed.
 */
import { type AuthorizationRequest, evaluate, missingContextKeys, parsePolicyDocument, type PolicyInput } from "../../policy/index.js";
import { FLOW_LOGS_SERVICE } from "../documents.js";

export interface TrustVerdict {
  /** An Allow statement names the service and sts:AssumeRole; undefined: the document could not be read. */
  principal: boolean | undefined;
  /** The policy admits this flow log (conditions hold, no Deny applies); undefined: could not tell. */
  conditions: boolean | undefined;
  why: string;
}

interface Statement {
  Effect?: unknown;
  Condition?: unknown;
}

const statementsOf = (document: unknown): Statement[] => {
  const s = (document as { Statement?: unknown } | undefined)?.Statement;
  return (Array.isArray(s) ? s : s === undefined ? [] : [s]) as Statement[];
};

/** The same document with its Allow statements' conditions dropped and its Deny statements left out: who is named at all. */
function principalOnly(document: unknown): unknown {
  const statements = statementsOf(document)
    .filter((s) => s.Effect === "Allow")
    .map(({ Condition: _, ...rest }) => rest);
  return { ...(document as object), Statement: statements };
}

export function readTrust(document: unknown, context: { "aws:SourceAccount": string; "aws:SourceArn": string }, roleArn = "*"): TrustVerdict {
  let trust: PolicyInput;
  let named: PolicyInput;
  try {
    trust = { policy: parsePolicyDocument(JSON.stringify(document), "trust"), id: "trust", use: "trust" };
    named = { policy: parsePolicyDocument(JSON.stringify(principalOnly(document)), "trust"), id: "trust", use: "trust" };
  } catch (error) {
    return { principal: undefined, conditions: undefined, why: `flowwatch's policy engine cannot read the trust policy: ${(error as Error).message}` };
  }
  const request: AuthorizationRequest = {
    principal: { kind: "Service", arn: FLOW_LOGS_SERVICE },
    action: "sts:AssumeRole",
    resource: roleArn,
    context,
    now: new Date(),
  };
  if (evaluate(request, [named]).decision !== "Allow")
    return { principal: false, conditions: undefined, why: `no Allow statement lets ${FLOW_LOGS_SERVICE} sts:AssumeRole` };
  const decision = evaluate(request, [trust]);
  if (decision.decision === "ExplicitDeny") return { principal: true, conditions: false, why: "a Deny statement applies to this flow log" };
  if (decision.decision === "Allow") {
    const statements = statementsOf(document);
    const conditioned = decision.matchedStatements.some((m) => statements[m.statementIndex]?.Condition !== undefined);
    return {
      principal: true,
      conditions: true,
      why: conditioned ? "its conditions admit this flow log" : "no conditions (consider aws:SourceAccount and aws:SourceArn)",
    };
  }
  const missing = missingContextKeys(request, [trust]);
  if (missing.length > 0)
    return {
      principal: true,
      conditions: undefined,
      why: `condition key ${missing.join(", ")} is not one the flow logs service is known to send (aws:SourceAccount, aws:SourceArn)`,
    };
  return {
    principal: true,
    conditions: false,
    why: `the conditions do not admit aws:SourceAccount ${context["aws:SourceAccount"]} and aws:SourceArn ${context["aws:SourceArn"]}`,
  };
}
