/** The log group tail, watch and dashboard read: --log-group / --vpc resolved by setup/pipeline-resolution.ts, its question as a misuse (exit 2). */
import type { AwsClients } from "../../setup/clients.js";
import { SetupError } from "../../setup/errors.js";
import { logGroupFor } from "../../setup/pipeline-resolution.js";
import { awsFailure, CliError } from "../cli-error.js";

export async function chosenLogGroup(clients: AwsClients, options: { logGroup?: string | undefined; vpc?: string | undefined }): Promise<string> {
  try {
    return (await logGroupFor(clients, options)).logGroupName;
  } catch (error) {
    if (error instanceof SetupError) throw new CliError(error.message, 2);
    throw awsFailure(error);
  }
}
