/**
 * Permissions boundaries in the policy engine, as rows with the documentation behind each (IAM UG,
 * "Permissions boundaries for IAM entities" and "Policy evaluation logic"): a boundary only narrows.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DecisionKind, type PolicyInput, type PolicyUse, denialMessage, evaluate, parsePolicyDocument, principalFromArn } from "../../src/policy/index.js";

const ACCT = "123456789012";
const ALICE = `arn:aws:iam::${ACCT}:user/alice`;
const ROLE = `arn:aws:iam::${ACCT}:role/app`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/app/s1`;
const LG = `arn:aws:logs:us-east-1:${ACCT}:log-group:g`;
const BOUND = "IAM UG, permissions boundaries";

type Stmt = Record<string, unknown>;
type Doc = { statements: Stmt[]; use: PolicyUse; kind?: "identity" | "resource" };
const allow = (Action: string, extra: Stmt = {}): Stmt => ({ Effect: "Allow", Action, Resource: "*", ...extra });
const deny = (Action: string): Stmt => ({ Effect: "Deny", Action, Resource: "*" });
const id = (...statements: Stmt[]): Doc => ({ statements, use: "identity" });
const bound = (...statements: Stmt[]): Doc => ({ statements, use: "boundary" });
const session = (...statements: Stmt[]): Doc => ({ statements, use: "session" });
const resource = (...statements: Stmt[]): Doc => ({ statements, use: "resource", kind: "resource" });

interface Row {
  name: string;
  policies: Doc[];
  principal: string;
  action: string;
  expected: DecisionKind;
  reason?: string;
  /** SimulatePolicy's AllowedByPermissionsBoundary. */
  boundary?: boolean;
  source: string;
}

const ROWS: Row[] = [
  {
    name: "boundary narrows the user's allow (inside)",
    policies: [id(allow("logs:*")), bound(allow("logs:Describe*"))],
    principal: ALICE,
    action: "logs:DescribeLogGroups",
    expected: "Allow",
    boundary: true,
    source: BOUND,
  },
  {
    name: "boundary narrows the user's allow (outside)",
    policies: [id(allow("logs:*")), bound(allow("logs:Describe*"))],
    principal: ALICE,
    action: "logs:CreateLogGroup",
    expected: "ImplicitDeny",
    reason: "because no permissions boundary allows the logs:CreateLogGroup action",
    boundary: false,
    source: BOUND,
  },
  {
    name: "a boundary grants nothing",
    policies: [id(allow("logs:Describe*")), bound(allow("*"))],
    principal: ALICE,
    action: "logs:CreateLogGroup",
    expected: "ImplicitDeny",
    reason: "because no identity-based policy allows the logs:CreateLogGroup action",
    boundary: true,
    source: BOUND,
  },
  {
    name: "explicit deny in a boundary",
    policies: [id(allow("logs:*")), bound(allow("*"), deny("logs:CreateLogGroup"))],
    principal: ALICE,
    action: "logs:CreateLogGroup",
    expected: "ExplicitDeny",
    reason: "with an explicit deny in a permissions boundary",
    boundary: false,
    source: "IAM UG, policy evaluation logic",
  },
  {
    name: "a role's boundary narrows its sessions",
    policies: [id(allow("logs:*")), bound(allow("logs:Describe*"))],
    principal: SESSION,
    action: "logs:PutLogEvents",
    expected: "ImplicitDeny",
    reason: "because no permissions boundary allows the logs:PutLogEvents action",
    source: BOUND,
  },
  {
    name: "the boundary is named before the session policy",
    policies: [id(allow("logs:*")), bound(allow("logs:Describe*")), session(allow("logs:Describe*"))],
    principal: SESSION,
    action: "logs:PutLogEvents",
    expected: "ImplicitDeny",
    reason: "because no permissions boundary allows the logs:PutLogEvents action",
    source: "IAM UG, policy evaluation logic (boundaries are evaluated before session policies)",
  },
  {
    name: "inside the boundary, outside the session policy",
    policies: [id(allow("logs:*")), bound(allow("logs:*")), session(allow("logs:Describe*"))],
    principal: SESSION,
    action: "logs:PutLogEvents",
    expected: "ImplicitDeny",
    reason: "because no session policy allows the logs:PutLogEvents action",
    source: "IAM UG, session policies",
  },
  {
    name: "identity, boundary and session all allow",
    policies: [id(allow("logs:*")), bound(allow("logs:Put*")), session(allow("logs:PutLogEvents"))],
    principal: SESSION,
    action: "logs:PutLogEvents",
    expected: "Allow",
    boundary: true,
    source: BOUND,
  },
  {
    name: "a resource policy naming the IAM user is not limited by its boundary",
    policies: [resource(allow("logs:PutLogEvents", { Principal: { AWS: ALICE } })), bound(allow("logs:Describe*"))],
    principal: ALICE,
    action: "logs:PutLogEvents",
    expected: "Allow",
    source: `${BOUND}: resource-based policies`,
  },
  {
    name: "a resource policy naming the role is limited by the role's boundary",
    policies: [resource(allow("logs:PutLogEvents", { Principal: { AWS: ROLE } })), bound(allow("logs:Describe*"))],
    principal: SESSION,
    action: "logs:PutLogEvents",
    expected: "ImplicitDeny",
    source: `${BOUND}: resource-based policies`,
  },
  {
    name: "a resource policy naming the role session is not limited by the boundary",
    policies: [resource(allow("logs:PutLogEvents", { Principal: { AWS: SESSION } })), bound(allow("logs:Describe*"))],
    principal: SESSION,
    action: "logs:PutLogEvents",
    expected: "Allow",
    source: `${BOUND}: resource-based policies`,
  },
  {
    name: "a resource policy naming the account delegates to identity and boundary",
    policies: [resource(allow("logs:PutLogEvents", { Principal: { AWS: ACCT } })), id(allow("logs:*")), bound(allow("logs:Describe*"))],
    principal: ALICE,
    action: "logs:PutLogEvents",
    expected: "ImplicitDeny",
    reason: "because no permissions boundary allows the logs:PutLogEvents action",
    source: "IAM UG, policy evaluation logic",
  },
];

describe("permissions boundaries in evaluation", () => {
  for (const row of ROWS) {
    it(`${row.expected}: ${row.name}`, () => {
      const inputs: PolicyInput[] = row.policies.map((d, i) => ({
        policy: parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: d.statements }), d.kind ?? "identity"),
        id: `policy-${i + 1}`,
        use: d.use,
      }));
      const request = {
        principal: principalFromArn(row.principal),
        action: row.action,
        resource: LG,
        resourceAccount: ACCT,
        now: new Date("2026-01-01T00:00:00Z"),
      };
      const decision = evaluate(request, inputs);
      assert.equal(decision.decision, row.expected, `${row.source}: ${decision.reason}`);
      if (row.reason !== undefined) {
        assert.equal(decision.reason, row.reason);
        assert.equal(denialMessage(request, decision), `User: ${row.principal} is not authorized to perform: ${row.action} on resource: ${LG} ${row.reason}`);
      }
      if (row.boundary !== undefined) assert.equal(decision.allowedByPermissionsBoundary, row.boundary);
      // A boundary's own statements never appear as what allowed a request.
      if (decision.decision === "Allow") assert.ok(decision.matchedStatements.every((m) => m.use !== "boundary"));
    });
  }

  it("without a boundary, the decision carries no boundary detail", () => {
    const policy = parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: [allow("logs:*")] }), "identity");
    const d = evaluate({ principal: principalFromArn(ALICE), action: "logs:PutLogEvents", resource: LG, now: new Date() }, [{ policy, id: "p" }]);
    assert.equal(d.allowedByPermissionsBoundary, undefined);
  });
});
