/** `flowwatch destroy`: removes what setup created (tagged managed-by=flowwatch), in dependency order. */
import { awsClients } from "../../setup/clients.js";
import { DEFAULTS } from "../../setup/config.js";
import { runDestroy } from "../../setup/destroy.js";
import { asCliErrors, type ConnectionFlags, connectionOf } from "./setup-options.js";

export interface DestroyOptions extends ConnectionFlags {
  policyName?: string;
  roleName?: string;
  logGroup?: string;
  flowLogName?: string;
  dryRun?: boolean;
}

export async function destroyCommand(options: DestroyOptions): Promise<void> {
  const clients = awsClients(connectionOf(options));
  try {
    const outcome = await asCliErrors(() =>
      runDestroy(clients, {
        policyName: options.policyName ?? DEFAULTS.policyName,
        roleName: options.roleName ?? DEFAULTS.roleName,
        logGroupName: options.logGroup ?? DEFAULTS.logGroupName,
        flowLogName: options.flowLogName ?? DEFAULTS.flowLogName,
      }, options.dryRun ?? false),
    );
    const verb = options.dryRun ? "would remove" : "removed";
    for (const line of outcome.removed) process.stdout.write(`${verb} ${line}\n`);
    for (const line of outcome.kept) process.stdout.write(`kept ${line}\n`);
    if (outcome.removed.length === 0) process.stdout.write("nothing of flowwatch's to remove\n");
  } finally {
    clients.destroy();
  }
}
