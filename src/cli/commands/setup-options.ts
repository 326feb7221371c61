/** The options setup, destroy and doctor share: the pipeline's names and the connection; SDK and setup errors as CliErrors. */
import { type Command, Option } from "commander";
import type { ConnectionOptions } from "../../setup/clients.js";
import { SetupError } from "../../setup/errors.js";
import { awsFailure, CliError } from "../cli-error.js";

export interface ConnectionFlags {
  endpoint?: string;
  region?: string;
  profile?: string;
  /** `--timeout SECONDS`: how long one call waits for an answer. */
  timeout?: string;
}

/** The connection of every command that talks to AWS; a bad --timeout is a misuse (exit 2). */
export function connectionOf(flags: ConnectionFlags): ConnectionOptions {
  let timeoutSeconds: number | undefined;
  if (flags.timeout !== undefined) {
    timeoutSeconds = Number(flags.timeout);
    if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) throw new CliError(`--timeout takes seconds (more than 0, at most 3600), not '${flags.timeout}'`);
  }
  return {
    ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
    ...(flags.region !== undefined ? { region: flags.region } : {}),
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

/** `--timeout SECONDS` of every command that talks to AWS. */
export const timeoutOption = () => new Option("--timeout <seconds>", "seconds one AWS call may wait for an answer (connecting: 5 at most)").default("30");

/** `--endpoint`, `--region`, `--profile` and `--timeout`, declared once for setup, destroy and doctor. */
function withConnectionOptions(command: Command): Command {
  return command
    .option("--endpoint <url>", "the endpoint, e.g. http://127.0.0.1:4566 (default: AWS_ENDPOINT_URL, else AWS)")
    .option("--region <region>", "the Region (default: AWS_REGION or the profile's)")
    .option("--profile <profile>", "a named profile of the shared AWS config")
    .addOption(timeoutOption());
}

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
