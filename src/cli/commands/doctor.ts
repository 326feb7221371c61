/** `flowwatch doctor`: checks every link of the pipeline; exit 0 only when healthy; --fix repairs what setup manages. */
import { awsClients } from "../../setup/clients.js";
import { setupConfig, type RawSetupOptions } from "../../setup/config.js";
import { formatReport } from "../../setup/doctor/check.js";
import { runChecks } from "../../setup/doctor/checks.js";
import { fixReport } from "../../setup/doctor/fix.js";
import { asCliErrors, type ConnectionFlags, connectionOf } from "./setup-options.js";

export interface DoctorOptions extends RawSetupOptions, ConnectionFlags {
  json?: boolean;
  fix?: boolean;
}

export async function doctorCommand(options: DoctorOptions): Promise<void> {
  // A bad option value is a misuse of the command: exit 2.
  const config = await asCliErrors(async () => setupConfig(options), 2);
  const clients = awsClients(connectionOf(options));
  try {
    let report = await asCliErrors(() => runChecks(clients, config));
    if (options.fix && !report.healthy) {
      const before = report;
      const log = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
      if (!options.json) log(`${formatReport(before)}\n\nfixing ${before.failed.join(", ")}:`);
      await asCliErrors(() => fixReport(clients, config, before, log));
      report = await asCliErrors(() => runChecks(clients, config));
      if (options.json) process.stdout.write(`${JSON.stringify({ ...report, fixed: before.failed.filter((id) => !report.failed.includes(id)) }, null, 2)}\n`);
      else process.stdout.write(`\nafter the fix:\n${formatReport(report)}\n`);
    } else if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${formatReport(report)}\n`);
    if (!report.healthy) process.exitCode = 1;
  } finally {
    clients.destroy();
  }
}
