/** SetupError: a problem setup, destroy or doctor can explain in one line (the CLI turns it into a CliError). */
export class SetupError extends Error {
  override readonly name = "SetupError";
}

/** An SDK error of this name (the service's error code): what "not found" looks like per service. */
export const isAwsError = (error: unknown, ...names: string[]) => error instanceof Error && names.includes(error.name);
