/**
 * The connection flags of every command that talks to AWS (--endpoint, --region, --profile, --timeout):
 * declared once, typed once (ConnectionFlags), turned once into the clients' ConnectionOptions.
 */
import { type Command, Option } from "commander";
import type { ConnectionOptions } from "../setup/clients.js";
import { CliError } from "./cli-error.js";

/** What commander hands a command for the connection flags; every command's options type extends it. */
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

/** Declares the four flags on a command (after its own, so help lists them last, as one group). */
export function withConnectionOptions(command: Command): Command {
  return command
    .option("--endpoint <url>", "the endpoint, e.g. http://127.0.0.1:4566 (default: AWS_ENDPOINT_URL, else AWS)")
    .option("--region <region>", "the Region (default: AWS_REGION or the profile's)")
    .option("--profile <profile>", "a named profile of the shared AWS config")
    .addOption(new Option("--timeout <seconds>", "seconds one AWS call may wait for an answer (connecting: 5 at most)").default("30"));
}
