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
