/** `flowwatch up`: runs the local cloud in the foreground until Ctrl-C or SIGTERM. */
import { type AuthMode, LocalCloud } from "../../cloud/cloud.js";
import { DataDirDamage } from "../../cloud/store/data-dir-damage.js";
import { CliError } from "../cli-error.js";

export interface UpOptions {
  host: string;
  port: string;
  dataDir: string;
  memory?: boolean;
  auth: string;
  region: string;
  account: string;
  /** The tutorial's pipeline with an instance and traffic: what `npm start` runs. */
  demo?: boolean;
  /** Recover what is intact of a damaged data dir, move the damaged files aside, report what was lost. */
  repair?: boolean;
  /** `--allowed-host`: Host names served besides the listening address and localhost. */
  allowedHost?: string[];
  /** `--root-secret` / FLOWWATCH_ROOT_SECRET: strict mode's secret for the root key `test`; random when absent. */
  rootSecret?: string;
}

export async function upCommand(options: UpOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not '${options.port}'`);
  let cloud: LocalCloud;
  try {
    cloud = new LocalCloud({
      host: options.host,
      port,
      dataDir: options.dataDir,
      memory: options.memory ?? false,
      auth: options.auth as AuthMode,
      region: options.region,
      account: options.account,
      repair: options.repair ?? false,
      ...(options.allowedHost ? { allowedHosts: options.allowedHost } : {}),
      ...(options.rootSecret !== undefined ? { rootSecret: options.rootSecret } : {}),
      // Composition at the top: the cloud serves the dashboard it is handed, loaded on its first visit.
      ui: async (...args) => (await import("../../web/local-cloud-ui.js")).localCloudUi(...args),
    });
    await cloud.start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new CliError(`port ${port} on ${options.host} is already in use (--port to choose another)`);
    // One line, never a stack trace: damage names its file and what --repair would keep (exit 1).
    if (error instanceof DataDirDamage) throw new CliError(error.message, 1);
    if (error instanceof Error && !code) throw new CliError(error.message);
    if (error instanceof Error) throw new CliError(`cannot start: ${error.message}`, 1);
    throw error;
  }
  if (options.repair) {
    const report = cloud.repairReport.length === 0 ? ["nothing was damaged"] : cloud.repairReport;
    for (const line of report) process.stdout.write(`flowwatch: repair: ${line}\n`);
  }
  const where = options.memory ? "in memory (nothing kept)" : `state in ${options.dataDir}`;
  process.stdout.write(
    `flowwatch local cloud ready at ${cloud.endpoint} (${options.auth} auth, region ${options.region}, account ${options.account}, ${where})\n` +
      // Strict mode: the URL carries the dashboard's token; whoever has it browses as the root of the test account.
      `  dashboard: ${cloud.dashboardUrl}${options.auth === "strict" ? " (the token is a root credential: keep it private)" : ""}\n` +
      rootKeyLines(options.auth === "strict", options.rootSecret !== undefined, cloud.rootSecret) +
      `  try: aws --endpoint-url ${cloud.endpoint} logs describe-log-groups\n`,
  );
  let stopDemo: () => void = () => {};
  if (options.demo) {
    const { startDemo } = await import("../demo/demo.js");
    try {
      const workload = await startDemo({
        endpoint: cloud.endpoint,
        region: options.region,
        rootSecret: cloud.rootSecret,
        print: (line) => process.stdout.write(`${line}\n`),
      });
      stopDemo = () => workload.stop();
    } catch (error) {
      await cloud.stop();
      throw new CliError(`the demo could not start: ${(error as Error).message}`, 1);
    }
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`\nflowwatch: ${signal}, shutting down\n`);
      stopDemo();
      cloud.stop().then(resolve, resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}

/**
 * Strict mode's root key, as the lines a user pastes. A generated secret is printed here once and nowhere else
 * (not in the health route, not in errors); one the user gave is not echoed, so it stays out of their logs.
 */
function rootKeyLines(strict: boolean, given: boolean, secret: string): string {
  if (!strict) return "";
  if (given) return "  root key: AWS_ACCESS_KEY_ID=test with the secret given (--root-secret or FLOWWATCH_ROOT_SECRET)\n";
  return (
    "  root key of account 000000000000 (a new secret each start unless FLOWWATCH_ROOT_SECRET is set; keep it private):\n" +
    `    export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=${secret}\n`
  );
}
