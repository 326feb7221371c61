/**
 * The role's two documents: the tutorial's verbatim (`--seed-exact`), or hardened — the actions flow
 * logs use, on the log group's ARNs only, and a trust policy that admits only this account's flow logs.
 */
import { flowLogArn, type Scope, logGroupArn, logGroupStreamsArn } from "./arns.js";

export const FLOW_LOGS_SERVICE = "vpc-flow-logs.amazonaws.com";

/** The tutorial's step 1, as ../shared/vectors/seed-policy.json holds it. */
export const SEED_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
      Resource: "*",
    },
  ],
};

/** The tutorial's step 3, as ../shared/vectors/seed-trust.json holds it. */
export const SEED_TRUST = {
  Version: "2012-10-17",
  Statement: [{ Sid: "", Effect: "Allow", Principal: { Service: FLOW_LOGS_SERVICE }, Action: "sts:AssumeRole" }],
};

/**
 * What delivery calls: CreateLogGroup when the group is missing, CreateLogStream, PutLogEvents, and
 * DescribeLogStreams. DescribeLogGroups is left out: it cannot be scoped to one group.
 */
export const FLOW_LOG_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"];

/**
 * The hardened permissions policy over the group's two ARNs, whatever form they take: strings for setup,
 * CloudFormation's Fn::Sub or Terraform's expressions for the emitters, so the three cannot drift apart.
 */
export function hardenedPermissionsPolicy<A>(groupArn: A, streamsArn: A) {
  return { Version: "2012-10-17", Statement: [{ Sid: "DeliverFlowLogs", Effect: "Allow", Action: FLOW_LOG_ACTIONS, Resource: [groupArn, streamsArn] }] };
}

/** AWS's confused-deputy advice: the flow log's owner and ARN, the id wildcarded since it is not known before creation. */
export function hardenedTrustPolicy<A>(account: A, flowLogsArn: A) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "FlowLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: FLOW_LOGS_SERVICE },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": flowLogsArn } },
      },
    ],
  };
}

export function permissionsPolicy(scope: Scope, logGroupName: string, seedExact: boolean): object {
  return seedExact ? SEED_POLICY : hardenedPermissionsPolicy(logGroupArn(scope, logGroupName), logGroupStreamsArn(scope, logGroupName));
}

export function trustPolicy(scope: Scope, seedExact: boolean): object {
  return seedExact ? SEED_TRUST : hardenedTrustPolicy(scope.account, flowLogArn(scope, "*"));
}

/** IAM returns documents URL-encoded; the SDK does not decode them. */
export function parseDocument(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // already plain
  }
  return JSON.parse(decoded);
}

/** Key order is not significant, and a one-element list equals its element, as IAM reads it. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? canonical(value[0]) : value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export const sameDocument = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
