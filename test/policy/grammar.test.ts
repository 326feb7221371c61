/** The policy grammar case table through parsePolicyDocument: managed, inline and trust documents, AWS's exact messages. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MalformedPolicyDocumentError, type ParseOptions, type PolicyKind, parsePolicyDocument } from "../../src/policy/index.js";
import { GRAMMAR_CASES } from "./grammar-cases.js";

const text = (document: unknown) => (typeof document === "string" ? document : JSON.stringify(document));

function outcome(document: unknown, kind: PolicyKind, options: ParseOptions): string | undefined {
  try {
    parsePolicyDocument(text(document), kind, options);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof MalformedPolicyDocumentError, String(e));
    assert.equal(e.code, "MalformedPolicyDocument");
    return e.message;
  }
}

describe("IAM policy grammar (case table)", () => {
  for (const c of GRAMMAR_CASES) {
    if (c.kind === "trust") {
      it(`CreateRole: ${c.name}`, () => assert.equal(outcome(c.document, "trust", {}), c.message, c.source));
      continue;
    }
    it(`CreatePolicy: ${c.name}`, () => assert.equal(outcome(c.document, "identity", { managed: true }), c.message, c.source));
    const inline = c.inline === undefined ? c.message : (c.inline ?? undefined);
    it(`PutUserPolicy: ${c.name}`, () => assert.equal(outcome(c.document, "identity", {}), inline, c.source));
  }
});
