/** The recorded-answer comparison itself: what it must report, and the recorded placeholders it must let pass. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSnapshot, differences, type Json, loadSnapshot } from "./replay.js";

const recorded = {
  Role: { Arn: "arn:<partition>:iam::111111111111:role/<resource:1>", CreateDate: "<datetime>", Path: "/", MaxSessionDuration: 3600 },
  ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 200 },
};
const local = {
  Role: { Arn: "arn:aws:iam::111111111111:role/r1", CreateDate: new Date(), Path: "/", MaxSessionDuration: 3600 },
  ResponseMetadata: { HTTPHeaders: { "content-type": "text/xml" }, HTTPStatusCode: 200 },
};

describe("differences", () => {
  it("lets placeholders, times and headers pass", () => {
    assert.deepEqual(differences(recorded, local), []);
  });
  it("reports a changed status, a fixed value, a missing and an extra key", () => {
    const changed = {
      Role: { Arn: "arn:aws:iam::222222222222:role/r1", CreateDate: new Date(), Path: "/x/", Extra: 1 },
      ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 400 },
    };
    assert.deepEqual(differences(recorded, changed), [
      '$.Role.Arn: recorded "arn:<partition>:iam::111111111111:role/<resource:1>", local "arn:aws:iam::222222222222:role/r1"',
      '$.Role.Path: recorded "/", local "/x/"',
      "$.Role.MaxSessionDuration: missing locally",
      "$.Role.Extra: not in the recording",
      "$.ResponseMetadata.HTTPStatusCode: recorded 200, local 400",
    ]);
  });
  it("compares error codes and messages, letting a request id in a message pass", () => {
    const error = (message: string) => ({ Error: { Code: "ResourceNotFoundException", Message: message } });
    const rec = error("Log group 'g' does not exist (Request ID: b04848e1-f91e-4ed5-8a00-413d7c60de9e; Proxy: null)");
    assert.deepEqual(differences(rec, error("Log group 'g' does not exist (Request ID: 0d2f6c3e-0000-4000-8000-000000000000; Proxy: null)")), []);
    assert.equal(differences(rec, error("Log group 'h' does not exist (Request ID: 0d2f6c3e-0000-4000-8000-000000000000; Proxy: null)")).length, 1);
    assert.equal(differences({ Error: { Code: "A", Message: "m" } }, { Error: { Code: "B", Message: "m" } }).length, 1);
  });
  it("compares list lengths", () => {
    assert.deepEqual(differences({ logGroups: [] }, { logGroups: [{ logGroupName: "g" }] }), ["$.logGroups: recorded 0 items, local 1"]);
  });
});

describe("the vectors", () => {
  it("hold every recorded test of the reference set (169 IAM, 11 EC2, 5 STS)", () => {
    assert.equal(loadSnapshot("iam_test_iam.snapshot.json").size, 169);
    assert.equal(loadSnapshot("ec2_test_ec2.snapshot.json").size, 11);
    assert.equal(loadSnapshot("sts_test_sts.snapshot.json").size, 5);
  });
});

describe("checkSnapshot", () => {
  const ok = { ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 200 } };
  const snapshot = new Map<string, Record<string, Json>>([
    ["T::a", { same: ok, differs: ok }],
    ["T::b", { skipped: ok }],
    ["T::c", { forgotten: ok }],
  ]);
  const status = (code: number) => async () => ({ ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: code } });
  const cases = [
    { test: "T::a", key: "same", replay: status(200) },
    { test: "T::a", key: "differs", replay: status(400) },
    { test: "T::a", key: "absent", replay: status(200) },
  ];
  const run = (known: Record<string, string>) =>
    checkSnapshot({ snapshot, cases, clients: {}, known, notReplayed: { "T::b": "why" }, reset: async () => undefined });

  it("fails on an unlisted difference, a listed one that is gone, an answer left out, a case for no answer", async () => {
    const result = await run({ "T::a#same": "listed but matches" });
    assert.equal(result.unexpected.length, 1);
    assert.match(result.unexpected[0] ?? "", /^T::a#differs/);
    assert.deepEqual(result.stale, ["T::a#same"]);
    assert.deepEqual(result.uncovered, ["T::c#forgotten (neither replayed nor listed)"]);
    assert.deepEqual(result.unknownCases, ["T::a#absent"]);
  });
  it("passes a listed difference", async () => {
    const result = await run({ "T::a#differs": "known" });
    assert.deepEqual([result.unexpected, result.stale], [[], []]);
  });
});
