/**
 * `flowwatch destroy`: removes what setup created (tagged managed-by=flowwatch), in dependency order,
 * after printing the plan and asking, as setup does (`--yes` skips the question).
 */
import { awsClients } from "../../setup/clients.js";
import { DEFAULTS } from "../../setup/config.js";
import { applyDestroy, planDestroy } from "../../setup/destroy.js";
import { CliError } from "../cli-error.js";
import { ask } from "./confirm.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";
import { asCliErrors } from "./setup-options.js";

export interface DestroyOptions extends ConnectionFlags {
  policyName?: string;
  roleName?: string;
  logGroup?: string;
  flowLogName?: string;
  dryRun?: boolean;
  yes?: boolean;
}

export async function destroyCommand(options: DestroyOptions): Promise<void> {
  const clients = awsClients(connectionOf(options));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const plan = await asCliErrors(() =>
      planDestroy(clients, {
        policyName: options.policyName ?? DEFAULTS.policyName,
        roleName: options.roleName ?? DEFAULTS.roleName,
        logGroupName: options.logGroup ?? DEFAULTS.logGroupName,
        flowLogName: options.flowLogName ?? DEFAULTS.flowLogName,
      }),
    );
    for (const step of plan.steps) out(`would remove ${step.what}${step.destructive ? "  (DESTRUCTIVE: its records are deleted with it)" : ""}`);
    for (const line of plan.kept) out(`kept ${line}`);
    if (plan.steps.length === 0) {
      out("nothing of flowwatch's to remove");
      return;
    }
    if (options.dryRun) return;
    if (!options.yes) {
      // No terminal, no answer: removing records is never the default.
      if (!process.stdin.isTTY) throw new CliError("nothing removed: destroy deletes the resources above; confirm on a terminal, or pass --yes", 1);
      if (!(await ask(`remove these ${plan.steps.length} resources? [y/N] `))) {
        out("cancelled: nothing removed");
        return;
      }
    }
    await asCliErrors(() => applyDestroy(plan, (what) => out(`removed ${what}`)));
  } finally {
    clients.destroy();
  }
}
