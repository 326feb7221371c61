/** The identity directory: each caller's compiled policies, cached, and fresh after every IAM change. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type PolicyInput, evaluate } from "../../policy/index.js";
import { ACCOUNT, allow, newIam } from "../../../test/support/iam-harness.js";

const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const POLICY = `arn:aws:iam::${ACCOUNT}:policy/p`;
const decide = (
  p: { principal: Parameters<typeof evaluate>[0]["principal"]; identity: readonly PolicyInput[]; session?: readonly PolicyInput[] },
  action: string,
) => evaluate({ principal: p.principal, action, resource: "*" }, [...p.identity, ...(p.session ?? [])]).decision;

describe("IdentityDirectory.policiesFor", () => {
  it("gives the root no policies, an unknown principal nothing", () => {
    const { iam } = newIam();
    assert.deepEqual(iam.directory.policiesFor(ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`), {
      principal: { kind: "Account", arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, userId: ACCOUNT },
      identity: [],
    });
    assert.equal(iam.directory.policiesFor(ACCOUNT, USER), undefined);
    assert.equal(iam.directory.policiesFor(ACCOUNT, "arn:aws:iam::999999999999:root"), undefined);
  });
  it("gives a user its attached and inline policies, cached until IAM changes", () => {
    const { call, iam } = newIam();
    call("CreateUser", { UserName: "alice", Tags: [{ Key: "team", Value: "net" }] });
    call("CreatePolicy", { PolicyName: "p", PolicyDocument: allow("logs:PutLogEvents") });
    call("AttachUserPolicy", { UserName: "alice", PolicyArn: POLICY });
    const first = iam.directory.policiesFor(ACCOUNT, USER);
    assert.ok(first);
    assert.deepEqual([first.principal.kind, first.principal.username, first.principal.tags], ["User", "alice", { team: "net" }]);
    assert.equal(iam.directory.policiesFor(ACCOUNT, USER), first, "cached");
    assert.equal(decide(first, "logs:PutLogEvents"), "Allow");
    assert.equal(decide(first, "logs:DeleteLogGroup"), "ImplicitDeny");

    call("CreatePolicyVersion", { PolicyArn: POLICY, PolicyDocument: allow("logs:*"), SetAsDefault: "true" });
    const second = iam.directory.policiesFor(ACCOUNT, USER);
    assert.ok(second && second !== first);
    assert.equal(decide(second, "logs:DeleteLogGroup"), "Allow");

    call("DetachUserPolicy", { UserName: "alice", PolicyArn: POLICY });
    const third = iam.directory.policiesFor(ACCOUNT, USER);
    assert.ok(third);
    assert.equal(decide(third, "logs:PutLogEvents"), "ImplicitDeny");
    call("PutUserPolicy", { UserName: "alice", PolicyName: "i", PolicyDocument: allow("ec2:Describe*") });
    assert.equal(decide(iam.directory.policiesFor(ACCOUNT, USER) as NonNullable<typeof third>, "ec2:DescribeVpcs"), "Allow");
  });
});
