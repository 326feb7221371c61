/** For tests: every local cloud service on an in-memory Store and a ManualClock, called as the pipeline calls them. */
import assert from "node:assert/strict";
import { ManualClock } from "../clock.js";
import { AwsError } from "../protocol/aws-error.js";
import type { RequestContext, ServiceDefinition } from "../service.js";
import { createServices } from "../services.js";
import { Store } from "../store/store.js";
import type { CloudWatchService } from "./service.js";

/** 2026-01-01 00:00:00 UTC: whole minutes make period arithmetic easy to read in tests. */
export const T0 = Date.UTC(2026, 0, 1);

export function newCloudWatch() {
  const clock = new ManualClock(T0);
  const store = new Store({ memory: true });
  const services = createServices({ store, clock });
  const cw = services.find((s) => s.signingName === "monitoring") as CloudWatchService;
  const logs = services.find((s) => s.signingName === "logs") as ServiceDefinition;
  const ctx: RequestContext = { account: "000000000000", region: "us-east-1", requestId: "r", principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true }, clock };
  const other: RequestContext = { ...ctx, region: "eu-west-1" };
  // biome-ignore lint/suspicious/noExplicitAny: responses are read loosely in tests.
  const call = async (operation: string, input: unknown, at: RequestContext = ctx): Promise<any> => {
    const op = cw.operations[operation] ?? logs.operations[operation];
    assert.ok(op, `no operation ${operation}`);
    return await op(input, at);
  };
  const fails = async (operation: string, input: unknown, code: string, message?: string | RegExp): Promise<AwsError> => {
    try {
      await call(operation, input);
    } catch (e) {
      assert.ok(e instanceof AwsError, `expected AwsError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      if (typeof message === "string") assert.equal(e.message, message);
      else if (message instanceof RegExp) assert.match(e.message, message);
      return e;
    }
    return assert.fail(`${operation} succeeded; expected ${code}`);
  };
  return { clock, store, cw, ctx, other, call, fails };
}
