/** `setup` as a function: discover, plan, confirm, apply, wait. The CLI command and doctor --fix call it. */
import { applyPlan, waitUntilActive, type WaitOptions } from "./apply.js";
import type { AwsClients } from "./clients.js";
import type { SetupConfig } from "./config.js";
import { discover } from "./discover.js";
import { formatPlan, hasChanges, type Plan, plan as makePlan } from "./plan.js";

export interface SetupRun {
  /** Asked before applying a plan with changes; false cancels. Absent: apply. */
  confirm?: (plan: Plan) => Promise<boolean>;
  print?: (line: string) => void;
  wait?: WaitOptions;
}

export interface SetupResult {
  plan: Plan;
  applied: boolean;
  flowLogId: string | undefined;
}

export async function runSetup(clients: AwsClients, config: SetupConfig, run: SetupRun = {}): Promise<SetupResult> {
  const print = run.print ?? (() => undefined);
  const found = await discover(clients, config);
  const plan = makePlan(config, found);
  print(`plan for ${found.vpcId} in ${found.scope.region}, account ${found.scope.account}:`);
  print(formatPlan(plan));
  if (!hasChanges(plan)) {
    print("nothing to change");
    return { plan, applied: false, flowLogId: found.flowLog?.FlowLogId };
  }
  if (run.confirm !== undefined && !(await run.confirm(plan))) {
    print("cancelled: nothing changed");
    return { plan, applied: false, flowLogId: found.flowLog?.FlowLogId };
  }
  const created = await applyPlan(clients, config, plan, print);
  const flowLogId = created ?? found.flowLog?.FlowLogId;
  if (flowLogId !== undefined) {
    await waitUntilActive(clients, flowLogId, run.wait);
    print(`flow log ${flowLogId} is ACTIVE`);
  }
  return { plan, applied: true, flowLogId };
}
