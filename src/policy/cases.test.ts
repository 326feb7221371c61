/** Runs the evaluation table through parsePolicyDocument and evaluate: every row gives AWS's documented decision. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EVAL_CASES } from "../../test/policy/evaluation-cases.js";
import { denialMessage, evaluate, parsePolicyDocument, principalFromArn } from "./index.js";
import type { PolicyInput } from "./index.js";

describe("evaluation table", () => {
  it("has at least 60 rows", () => assert.ok(EVAL_CASES.length >= 60, String(EVAL_CASES.length)));
  for (const c of EVAL_CASES) {
    it(`${c.expected}: ${c.name}`, () => {
      const inputs: PolicyInput[] = c.policies.map((p, i) => {
        const input: PolicyInput = { policy: parsePolicyDocument(JSON.stringify(p.doc), p.kind ?? "identity"), id: `policy-${i + 1}` };
        if (p.use !== undefined) input.use = p.use;
        return input;
      });
      const principal = typeof c.principal === "string" ? principalFromArn(c.principal) : c.principal;
      const request = {
        principal,
        action: c.action,
        resource: c.resource,
        now: new Date(c.now ?? "2025-06-01T12:00:00Z"),
        ...(c.resourceAccount !== undefined ? { resourceAccount: c.resourceAccount } : {}),
        ...(c.context !== undefined ? { context: c.context } : {}),
      };
      const d = evaluate(request, inputs);
      assert.equal(d.decision, c.expected, `${c.source}: ${d.reason}`);
      assert.equal(d.evalDecision, { Allow: "allowed", ExplicitDeny: "explicitDeny", ImplicitDeny: "implicitDeny" }[c.expected]);
      if (c.reason !== undefined) assert.equal(d.reason, c.reason);
      if (c.expected === "ExplicitDeny") assert.ok(d.matchedStatements.every((m) => m.effect === "Deny"));
      if (c.expected === "Allow") assert.ok(d.matchedStatements.length > 0 || principal.kind === "Account");
      if (c.expected !== "Allow")
        assert.match(denialMessage(request, d), /^User: \S+ is not authorized to perform: \S+ on resource: \S+ (because no|with an explicit deny)/);
    });
  }
});
