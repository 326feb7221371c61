/**
 * The IAM policy grammar case table through the wire with the SDK v3: CreatePolicy (managed), PutUserPolicy
 * (inline) and CreateRole's AssumeRolePolicyDocument answer each row with AWS's code and exact message.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { GRAMMAR_CASES } from "../policy/grammar-cases.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const text = (document: unknown) => (typeof document === "string" ? document : JSON.stringify(document));

/** undefined when the call succeeds; otherwise the error, which must be MalformedPolicyDocument (HTTP 400). */
async function outcome(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number }; Error?: { Code?: string } };
    // The SDK names the modeled exception; the wire's <Code> is IAM's MalformedPolicyDocument.
    assert.equal(error.name, "MalformedPolicyDocumentException", error.message);
    assert.equal(error.Error?.Code, "MalformedPolicyDocument");
    assert.equal(error.$metadata?.httpStatusCode, 400);
    return error.message;
  }
}

describe("IAM policy grammar on the wire (SDK v3)", () => {
  let iam: IAMClient;
  before(() => {
    iam = new IAMClient(env.clientConfig());
  });

  GRAMMAR_CASES.forEach((c, i) => {
    if (c.kind === "trust") {
      test(`CreateRole: ${c.name}`, async () => {
        const call = iam.send(new CreateRoleCommand({ RoleName: `grammar-${i}`, AssumeRolePolicyDocument: text(c.document) }));
        assert.equal(await outcome(call), c.message, c.source);
      });
      return;
    }
    test(`CreatePolicy: ${c.name}`, async () => {
      const call = iam.send(new CreatePolicyCommand({ PolicyName: `grammar-${i}`, PolicyDocument: text(c.document) }));
      assert.equal(await outcome(call), c.message, c.source);
    });
    test(`PutUserPolicy: ${c.name}`, async () => {
      // A user per row: accepted rows would otherwise add up past the user's 2,048-character inline quota.
      await iam.send(new CreateUserCommand({ UserName: `grammar-${i}` }));
      const call = iam.send(new PutUserPolicyCommand({ UserName: `grammar-${i}`, PolicyName: `grammar-${i}`, PolicyDocument: text(c.document) }));
      assert.equal(await outcome(call), c.inline === undefined ? c.message : (c.inline ?? undefined), c.source);
    });
  });
});
