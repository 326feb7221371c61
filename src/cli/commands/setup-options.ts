/** The options setup, destroy and doctor share: the pipeline's names and the connection flags (connection-options.ts); SDK and setup errors as CliErrors. */
import type { Command } from "commander";
import { SetupError } from "../../setup/errors.js";
import { awsFailure, CliError } from "../cli-error.js";
import { withConnectionOptions } from "../connection-options.js";

/** The pipeline's names (defaults: the tutorial's) and the connection, declared once for the three commands. */
export function withPipelineOptions(command: Command): Command {
  command
    // No commander defaults for these two: doctor must tell a given name from a default (config.ts applies the defaults).
    .option("--vpc <vpc>", "the VPC: its id (vpc-...) or its Name tag (default: MyVpc22; doctor: the VPC of the flow log feeding the group)")
    .option("--policy-name <name>", "the role's permissions policy", "my-flowpolicy")
    .option("--role-name <name>", "the role the flow log delivers through", "my-flowlog-role")
    .option("--log-group <name>", "the CloudWatch Logs log group (default: MyVpc22-Log; doctor: the only flow log's group, else MyVpc22-Log)")
    .option("--flow-log-name <name>", "the flow log's Name tag", "my-flowlog");
  return withConnectionOptions(command);
}

/** A SetupError is the user's to fix; an SDK error (credentials, access, network) is too, named by its code. */
export async function asCliErrors<T>(work: () => Promise<T>, setupErrorCode: 1 | 2 = 1): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof SetupError) throw new CliError(error.message, setupErrorCode);
    throw awsFailure(error);
  }
}
