/** For tests: a Logs service on an in-memory Store and a ManualClock, called as the pipeline calls it. */
import { ManualClock } from "../../src/cloud/clock.js";
import type { RequestContext } from "../../src/cloud/service.js";
import { Store } from "../../src/cloud/store/store.js";
import { caller, failing, rootContext } from "./service-harness.js";
import { createLogsService, type LogsServiceOptions } from "../../src/cloud/logs/service.js";

export function newLogs(options: LogsServiceOptions = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const store = new Store({ memory: true });
  const service = createLogsService({ store, clock }, options);
  const scope = (account = "000000000000", region = "us-east-1"): RequestContext => rootContext(clock, account, region);
  const ctx = scope();
  const call = caller([service], () => ctx);
  const fails = failing(call);
  return { clock, store, service, ctx, scope, call, fails };
}
