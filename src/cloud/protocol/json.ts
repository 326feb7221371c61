/** AWS JSON 1.0 and 1.1: bodies to inputs, outputs to bodies, and the error shape (`__type`, `message`). */
import { AwsError } from "./aws-error.js";

export interface EncodedResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export const jsonContentType = (version: "1.0" | "1.1") => `application/x-amz-json-${version}`;

/** A member sent as null is absent, as AWS reads it; list items are left for validation to judge. */
function dropNullMembers(this: unknown, _key: string, value: unknown): unknown {
  return value === null && !Array.isArray(this) ? undefined : value;
}

/** An empty body is an empty input, as the SDKs send `{}` or nothing for operations without members. */
export function decodeJsonInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"), dropNullMembers);
  } catch {
    throw new AwsError("SerializationException", "Unable to parse the request body as JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AwsError("SerializationException", "The request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Dates become epoch seconds, as the JSON protocols write timestamps; undefined members are left out. */
// JSON.stringify calls Date.prototype.toJSON before the replacer sees the value, so the Date is read from the holder.
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}

export function encodeJsonOutput(output: unknown, version: "1.0" | "1.1", requestId: string): EncodedResponse {
  return {
    status: 200,
    headers: { "content-type": jsonContentType(version), "x-amzn-requestid": requestId },
    body: output === undefined || output === null ? "{}" : JSON.stringify(output, replacer),
  };
}

export function encodeJsonError(error: AwsError, version: "1.0" | "1.1", requestId: string): EncodedResponse {
  return {
    status: error.status,
    headers: { "content-type": jsonContentType(version), "x-amzn-requestid": requestId, "x-amzn-errortype": error.code },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
  };
}
