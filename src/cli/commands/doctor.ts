/**
 * `flowwatch doctor`: checks every link of the pipeline; exit 0 only when healthy (no check failed and none
 * is unknown), 1 when one failed or is unknown, 3 when the only trouble is pending (probably IAM propagation:
 * run it again in a minute), 2 for a misuse (a bad option, or several pipelines and no option naming one).
 */
import { awsClients } from "../../setup/clients.js";
import { setupConfig, type RawSetupOptions } from "../../setup/config.js";
import { formatReport } from "../../setup/doctor/check.js";
import { judgedConfig, runChecks } from "../../setup/doctor/checks.js";
import { fixReport } from "../../setup/doctor/fix.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";
import { asCliErrors } from "./setup-options.js";

export interface DoctorOptions extends RawSetupOptions, ConnectionFlags {
  json?: boolean;
  fix?: boolean;
}

export async function doctorCommand(options: DoctorOptions): Promise<void> {
  // A bad option value is a misuse of the command: exit 2.
  const asked = await asCliErrors(async () => setupConfig(options), 2);
  const given = { logGroup: options.logGroup !== undefined, vpc: options.vpc !== undefined };
  const clients = awsClients(connectionOf(options));
  try {
    // Several pipelines and no option saying which is a question for the user: exit 2 with the list.
    let report = await asCliErrors(() => runChecks(clients, asked, Date.now(), given), 2);
    const config = judgedConfig(report) ?? asked;
    if (options.fix && report.failed.length > 0) {
      const before = report;
      const log = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
      if (!options.json) log(`${formatReport(before)}\n\nfixing ${before.failed.join(", ")}:`);
      await asCliErrors(() => fixReport(clients, config, before, log));
      report = await asCliErrors(() => runChecks(clients, config));
      if (options.json) process.stdout.write(`${JSON.stringify({ ...report, fixed: before.failed.filter((id) => !report.failed.includes(id)) }, null, 2)}\n`);
      else process.stdout.write(`\nafter the fix:\n${formatReport(report)}\n`);
    } else if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${formatReport(report)}\n`);
    if (!report.healthy) process.exitCode = report.failed.length === 0 && report.unknown.length === 0 ? 3 : 1;
  } finally {
    clients.destroy();
  }
}
