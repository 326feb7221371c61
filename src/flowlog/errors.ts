/** The one error type the record library throws; anything else escaping it is a bug. */

export type FlowLogErrorKind = "format" | "record";

export class FlowLogError extends Error {
  override readonly name = "FlowLogError";
  constructor(
    readonly kind: FlowLogErrorKind,
    message: string,
    /** 1-based line number of the record, when the error is about a record. */
    readonly line?: number,
    /** The field the error is about, as AWS spells it. */
    readonly field?: string,
    /** 1-based column in the format string or the line. */
    readonly column?: number,
  ) {
    super(message);
  }
}
