/** `flowwatch dashboard`: the web dashboard on its own port, against any endpoint or AWS. */
import { startDashboardServer } from "../../web/dashboard-server.js";
import { newToken } from "../../web/startup-token.js";
import { CliError } from "../cli-error.js";
import { readDetectionConfig } from "../detection-config-file.js";
import { parseDuration } from "../insights/time-range.js";
import { awsClients } from "../../setup/clients.js";
import { SetupError } from "../../setup/errors.js";
import { logGroupFor } from "../../setup/pipeline-resolution.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";

export interface DashboardCommandOptions extends ConnectionFlags {
  port: string;
  host: string;
  logGroup?: string;
  vpc?: string;
  format?: string;
  since: string;
  config?: string;
  /** `--allowed-host`: Host names served besides the listening address and localhost. */
  allowedHost?: string[];
}

export async function dashboardCommand(options: DashboardCommandOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port takes a port number, not '${options.port}'`);
  const detections = await readDetectionConfig(options.config);
  const logGroup = await groupOrQuestion(options);
  const server = await startDashboardServer(connectionOf(options), {
    detections,
    port,
    host: options.host,
    // The server acts with the user's AWS credentials: only whoever saw the printed URL may use it.
    token: newToken(),
    ...(options.allowedHost ? { allowedHosts: options.allowedHost } : {}),
    sinceMs: parseDuration(options.since) * 1000,
    ...(logGroup ? { logGroup } : {}),
    ...(options.format ? { format: options.format } : {}),
  }).catch((error: unknown) => {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") throw new CliError(`port ${port} is in use: choose another with --port`, 1);
    throw error;
  });
  process.stdout.write(`flowwatch dashboard on ${server.url} (Ctrl-C stops it; the token acts with your AWS credentials: keep it private)\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
}

/**
 * The group to watch, as tail and watch resolve it; several candidates stop the command with their list. An
 * endpoint that does not answer yet leaves the choice to the dashboard, which keeps asking and shows why.
 */
async function groupOrQuestion(options: DashboardCommandOptions): Promise<string | undefined> {
  if (options.logGroup !== undefined && options.vpc === undefined) return options.logGroup;
  const clients = awsClients(connectionOf(options));
  try {
    return (await logGroupFor(clients, options)).logGroupName;
  } catch (error) {
    if (error instanceof SetupError) throw new CliError(error.message, 2);
    return options.logGroup;
  } finally {
    clients.destroy();
  }
}
