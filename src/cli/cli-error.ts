/** The one error type commands throw for a user's mistake: printed as one line, with a stable exit code. */
import { describeSdkError } from "../setup/sdk-errors.js";

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    /** 1: the input had errors; 2: the command was used wrongly. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/**
 * The CLI's one SDK-error mapper: an AWS answer, an endpoint that did not answer or could not be reached,
 * missing credentials or Region, as one line naming the operation (exit 1); anything else is a bug and passes through.
 */
export function awsFailure(error: unknown): unknown {
  if (error instanceof CliError) return error;
  const text = describeSdkError(error);
  return text === undefined ? error : new CliError(text, 1);
}
