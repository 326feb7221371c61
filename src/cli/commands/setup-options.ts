/** The options setup, destroy and doctor share: the pipeline's names and the connection; SDK and setup errors as CliErrors. */
import type { Command } from "commander";
import type { ConnectionOptions } from "../../setup/clients.js";
import { SetupError } from "../../setup/errors.js";
import { CliError } from "../cli-error.js";

export interface ConnectionFlags {
  endpoint?: string;
  region?: string;
  profile?: string;
}

export const connectionOf = (flags: ConnectionFlags): ConnectionOptions => ({
  ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
  ...(flags.region !== undefined ? { region: flags.region } : {}),
  ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
});

/** The pipeline's names (defaults: the tutorial's) and the connection, declared once for the three commands. */
export function withPipelineOptions(command: Command): Command {
  return command
    .option("--vpc <vpc>", "the VPC: its id (vpc-...) or its Name tag", "MyVpc22")
    .option("--policy-name <name>", "the role's permissions policy", "my-flowpolicy")
    .option("--role-name <name>", "the role the flow log delivers through", "my-flowlog-role")
    .option("--log-group <name>", "the CloudWatch Logs log group", "MyVpc22-Log")
    .option("--flow-log-name <name>", "the flow log's Name tag", "my-flowlog")
    .option("--endpoint <url>", "the endpoint, e.g. http://127.0.0.1:4566 (default: AWS_ENDPOINT_URL, else AWS)")
    .option("--region <region>", "the Region (default: AWS_REGION or the profile's)")
    .option("--profile <profile>", "a named profile of the shared AWS config");
}

/** A SetupError is the user's to fix; an SDK error (credentials, access, network) is too, named by its code. */
export async function asCliErrors<T>(work: () => Promise<T>, setupErrorCode: 1 | 2 = 1): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof SetupError) throw new CliError(error.message, setupErrorCode);
    if (error instanceof Error && (error as { $metadata?: unknown }).$metadata !== undefined) throw new CliError(`${error.name}: ${error.message}`, 1);
    if (error instanceof Error && /credential|region/i.test(error.message)) throw new CliError(error.message, 1);
    throw error;
  }
}
