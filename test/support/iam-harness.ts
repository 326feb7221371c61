/** For tests: IAM and STS on an in-memory Store and a ManualClock, called as the pipeline calls them. */
import assert from "node:assert/strict";
import { ManualClock } from "../../src/cloud/clock.js";
import type { CredentialRegistry, KnownKey, Principal, RequestContext } from "../../src/cloud/service.js";
import { Store } from "../../src/cloud/store/store.js";
import { createStsService } from "../../src/cloud/sts/index.js";
import { caller, failing } from "./service-harness.js";
import { createIamService } from "../../src/cloud/iam/service.js";

/** A registry that records what IAM and STS registered, in place of the Authenticator. */
export class RecordingRegistry implements CredentialRegistry {
  readonly keys = new Map<string, KnownKey>();
  readonly revoked = new Set<string>();
  registerKey(id: string, key: KnownKey): void {
    this.revoked.delete(id);
    this.keys.set(id, { ...key });
  }
  removeKey(id: string): void {
    this.revoked.add(id);
    this.keys.delete(id);
  }
}

export const ACCOUNT = "123456789012";

export function newIam(store = new Store({ memory: true }), credentials = new RecordingRegistry(), clock = new ManualClock(Date.UTC(2026, 0, 1))) {
  const iam = createIamService({ store, clock, credentials });
  const sts = createStsService({ store, clock, credentials }, iam);
  const as = (principal: Principal, account = ACCOUNT): RequestContext => ({ account, region: "us-east-1", requestId: "test-request", principal, clock });
  const root = (account = ACCOUNT) => as({ accessKeyId: "test", arn: `arn:aws:iam::${account}:root`, isRoot: true }, account);
  /** The context of a request signed with a key IAM or STS issued, as the Authenticator would build it. */
  const withKey = (accessKeyId: string): RequestContext => {
    const key = credentials.keys.get(accessKeyId);
    assert.ok(key, `no registered key ${accessKeyId}`);
    return as({ accessKeyId, arn: key.arn, isRoot: key.isRoot }, key.account);
  };
  const call = caller([iam, sts], () => root());
  const fails = failing(call);
  return { store, clock, credentials, iam, sts, as, root, withKey, call, fails };
}

export const doc = (statements: object[] | object) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
export const trustFor = (principal: object, extra: object = {}) => doc([{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...extra }]);
export const allow = (action: string | string[], resource: string | string[] = "*") => doc([{ Effect: "Allow", Action: action, Resource: resource }]);
/** IAM returns documents URL-encoded: the tests read them back as clients do. */
export const decoded = (text: string) => JSON.parse(decodeURIComponent(text));
