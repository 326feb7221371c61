/** `setup` as a function: discover, plan, confirm, apply, wait. The CLI command and doctor --fix call it. */
import { applyPlan, waitUntilActive, type WaitOptions } from "./apply.js";
import type { AwsClients } from "./clients.js";
import type { SetupConfig } from "./config.js";
import { discover } from "./discover.js";
import { SetupError } from "./errors.js";
import type { IamWait } from "./iam-propagation.js";
import { destructiveSteps, formatPlan, hasChanges, type Plan, plan as makePlan, type Repair } from "./plan.js";

export interface SetupRun {
  /** Asked before applying a plan with changes; false cancels. Absent: apply. */
  confirm?: (plan: Plan) => Promise<boolean>;
  /** `--yes`: a plan that deletes data (steps marked DESTRUCTIVE) is applied only then. */
  allowDestructive?: boolean;
  /** doctor --fix: the broken links whose documents get the smallest repair. */
  repair?: ReadonlySet<Repair>;
  print?: (line: string) => void;
  wait?: WaitOptions;
  /** How long, and how, to wait while a just-changed role is not yet accepted (tests inject the sleep). */
  iamWait?: IamWait;
}

export interface SetupResult {
  plan: Plan;
  applied: boolean;
  flowLogId: string | undefined;
}

export async function runSetup(clients: AwsClients, config: SetupConfig, run: SetupRun = {}): Promise<SetupResult> {
  const print = run.print ?? (() => undefined);
  const found = await discover(clients, config);
  const plan = makePlan(config, found, run.repair);
  print(`plan for ${found.vpcId} in ${found.scope.region}, account ${found.scope.account}:`);
  print(formatPlan(plan));
  if (!hasChanges(plan)) {
    print("nothing to change");
    return { plan, applied: false, flowLogId: found.flowLog?.FlowLogId };
  }
  const destructive = destructiveSteps(plan);
  if (destructive.length > 0 && run.allowDestructive !== true) {
    throw new SetupError(
      `nothing applied: the plan deletes data (${destructive.map((s) => `${s.resource} ${s.name}`).join(", ")}: DESTRUCTIVE above); pass --yes to apply it`,
    );
  }
  if (run.confirm !== undefined && !(await run.confirm(plan))) {
    print("cancelled: nothing changed");
    return { plan, applied: false, flowLogId: found.flowLog?.FlowLogId };
  }
  const created = await applyPlan(clients, config, plan, print, run.iamWait);
  const flowLogId = created ?? found.flowLog?.FlowLogId;
  if (flowLogId !== undefined) {
    await waitUntilActive(clients, flowLogId, run.wait);
    print(`flow log ${flowLogId} is ACTIVE`);
  }
  return { plan, applied: true, flowLogId };
}
