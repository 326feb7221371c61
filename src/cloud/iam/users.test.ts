/** Users, access keys (registered with the server's credentials) and user policies. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Store } from "../store/store.js";
import { ACCOUNT, allow, newIam } from "../../../test/support/iam-harness.js";

describe("users", () => {
  it("CreateUser, GetUser (named, as the user, as the root), ListUsers, DeleteUser", () => {
    const { call, fails, withKey } = newIam();
    const user = call("CreateUser", { UserName: "alice", Tags: [{ Key: "team", Value: "net" }] }).User;
    assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(user.Tags, [{ Key: "team", Value: "net" }]);
    assert.equal(call("GetUser", { UserName: "ALICE" }).User.UserName, "alice");
    const root = call("GetUser", {}).User;
    assert.deepEqual([root.UserId, root.Arn, root.UserName], [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, undefined]);
    const key = call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    assert.equal(call("GetUser", {}, withKey(key.AccessKeyId)).User.UserName, "alice");
    assert.equal(call("ListUsers", {}).Users[0].Tags, undefined);
    fails("CreateUser", { UserName: "Alice" }, "EntityAlreadyExists", "User with name Alice already exists.");
    fails("GetUser", { UserName: "bob" }, "NoSuchEntity", "The user with name bob cannot be found.");
  });
  it("DeleteUser waits for access keys, attached and inline policies", () => {
    const { call, fails } = newIam();
    call("CreateUser", { UserName: "alice" });
    const key = call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    call("AttachUserPolicy", { UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    call("PutUserPolicy", { UserName: "alice", PolicyName: "p", PolicyDocument: allow("logs:*") });
    fails("DeleteUser", { UserName: "alice" }, "DeleteConflict", "Cannot delete entity, must delete access keys first.");
    call("DeleteAccessKey", { UserName: "alice", AccessKeyId: key.AccessKeyId });
    fails("DeleteUser", { UserName: "alice" }, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
    call("DetachUserPolicy", { UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    fails("DeleteUser", { UserName: "alice" }, "DeleteConflict", "Cannot delete entity, must delete policies first.");
    call("DeleteUserPolicy", { UserName: "alice", PolicyName: "p" });
    call("DeleteUser", { UserName: "alice" });
    fails("DeleteUser", { UserName: "alice" }, "NoSuchEntity");
  });
});

describe("access keys", () => {
  it("CreateAccessKey: AKIA… ids of 20, secrets of 40, registered under the user's ARN", () => {
    const { call, credentials } = newIam();
    call("CreateUser", { UserName: "alice" });
    const key = call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.SecretAccessKey.length, 40);
    assert.equal(key.Status, "Active");
    assert.deepEqual(credentials.keys.get(key.AccessKeyId), {
      secretAccessKey: key.SecretAccessKey,
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      isRoot: false,
    });
    const meta = call("ListAccessKeys", { UserName: "alice" }).AccessKeyMetadata;
    assert.deepEqual(
      meta.map((m: { AccessKeyId: string; SecretAccessKey?: string }) => [m.AccessKeyId, m.SecretAccessKey]),
      [[key.AccessKeyId, undefined]],
    );
  });
  it("a user creates its own keys without UserName; a third key is over the quota", () => {
    const { call, fails, withKey } = newIam();
    call("CreateUser", { UserName: "alice" });
    const first = call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    const second = call("CreateAccessKey", {}, withKey(first.AccessKeyId)).AccessKey;
    assert.equal(second.UserName, "alice");
    fails("CreateAccessKey", { UserName: "alice" }, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");
  });
  it("UpdateAccessKey Inactive removes the key from the server; Active brings it back; Delete removes it", () => {
    const { call, fails, credentials } = newIam();
    call("CreateUser", { UserName: "alice" });
    const key = call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    call("UpdateAccessKey", { UserName: "alice", AccessKeyId: key.AccessKeyId, Status: "Inactive" });
    assert.equal(credentials.keys.has(key.AccessKeyId), false);
    assert.equal(call("ListAccessKeys", { UserName: "alice" }).AccessKeyMetadata[0].Status, "Inactive");
    call("UpdateAccessKey", { UserName: "alice", AccessKeyId: key.AccessKeyId, Status: "Active" });
    assert.equal(credentials.keys.has(key.AccessKeyId), true);
    call("DeleteAccessKey", { UserName: "alice", AccessKeyId: key.AccessKeyId });
    assert.equal(credentials.keys.has(key.AccessKeyId), false);
    fails("DeleteAccessKey", { UserName: "alice", AccessKeyId: key.AccessKeyId }, "NoSuchEntity", `The Access Key with id ${key.AccessKeyId} cannot be found.`);
    fails(
      "UpdateAccessKey",
      { UserName: "alice", AccessKeyId: key.AccessKeyId, Status: "Sleeping" },
      "ValidationError",
      /at 'status' failed to satisfy constraint: Member must satisfy enum value set: \[Active, Inactive, Expired\]/,
    );
  });
  it("the root's own keys are root keys; a role session cannot omit UserName", () => {
    const { call, fails, credentials, as } = newIam();
    const key = call("CreateAccessKey", {}).AccessKey;
    assert.equal(key.UserName, undefined);
    assert.equal(credentials.keys.get(key.AccessKeyId)?.isRoot, true);
    const session = as({ accessKeyId: "ASIAX", arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, isRoot: false });
    fails("CreateAccessKey", {}, "ValidationError", "Must specify userName when calling with non-User credentials", session);
    fails("GetUser", {}, "ValidationError", "Must specify userName when calling with non-User credentials", session);
  });
  it("keys survive a restart: a new service on the same store registers them again, and refuses inactive and deleted ones", () => {
    const store = new Store({ memory: true });
    const first = newIam(store);
    first.call("CreateUser", { UserName: "alice" });
    const active = first.call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    const inactive = first.call("CreateAccessKey", { UserName: "alice" }).AccessKey;
    first.call("UpdateAccessKey", { UserName: "alice", AccessKeyId: inactive.AccessKeyId, Status: "Inactive" });
    first.call("CreateUser", { UserName: "bob" });
    const deleted = first.call("CreateAccessKey", { UserName: "bob" }).AccessKey;
    first.call("DeleteAccessKey", { UserName: "bob", AccessKeyId: deleted.AccessKeyId });
    const second = newIam(store);
    assert.equal(second.credentials.keys.get(active.AccessKeyId)?.secretAccessKey, active.SecretAccessKey);
    assert.equal(second.credentials.keys.has(inactive.AccessKeyId), false);
    assert.deepEqual([...second.credentials.revoked].sort(), [deleted.AccessKeyId, inactive.AccessKeyId].sort());
  });
});

describe("user policies", () => {
  it("attach, list, put, get, list inline; the inline total is 2048", () => {
    const { call, fails } = newIam();
    call("CreateUser", { UserName: "alice" });
    call("AttachUserPolicy", { UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess" });
    assert.deepEqual(call("ListAttachedUserPolicies", { UserName: "alice" }).AttachedPolicies, [
      { PolicyName: "CloudWatchLogsFullAccess", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess" },
    ]);
    fails(
      "AttachUserPolicy",
      { UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicy" },
      "NoSuchEntity",
      "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
    );
    call("PutUserPolicy", { UserName: "alice", PolicyName: "logs", PolicyDocument: allow("logs:*") });
    assert.equal(call("GetUserPolicy", { UserName: "alice", PolicyName: "logs" }).UserName, "alice");
    assert.deepEqual(call("ListUserPolicies", { UserName: "alice" }).PolicyNames, ["logs"]);
    fails("GetUserPolicy", { UserName: "alice", PolicyName: "nope" }, "NoSuchEntity", "The user policy with name nope cannot be found.");
    const big = allow(Array.from({ length: 200 }, (_, i) => `logs:Act${i}`));
    fails(
      "PutUserPolicy",
      { UserName: "alice", PolicyName: "big", PolicyDocument: big },
      "LimitExceeded",
      "Maximum policy size of 2048 bytes exceeded for user alice",
    );
  });
});
