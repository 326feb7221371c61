/** The one error type commands throw for a user's mistake: printed as one line, with a stable exit code. */
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

/** An AWS answer or an unreachable endpoint as one line (exit 1); anything else is a bug and passes through. */
export function awsFailure(error: unknown): unknown {
  if (error instanceof Error && "$metadata" in error) return new CliError(`${error.name}: ${error.message}`, 1);
  if (error instanceof Error && /ECONNREFUSED|getaddrinfo|Could not load credentials|Region is missing/.test(error.message)) return new CliError(error.message, 1);
  return error;
}
