/** For tests: an EC2 service on an in-memory Store and a ManualClock, called as the pipeline calls it (wire-form parameters). */
import assert from "node:assert/strict";
import { ManualClock } from "../clock.js";
import { AwsError } from "../protocol/aws-error.js";
import type { RequestContext } from "../service.js";
import { Store } from "../store/store.js";
import { createEc2Service } from "./service.js";

export function newEc2() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const store = new Store({ memory: true });
  const service = createEc2Service({ store, clock });
  const scope = (account = "000000000000", region = "us-east-1"): RequestContext => ({
    account,
    region,
    requestId: "test-request",
    principal: { accessKeyId: "test", arn: `arn:aws:iam::${account}:root`, isRoot: true },
    clock,
  });
  const ctx = scope();
  // biome-ignore lint/suspicious/noExplicitAny: responses are read loosely in tests.
  const call = (operation: string, input: unknown = {}, at: RequestContext = ctx): any => {
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
  /** A VPC with one subnet, the tutorial's shape: returns their ids. */
  const network = (cidr = "10.0.0.0/16", subnetCidr = "10.0.1.0/24") => {
    const vpcId: string = call("CreateVpc", { CidrBlock: cidr }).vpc.vpcId;
    const subnetId: string = call("CreateSubnet", { VpcId: vpcId, CidrBlock: subnetCidr }).subnet.subnetId;
    return { vpcId, subnetId };
  };
  return { clock, store, service, directory: service.directory, ctx, scope, call, fails, network };
}
