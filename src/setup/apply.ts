/** Applying a plan in dependency order, then waiting until the flow log is ACTIVE. */
import { DescribeFlowLogsCommand } from "@aws-sdk/client-ec2";
import type { AwsClients } from "./clients.js";
import type { SetupConfig } from "./config.js";
import { SetupError } from "./errors.js";
import { IAM_WAIT, type IamWait } from "./iam-propagation.js";
import type { Plan } from "./plan.js";
import { perform, type WorkContext } from "./resources.js";

/** Runs every step that creates or updates; tells `progress` of each. Gives the flow log's id when it created one. */
export async function applyPlan(
  clients: AwsClients,
  config: SetupConfig,
  plan: Plan,
  progress: (line: string) => void = () => undefined,
  iamWait: IamWait = IAM_WAIT,
): Promise<string | undefined> {
  const ctx: WorkContext = { clients, config, scope: plan.scope, vpcId: plan.vpcId, iamWait, say: progress };
  for (const step of plan.steps) {
    if (step.action !== "create" && step.action !== "update") continue;
    for (const work of step.work) {
      try {
        await perform(work, ctx);
      } catch (error) {
        if (error instanceof SetupError) throw error;
        throw new SetupError(`${work.kind} ${step.name}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    progress(`  ${step.action === "create" ? "created" : "updated"} ${step.resource} ${step.name}`);
  }
  return ctx.flowLogId;
}

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
}

/** AWS shows a new flow log ACTIVE within seconds; anything else after the timeout is reported. */
export async function waitUntilActive(clients: AwsClients, flowLogId: string, options: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const answer = await clients.ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [flowLogId] }));
    const status = answer.FlowLogs?.[0]?.FlowLogStatus;
    if (status === "ACTIVE") return;
    if (Date.now() > deadline) throw new SetupError(`flow log ${flowLogId} is ${status ?? "missing"}, not ACTIVE, after waiting`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2_000));
  }
}
