/**
 * Damage to the data directory: the refusal to start that names the damaged file and what
 * `flowwatch up --repair` would keep, and the AWS error a request gets when it meets damage later.
 */
import { AwsError } from "../protocol/aws-error.js";

/** Found at start: the server does not start with less than it acknowledged. */
export class DataDirDamage extends Error {
  override readonly name = "DataDirDamage";
  constructor(
    /** The damaged file. */
    readonly file: string,
    /** What is wrong with it, e.g. "3 committed transactions after WAL frame 11 are unreadable". */
    readonly problem: string,
    /** What --repair would keep, e.g. "1,204 of 1,210 chunks". */
    readonly keep: string,
  ) {
    super(`${file} is damaged: ${problem}. flowwatch up --repair would keep ${keep}; it moves the damaged files aside and reports what was lost`);
  }
}

/** Damage met while serving (a record or a page that read fine at start): the request fails, the server goes on. */
export class StorageDamage extends Error {
  override readonly name = "StorageDamage";
}

const SQLITE_DAMAGE = /^SQLITE_(CORRUPT|NOTADB|IOERR)/;

/** A read that met damaged storage: SQLite's corruption and I/O errors, or a segment record that fails its check. */
export function isStorageDamage(error: unknown): boolean {
  if (error instanceof StorageDamage) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && SQLITE_DAMAGE.test(code);
}

/**
 * The error each service answers when its storage cannot serve a request: the code its API declares
 * for the service being unable to (Logs: ServiceUnavailableException; IAM: ServiceFailure), else the
 * ServiceUnavailable that every AWS Query and EC2 API lists among its common errors. 5xx, so SDKs retry.
 */
export function serviceUnavailable(signingName: string | undefined): AwsError {
  switch (signingName) {
    case "logs":
      return new AwsError("ServiceUnavailableException", "The service cannot complete the request.", 503, false);
    case "iam":
      return new AwsError("ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, false);
    default:
      return new AwsError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503, false);
  }
}
