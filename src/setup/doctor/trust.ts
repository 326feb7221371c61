/**
 * Reading a role's trust policy as the flow logs service meets it: does an Allow name
 * vpc-flow-logs.amazonaws.com for sts:AssumeRole, and do its conditions admit this flow log's
 * aws:SourceAccount and aws:SourceArn? Only the condition operators a trust policy uses are read;
 * anything else is reported as unverifiable rather than guessed.
 */
import { FLOW_LOGS_SERVICE } from "../documents.js";

export interface TrustVerdict {
  /** An Allow statement names the service and sts:AssumeRole. */
  principal: boolean;
  /** Such a statement's conditions hold for this flow log (and no Deny applies); undefined: could not tell. */
  conditions: boolean | undefined;
  why: string;
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** IAM's wildcards: `*` any run, `?` one character; case-insensitive for actions. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, ignoreCase ? "i" : "").test(value);
}

const actionMatches = (s: Statement) =>
  s.Action !== undefined ? list(s.Action).some((a) => typeof a === "string" && globMatch(a, "sts:AssumeRole", true)) : s.NotAction !== undefined && !list(s.NotAction).some((a) => typeof a === "string" && globMatch(a, "sts:AssumeRole", true));

function principalMatches(s: Statement): boolean {
  if (s.Principal === "*") return true;
  if (s.Principal === null || typeof s.Principal !== "object") return false;
  const p = s.Principal as Record<string, unknown>;
  return list(p.AWS).includes("*") || list(p.Service).includes(FLOW_LOGS_SERVICE);
}

const STRING_OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  StringLike: (p, v) => globMatch(p, v),
  ArnEquals: (p, v) => globMatch(p, v),
  ArnLike: (p, v) => globMatch(p, v),
  StringNotEquals: (p, v) => p !== v,
  StringNotLike: (p, v) => !globMatch(p, v),
  ArnNotEquals: (p, v) => !globMatch(p, v),
  ArnNotLike: (p, v) => !globMatch(p, v),
};

/** true / false, or a reason it cannot be evaluated here. */
function conditionsHold(condition: Statement["Condition"], context: Record<string, string>): boolean | string {
  for (const [rawOperator, entries] of Object.entries(condition ?? {})) {
    const ifExists = rawOperator.endsWith("IfExists");
    const operator = ifExists ? rawOperator.slice(0, -"IfExists".length) : rawOperator;
    const test = STRING_OPERATORS[operator];
    if (test === undefined) return `condition operator ${rawOperator} is not checked by doctor`;
    const negated = operator.includes("Not");
    for (const [rawKey, patterns] of Object.entries(entries)) {
      const key = Object.keys(context).find((k) => k.toLowerCase() === rawKey.toLowerCase());
      if (key === undefined) {
        if (ifExists) continue;
        return `condition key ${rawKey} is not one the flow logs service sends (aws:SourceAccount, aws:SourceArn)`;
      }
      const value = context[key] ?? "";
      const values = list(patterns).map(String);
      const ok = negated ? values.every((p) => test(p, value)) : values.some((p) => test(p, value));
      if (!ok) return false;
    }
  }
  return true;
}

export function readTrust(document: unknown, context: { "aws:SourceAccount": string; "aws:SourceArn": string }): TrustVerdict {
  const statements = list((document as { Statement?: unknown } | undefined)?.Statement) as Statement[];
  const relevant = statements.filter((s) => actionMatches(s) && principalMatches(s));
  const allows = relevant.filter((s) => s.Effect === "Allow");
  if (allows.length === 0) return { principal: false, conditions: undefined, why: `no Allow statement lets ${FLOW_LOGS_SERVICE} sts:AssumeRole` };
  for (const deny of relevant.filter((s) => s.Effect === "Deny")) {
    const holds = conditionsHold(deny.Condition, context);
    if (holds === true) return { principal: true, conditions: false, why: "a Deny statement applies to this flow log" };
  }
  const reasons: string[] = [];
  for (const allow of allows) {
    const holds = conditionsHold(allow.Condition, context);
    if (holds === true) return { principal: true, conditions: true, why: allow.Condition ? "its conditions admit this flow log" : "no conditions (consider aws:SourceAccount and aws:SourceArn)" };
    if (typeof holds === "string") reasons.push(holds);
  }
  if (reasons.length > 0) return { principal: true, conditions: undefined, why: reasons.join("; ") };
  return { principal: true, conditions: false, why: `the conditions do not admit aws:SourceAccount ${context["aws:SourceAccount"]} and aws:SourceArn ${context["aws:SourceArn"]}` };
}
