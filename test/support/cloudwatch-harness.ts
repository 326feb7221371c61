/** For tests: every local cloud service on an in-memory Store and a ManualClock, called as the pipeline calls them. */
import { ManualClock } from "../../src/cloud/clock.js";
import type { RequestContext, ServiceDefinition } from "../../src/cloud/service.js";
import { createServices } from "../../src/cloud/services.js";
import { Store } from "../../src/cloud/store/store.js";
import { caller, failingAsync, rootContext } from "./service-harness.js";
import type { CloudWatchService } from "../../src/cloud/cloudwatch/service.js";

/** 2026-01-01 00:00:00 UTC: whole minutes make period arithmetic easy to read in tests. */
export const T0 = Date.UTC(2026, 0, 1);

export function newCloudWatch() {
  const clock = new ManualClock(T0);
  const store = new Store({ memory: true });
  const services = createServices({ store, clock });
  const cw = services.find((s) => s.signingName === "monitoring") as CloudWatchService;
  const logs = services.find((s) => s.signingName === "logs") as ServiceDefinition;
  const ctx = rootContext(clock);
  const other: RequestContext = { ...ctx, region: "eu-west-1" };
  const call = caller([cw, logs], () => ctx);
  const fails = failingAsync(call);
  return { clock, store, cw, ctx, other, call, fails };
}
