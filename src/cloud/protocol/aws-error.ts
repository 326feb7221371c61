/** AwsError: the one error a service throws; each protocol's codec writes it in that protocol's shape. */
import { echo, MESSAGE_LIMIT } from "./echo.js";

export class AwsError extends Error {
  override readonly name = "AwsError";
  constructor(
    /** AWS's error code, as the SDKs match it: `ResourceNotFoundException`, `InvalidVpcID.NotFound`. */
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Query protocols write `<Type>Sender</Type>` or `Receiver`. */
    readonly sender = true,
  ) {
    // A message quoting a 13 MB input must not become a 13 MB response.
    super(echo(message, MESSAGE_LIMIT));
  }

  /** Members of the error shape beyond the message (MalformedQueryException's `queryCompileError`). */
  fields?: Readonly<Record<string, unknown>>;
}

/** The error every protocol gives an operation the server does not implement. */
export const unknownOperation = (operation: string) =>
  new AwsError("UnknownOperationException", `The operation ${operation} is not supported by this endpoint.`, 400);

export const internalFailure = () =>
  new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, false);
