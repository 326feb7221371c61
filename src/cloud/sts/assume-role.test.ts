/** AssumeRole, GetCallerIdentity and assumeRoleAsService: trust decisions, credentials, expiry, AWS's errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACCOUNT, allow, newIam, trustFor } from "../../../test/support/iam-harness.js";
import { Store } from "../store/store.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;
const OTHER = "210987654321";

describe("GetCallerIdentity", () => {
  it("forms Account, Arn and UserId for the root, a user and a role session", () => {
    const { call, withKey } = newIam();
    assert.deepEqual(call("GetCallerIdentity"), { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
    const user = call("CreateUser", { UserName: "alice" }).User;
    const key = call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    assert.deepEqual(call("GetCallerIdentity", {}, withKey(key.AccessKeyId)), { UserId: user.UserId, Account: ACCOUNT, Arn: user.Arn });
    const role = call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustFor({ AWS: ACCOUNT }) }).Role;
    const session = call("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s1" });
    assert.deepEqual(call("GetCallerIdentity", {}, withKey(session.Credentials.AccessKeyId)), {
      UserId: `${role.RoleId}:s1`,
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s1`,
    });
  });
});

describe("AssumeRole", () => {
  it("issues ASIA… credentials with a token and the clock's expiry, registered with the server", () => {
    const { call, clock, credentials } = newIam();
    const role = call("CreateRole", { RoleName: "r", Path: "/p/", AssumeRolePolicyDocument: trustFor({ AWS: ACCOUNT }) }).Role;
    const out = call("AssumeRole", { RoleArn: role.Arn, RoleSessionName: "my-session", DurationSeconds: "900" });
    assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.Credentials.SecretAccessKey.length, 40);
    assert.ok(out.Credentials.SessionToken.length > 300);
    assert.deepEqual(out.Credentials.Expiration, new Date(clock.now() + 900_000));
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: `${role.RoleId}:my-session`, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/my-session` });
    assert.equal(out.PackedPolicySize, undefined);
    assert.deepEqual(credentials.keys.get(out.Credentials.AccessKeyId), {
      secretAccessKey: out.Credentials.SecretAccessKey,
      account: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/my-session`,
      isRoot: false,
      sessionToken: out.Credentials.SessionToken,
      expiresAt: clock.now() + 900_000,
    });
    assert.ok(call("GetRole", { RoleName: "r" }).Role.RoleLastUsed.LastUsedDate instanceof Date);
  });
  it("needs the trust policy; a user named by account also needs its own sts:AssumeRole permission", () => {
    const { call, fails, withKey } = newIam();
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustFor({ AWS: ACCOUNT }) });
    call("CreateUser", { UserName: "alice" });
    const key = call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    const alice = withKey(key.AccessKeyId);
    const message = `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`;
    fails("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0" }, "AccessDenied", message, alice);
    call("PutUserPolicy", { UserName: "alice", PolicyName: "assume", PolicyDocument: allow("sts:AssumeRole", ROLE) });
    assert.ok(call("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0" }, alice).Credentials);
    // A trust policy naming the user directly is enough by itself.
    call("CreateRole", { RoleName: "direct", AssumeRolePolicyDocument: trustFor({ AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }) });
    call("DeleteUserPolicy", { UserName: "alice", PolicyName: "assume" });
    assert.ok(call("AssumeRole", { RoleArn: `arn:aws:iam::${ACCOUNT}:role/direct`, RoleSessionName: "s0" }, alice).Credentials);
  });
  it("refuses a service-only trust policy, and a missing role, with the same AccessDenied", () => {
    const { call, fails } = newIam();
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustFor({ Service: "vpc-flow-logs.amazonaws.com" }) });
    fails(
      "AssumeRole",
      { RoleArn: ROLE, RoleSessionName: "s0" },
      "AccessDenied",
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
    );
    fails(
      "AssumeRole",
      { RoleArn: `arn:aws:iam::${ACCOUNT}:role/missing`, RoleSessionName: "s0" },
      "AccessDenied",
      /on resource: arn:aws:iam::123456789012:role\/missing$/,
    );
  });
  it("checks sts:ExternalId", () => {
    const { call, fails, root } = newIam();
    call("CreateRole", {
      RoleName: "r",
      AssumeRolePolicyDocument: trustFor({ AWS: OTHER }, { Condition: { StringEquals: { "sts:ExternalId": "secret-42" } } }),
    });
    fails("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0" }, "AccessDenied", undefined, root(OTHER));
    fails("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0", ExternalId: "wrong-1" }, "AccessDenied", undefined, root(OTHER));
    assert.ok(call("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0", ExternalId: "secret-42" }, root(OTHER)).Credentials);
  });
  it("keeps DurationSeconds within 900..MaxSessionDuration, and an hour when chaining", () => {
    const { call, fails, withKey } = newIam();
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustFor({ AWS: ACCOUNT }) });
    fails(
      "AssumeRole",
      { RoleArn: ROLE, RoleSessionName: "s0", DurationSeconds: "7200" },
      "ValidationError",
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
    fails(
      "AssumeRole",
      { RoleArn: ROLE, RoleSessionName: "s0", DurationSeconds: "899" },
      "ValidationError",
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    call("UpdateRole", { RoleName: "r", MaxSessionDuration: "43200" });
    call("PutRolePolicy", { RoleName: "r", PolicyName: "chain", PolicyDocument: allow("sts:AssumeRole") });
    const first = call("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0", DurationSeconds: "7200" });
    fails(
      "AssumeRole",
      { RoleArn: ROLE, RoleSessionName: "t0", DurationSeconds: "7200" },
      "ValidationError",
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
      withKey(first.Credentials.AccessKeyId),
    );
    assert.ok(call("AssumeRole", { RoleArn: ROLE, RoleSessionName: "t0" }, withKey(first.Credentials.AccessKeyId)).Credentials);
  });
  it("answers the recorded ValidationErrors for bad ARNs and session names", () => {
    const { fails } = newIam();
    for (const arn of [
      "nothing-valid-in-here",
      "arn::b:::something/test-role",
      "arn:a::::something/test-role",
      "arn:a:::something/test-role",
      "arn:a:a::aaaaaaaaaa:",
    ]) {
      fails("AssumeRole", { RoleArn: arn, RoleSessionName: "s1" }, "ValidationError", `${arn} is invalid`);
    }
    fails(
      "AssumeRole",
      { RoleArn: ROLE, RoleSessionName: "Session1:2" },
      "ValidationError",
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });
  it("session policies narrow the session; unmodelled parameters are refused", () => {
    const { call, fails, iam } = newIam();
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustFor({ AWS: ACCOUNT }) });
    call("AttachRolePolicy", { RoleName: "r", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess" });
    const out = call("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0", Policy: allow("logs:Describe*") });
    assert.ok(out.PackedPolicySize >= 1);
    const p = iam.directory.policiesFor(ACCOUNT, out.AssumedRoleUser.Arn, out.Credentials.AccessKeyId);
    assert.equal(p?.session?.length, 1);
    fails("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0", Policy: "{" }, "MalformedPolicyDocument", "Syntax errors in policy.");
    fails("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0", Tags: [{ Key: "a", Value: "b" }] }, "InvalidParameterValue");
    fails("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0", PolicyArns: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/none` }] }, "InvalidParameterValue");
  });
  it("sessions survive a restart, expired ones registered as expired", () => {
    const store = new Store({ memory: true });
    const first = newIam(store);
    first.call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustFor({ AWS: ACCOUNT }) });
    const out = first.call("AssumeRole", { RoleArn: ROLE, RoleSessionName: "s0" });
    const second = newIam(store);
    const key = second.credentials.keys.get(out.Credentials.AccessKeyId);
    assert.equal(key?.sessionToken, out.Credentials.SessionToken);
    assert.equal(key?.expiresAt, out.Credentials.Expiration.getTime());
  });
});

describe("assumeRoleAsService", () => {
  const flowTrust = trustFor(
    { Service: "vpc-flow-logs.amazonaws.com" },
    { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/*` } } },
  );
  const context = { sourceAccount: ACCOUNT, sourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0` };
  it("lets the flow logs service assume a role that trusts it, with SourceAccount and SourceArn", () => {
    const { call, sts, credentials } = newIam();
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: flowTrust });
    const result = sts.assumeRoleAsService(ROLE, "vpc-flow-logs.amazonaws.com", context);
    assert.ok(result.ok);
    assert.match(result.sessionArn, /^arn:aws:sts::123456789012:assumed-role\/r\/vpc-flow-logs-\d+$/);
    assert.equal(credentials.keys.get(result.credentials.AccessKeyId)?.arn, result.sessionArn);
    assert.deepEqual(result.principal, { accessKeyId: result.credentials.AccessKeyId, arn: result.sessionArn, isRoot: false });
  });
  it("gives a reason when the role is missing, trusts another service, or the source does not match", () => {
    const { call, sts } = newIam();
    assert.deepEqual(sts.assumeRoleAsService(ROLE, "vpc-flow-logs.amazonaws.com", context), {
      ok: false,
      reason: "NoSuchRole",
      message: "The role with name r cannot be found.",
    });
    call("CreateRole", { RoleName: "r", AssumeRolePolicyDocument: trustFor({ Service: "ec2.amazonaws.com" }) });
    const wrong = sts.assumeRoleAsService(ROLE, "vpc-flow-logs.amazonaws.com", context);
    assert.equal(wrong.ok ? "ok" : wrong.reason, "TrustDenied");
    call("UpdateAssumeRolePolicy", { RoleName: "r", PolicyDocument: flowTrust });
    const other = sts.assumeRoleAsService(ROLE, "vpc-flow-logs.amazonaws.com", {
      sourceAccount: OTHER,
      sourceArn: `arn:aws:ec2:us-east-1:${OTHER}:vpc-flow-log/fl-1`,
    });
    assert.equal(other.ok ? "ok" : other.reason, "TrustDenied");
    assert.equal(sts.assumeRoleAsService("not an arn", "vpc-flow-logs.amazonaws.com", context).ok, false);
  });
});
