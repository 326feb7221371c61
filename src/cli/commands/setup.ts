/** `flowwatch setup`: the tutorial's pipeline in one idempotent command, or its template with --emit. */
import { awsClients } from "../../setup/clients.js";
import { setupConfig, type RawSetupOptions } from "../../setup/config.js";
import { cloudFormationTemplate } from "../../setup/emit-cloudformation.js";
import { terraformConfig } from "../../setup/emit-terraform.js";
import { runSetup } from "../../setup/setup.js";
import { CliError } from "../cli-error.js";
import { ask } from "./confirm.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";
import { asCliErrors } from "./setup-options.js";

export interface SetupOptions extends RawSetupOptions, ConnectionFlags {
  emit?: string;
  yes?: boolean;
  waitTimeout?: string;
}

export async function setupCommand(options: SetupOptions): Promise<void> {
  // A bad option value is a misuse of the command: exit 2.
  const config = await asCliErrors(async () => setupConfig(options), 2);
  if (options.emit !== undefined) {
    if (options.emit === "cloudformation") process.stdout.write(`${JSON.stringify(cloudFormationTemplate(config), null, 2)}\n`);
    else if (options.emit === "terraform") process.stdout.write(terraformConfig(config));
    else throw new CliError(`--emit must be cloudformation or terraform, not '${options.emit}'`);
    return;
  }
  const timeoutMs = options.waitTimeout !== undefined ? Number(options.waitTimeout) * 1000 : undefined;
  if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw new CliError(`--wait-timeout must be seconds, not '${options.waitTimeout}'`);
  const clients = awsClients(connectionOf(options));
  try {
    const result = await asCliErrors(() =>
      runSetup(clients, config, {
        print: (line) => process.stdout.write(`${line}\n`),
        ...(timeoutMs !== undefined ? { wait: { timeoutMs } } : {}),
        allowDestructive: options.yes === true,
        ...(options.yes ? {} : { confirm: async () => (process.stdin.isTTY ? ask("apply this plan? [y/N] ") : false) }),
      }),
    );
    if (!result.applied && !options.yes && result.plan.steps.some((s) => s.action !== "unchanged")) {
      throw new CliError("nothing applied: confirm on a terminal, or pass --yes", 1);
    }
  } finally {
    clients.destroy();
  }
}
