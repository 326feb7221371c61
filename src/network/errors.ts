/** NetworkError, the one error the data plane throws: refused inputs (prefix lists) and invalid ones (bad CIDR). */

export type NetworkErrorKind = "unsupported" | "invalid";

export class NetworkError extends Error {
  override readonly name = "NetworkError";
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
  ) {
    super(message);
  }
}
