/** For tests: a Logs service on an in-memory Store and a ManualClock, called as the pipeline calls it. */
import assert from "node:assert/strict";
import { ManualClock } from "../clock.js";
import { AwsError } from "../protocol/aws-error.js";
import type { RequestContext } from "../service.js";
import { Store } from "../store/store.js";
import { createLogsService, type LogsServiceOptions } from "./service.js";

export function newLogs(options: LogsServiceOptions = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const store = new Store({ memory: true });
  const service = createLogsService({ store, clock }, options);
  const scope = (account = "000000000000", region = "us-east-1"): RequestContext => ({
    account,
    region,
    requestId: "test-request",
    principal: { accessKeyId: "test", arn: `arn:aws:iam::${account}:root`, isRoot: true },
    clock,
  });
  const ctx = scope();
  // biome-ignore lint/suspicious/noExplicitAny: responses are read loosely in tests.
  const call = (operation: string, input: unknown, at: RequestContext = ctx): any => {
    const op = service.operations[operation];
    assert.ok(op, `no operation ${operation}`);
    return op(input, at);
  };
  /** Asserts that the call fails with exactly this AWS code and (when given) message. */
  const fails = (operation: string, input: unknown, code: string, message?: string | RegExp, at: RequestContext = ctx): AwsError => {
    try {
      call(operation, input, at);
    } catch (e) {
      assert.ok(e instanceof AwsError, `expected AwsError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      if (typeof message === "string") assert.equal(e.message, message);
      else if (message instanceof RegExp) assert.match(e.message, message);
      return e;
    }
    assert.fail(`${operation} succeeded; expected ${code}`);
  };
  return { clock, store, service, ctx, scope, call, fails };
}
