/**
 * For the services' unit tests: calling operations as the pipeline calls them (wire-form input, a
 * RequestContext), and asserting an exact AWS error. Each service's harness (`test/support/*-harness.ts`) builds on these.
 */
import assert from "node:assert/strict";
import type { Clock } from "../../src/cloud/clock.js";
import { arnPrefix } from "../../src/cloud/partitions.js";
import { AwsError } from "../../src/cloud/protocol/aws-error.js";
import { invokeOperation, type RequestContext, type ServiceDefinition } from "../../src/cloud/service.js";

/** A request of the account's root user (access key `test`). */
export function rootContext(clock: Clock, account = "000000000000", region = "us-east-1"): RequestContext {
  return {
    account,
    region,
    requestId: "test-request",
    principal: { accessKeyId: "test", arn: `${arnPrefix(region)}iam::${account}:root`, isRoot: true },
    clock,
  };
}

export type Call = (operation: string, input?: unknown, at?: RequestContext) => any;

/** Calls the first of `services` that serves the operation, in `defaultContext()` unless told. */
export function caller(services: Pick<ServiceDefinition, "inputs" | "operations" | "protocols">[], defaultContext: () => RequestContext): Call {
  return (operation, input = {}, at = defaultContext()) => {
    const service = services.find((s) => Object.hasOwn(s.operations, operation));
    assert.ok(service, `no operation ${operation}`);
    return invokeOperation(service, operation, input, at);
  };
}

/** Asserts a synchronous call fails with exactly this AWS code and (when given) message; returns the error. */
export function failing(call: Call) {
  return (operation: string, input: unknown, code: string, message?: string | RegExp, at?: RequestContext): AwsError => {
    try {
      call(operation, input, at);
    } catch (e) {
      return expectAwsError(e, code, message);
    }
    return assert.fail(`${operation} succeeded; expected ${code}`);
  };
}

/** The asynchronous twin of `failing`, for services whose operations answer promises. */
export function failingAsync(call: Call) {
  return async (operation: string, input: unknown, code: string, message?: string | RegExp, at?: RequestContext): Promise<AwsError> => {
    try {
      await call(operation, input, at);
    } catch (e) {
      return expectAwsError(e, code, message);
    }
    return assert.fail(`${operation} succeeded; expected ${code}`);
  };
}

function expectAwsError(e: unknown, code: string, message?: string | RegExp): AwsError {
  assert.ok(e instanceof AwsError, `expected AwsError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  if (typeof message === "string") assert.equal(e.message, message);
  else if (message instanceof RegExp) assert.match(e.message, message);
  return e;
}
