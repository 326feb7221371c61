/** Unit tests of the engine's parts: wildcards, the cache and its invalidation, decisions' details for SimulatePolicy. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PolicyCache, evaluate, denialMessage, parsePolicyDocument, principalFromArn } from "./index.js";
import { parseTemplate } from "./variables.js";
import { compilePattern } from "./wildcards.js";

const arn = (p: string) => compilePattern(parseTemplate(p, true), "arn", false);
const none = { lookup: () => undefined };
const as = (name: string) => ({ lookup: (k: string) => (k === "aws:username" ? name : undefined) });

describe("ARN wildcards", () => {
  it("match segment by segment", () => {
    assert.equal(arn("arn:aws:logs:us-*-1:*:log-group:G").test("arn:aws:logs:us-east-1:1:log-group:G", none), true);
    assert.equal(arn("arn:aws:logs:u?-east-1:*:log-group:G").test("arn:aws:logs:us-east-1:1:log-group:G", none), true);
    assert.equal(arn("arn:aws:lo?s:*").test("arn:aws:lo:s:x", none), false);
    assert.equal(arn("arn:aws:s3:::bucket/*").test("arn:aws:s3:::bucket/a/b:c", none), true);
    assert.equal(arn("*").test("anything", none), true);
  });
  it("fill policy variables per request", () => {
    const p = arn("arn:aws:iam::*:user/${aws:username}");
    assert.equal(p.test("arn:aws:iam::1:user/alice", as("alice")), true);
    assert.equal(p.test("arn:aws:iam::1:user/alice", as("bob")), false);
    assert.equal(p.test("arn:aws:iam::1:user/alice", none), false);
  });
});

describe("wildcards a caller writes cannot stall evaluation", () => {
  // Policies come from callers (CreatePolicy, PutUserPolicy): a backtracking matcher took seconds on three stars.
  it("many stars against a long ARN and a long condition value answer at once", { timeout: 10_000 }, () => {
    const stars = `arn:aws:s3:::${"a*".repeat(12)}b`;
    assert.equal(arn(stars).test(`arn:aws:s3:::${"a".repeat(2000)}`, none), false);
    assert.equal(arn(stars).test(`arn:aws:s3:::${"a".repeat(2000)}b`, none), true);
    const like = compilePattern(parseTemplate(`${"*a".repeat(12)}*!`, false), "string", false);
    assert.equal(like.test("a".repeat(2000), none), false);
  });
  it("keep stars and question marks inside their ARN segment, except a star that ends one", () => {
    assert.equal(arn("arn:aws:logs:*:1:log-group:G").test("arn:aws:logs:us-east-1:extra:1:log-group:G", none), true);
    assert.equal(arn("arn:aws:lo*s:us-east-1:1:x").test("arn:aws:lo:gs:us-east-1:1:x", none), false);
    assert.equal(arn("arn:aws:logs:us-east-1:1:log-group:*").test("arn:aws:logs:us-east-1:1:log-group:a:b:c", none), true);
    assert.equal(compilePattern(parseTemplate("A?C", false), "string", true).test("abc", none), true);
  });
});

describe("PolicyCache", () => {
  const v1 = JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "logs:*", Resource: "*" } });
  const v2 = JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "ec2:*", Resource: "*" } });
  it("compiles once per id and version, and again after invalidate", () => {
    const cache = new PolicyCache();
    let loads = 0;
    const load = (text: string) => () => {
      loads++;
      return { text, kind: "identity" as const };
    };
    const a = cache.get("arn:aws:iam::1:policy/p", "v1", load(v1));
    assert.equal(cache.get("arn:aws:iam::1:policy/p", "v1", load(v1)), a);
    assert.equal(loads, 1);
    assert.notEqual(cache.get("arn:aws:iam::1:policy/p", "v2", load(v2)), a);
    cache.invalidate("arn:aws:iam::1:policy/p");
    assert.equal(cache.size, 0);
    cache.get("arn:aws:iam::1:policy/p", "v1", load(v1));
    assert.equal(loads, 3);
  });
  it("is content-addressed through compile", () => {
    const cache = new PolicyCache();
    assert.equal(cache.compile(v1, "identity"), cache.compile(v1, "identity"));
    assert.notEqual(cache.compile(v1, "identity"), cache.compile(v2, "identity"));
  });
  it("drops its oldest entries when full", () => {
    const cache = new PolicyCache(2);
    for (const id of ["a", "b", "c"]) cache.get(id, "v1", () => ({ text: v1, kind: "identity" }));
    assert.equal(cache.size, 2);
  });
  it("does not cache a malformed document", () => {
    const cache = new PolicyCache();
    assert.throws(() => cache.get("x", "v1", () => ({ text: "{", kind: "identity" })), { code: "MalformedPolicyDocument" });
    assert.equal(cache.size, 0);
  });
});

describe("decisions for SimulatePolicy and denial messages", () => {
  const text =
    '{"Version":"2012-10-17","Statement":[\n{"Sid":"Logs","Effect":"Allow","Action":"logs:*","Resource":"*"},\n{"Sid":"NoDelete","Effect":"Deny","Action":"logs:Delete*","Resource":"*"}]}';
  const policy = parsePolicyDocument(text, "identity");
  const principal = principalFromArn("arn:aws:iam::123456789012:user/alice");
  it("report the matched statements with their policy id, type and position", () => {
    const d = evaluate({ principal, action: "logs:DeleteLogGroup", resource: "arn:aws:logs:us-east-1:123456789012:log-group:G" }, [
      { policy, id: "my-flowpolicy", sourceType: "user" },
    ]);
    assert.equal(d.evalDecision, "explicitDeny");
    assert.deepEqual(
      d.matchedStatements.map((m) => [m.sourcePolicyId, m.sourcePolicyType, m.sid, m.startPosition.line]),
      [["my-flowpolicy", "user", "NoDelete", 3]],
    );
  });
  it("write AWS's message forms", () => {
    const request = { principal, action: "logs:PutLogEvents", resource: "arn:aws:logs:us-east-1:123456789012:log-group:G:log-stream:S" };
    assert.equal(
      denialMessage(request, evaluate(request, [])),
      "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: logs:PutLogEvents on resource: arn:aws:logs:us-east-1:123456789012:log-group:G:log-stream:S because no identity-based policy allows the logs:PutLogEvents action",
    );
    const del = { ...request, action: "logs:DeleteLogStream" };
    assert.equal(
      denialMessage(del, evaluate(del, [{ policy, id: "p" }])),
      "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: logs:DeleteLogStream on resource: arn:aws:logs:us-east-1:123456789012:log-group:G:log-stream:S with an explicit deny in an identity-based policy",
    );
  });
  it("give a role session's ARN after User:", () => {
    const session = principalFromArn("arn:aws:sts::123456789012:assumed-role/my-flowlog-role/s");
    const request = { principal: session, action: "logs:PutLogEvents", resource: "*" };
    assert.match(denialMessage(request, evaluate(request, [])), /^User: arn:aws:sts::123456789012:assumed-role\/my-flowlog-role\/s is not/);
  });
});
