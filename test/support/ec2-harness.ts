/** For tests: an EC2 service on an in-memory Store and a ManualClock, called as the pipeline calls it (wire-form parameters). */
import { ManualClock } from "../../src/cloud/clock.js";
import type { RequestContext } from "../../src/cloud/service.js";
import { Store } from "../../src/cloud/store/store.js";
import { caller, failing, rootContext } from "./service-harness.js";
import { createEc2Service } from "../../src/cloud/ec2/service.js";

export function newEc2() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const store = new Store({ memory: true });
  const service = createEc2Service({ store, clock });
  const scope = (account = "000000000000", region = "us-east-1"): RequestContext => rootContext(clock, account, region);
  const ctx = scope();
  const call = caller([service], () => ctx);
  const fails = failing(call);
  /** A VPC with one subnet, the tutorial's shape: returns their ids. */
  const network = (cidr = "10.0.0.0/16", subnetCidr = "10.0.1.0/24") => {
    const vpcId: string = call("CreateVpc", { CidrBlock: cidr }).Vpc.VpcId;
    const subnetId: string = call("CreateSubnet", { VpcId: vpcId, CidrBlock: subnetCidr }).Subnet.SubnetId;
    return { vpcId, subnetId };
  };
  return { clock, store, service, directory: service.directory, ctx, scope, call, fails, network };
}
