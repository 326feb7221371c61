/**
 * The IAM policy grammar case table through the wire with the SDK v3: CreatePolicy (managed), PutUserPolicy
 * (inline) and CreateRole's AssumeRolePolicyDocument answer each row with AWS's code and exact message.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
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

/** A document of exactly `size` non-whitespace characters (padded through a Sid), pretty-printed so whitespace is present. */
function sized(size: number, statement: Record<string, unknown>): string {
  const build = (sid: string) => ({ Version: "2012-10-17", Statement: [{ Sid: sid, ...statement }] });
  const base = JSON.stringify(build("")).length;
  const text = JSON.stringify(build("A".repeat(size - base)), null, 2);
  assert.equal(text.replace(/\s/g, "").length, size);
  return text;
}

/** IAM UG, IAM and STS quotas: sizes count characters without whitespace; messages as AWS gives them. */
describe("IAM policy size limits on the wire (SDK v3)", () => {
  const iam = () => new IAMClient(env.clientConfig());
  const identity = { Effect: "Allow", Action: "logs:*", Resource: "*" };
  const trust = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };
  const limit = async (call: Promise<unknown>, message: string) =>
    assert.rejects(call, (e: Error) => {
      assert.equal(e.name, "LimitExceededException");
      assert.equal(e.message, message);
      return true;
    });

  test("managed policy: 6,144 accepted, 6,145 refused", async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: "size-ok", PolicyDocument: sized(6144, identity) }));
    await limit(
      iam().send(new CreatePolicyCommand({ PolicyName: "size-big", PolicyDocument: sized(6145, identity) })),
      "Cannot exceed quota for PolicySize: 6144",
    );
  });
  test("user inline policies: 2,048 accepted, 2,049 refused", async () => {
    await iam().send(new CreateUserCommand({ UserName: "size-user" }));
    await limit(
      iam().send(new PutUserPolicyCommand({ UserName: "size-user", PolicyName: "big", PolicyDocument: sized(2049, identity) })),
      "Maximum policy size of 2048 bytes exceeded for user size-user",
    );
    await iam().send(new PutUserPolicyCommand({ UserName: "size-user", PolicyName: "ok", PolicyDocument: sized(2048, identity) }));
  });
  test("role inline policies: 10,240 accepted, 10,241 refused; trust policy: 2,048 accepted, 2,049 refused", async () => {
    await limit(
      iam().send(new CreateRoleCommand({ RoleName: "size-role", AssumeRolePolicyDocument: sized(2049, trust) })),
      "Cannot exceed quota for ACLSizePerRole: 2048",
    );
    await iam().send(new CreateRoleCommand({ RoleName: "size-role", AssumeRolePolicyDocument: sized(2048, trust) }));
    await limit(
      iam().send(new PutRolePolicyCommand({ RoleName: "size-role", PolicyName: "big", PolicyDocument: sized(10241, identity) })),
      "Maximum policy size of 10240 bytes exceeded for role size-role",
    );
    await iam().send(new PutRolePolicyCommand({ RoleName: "size-role", PolicyName: "ok", PolicyDocument: sized(10240, identity) }));
  });
});
