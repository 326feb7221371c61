/**
 * CloudWatch's errors: the Query code (what Query clients and `x-amzn-query-error` carry) and, for
 * the JSON and CBOR protocols, the error shape's id as `__type`, as awsQueryCompatible services answer.
 */
import { AwsError } from "../protocol/aws-error.js";

function error(code: string, shape: string, message: string, status = 400): AwsError {
  const e = new AwsError(code, message, status);
  e.fields = { __type: `com.amazonaws.cloudwatch#${shape}` };
  return e;
}

export const invalidParameterValue = (message: string) => error("InvalidParameterValue", "InvalidParameterValueException", message);
export const invalidParameterCombination = (message: string) => error("InvalidParameterCombination", "InvalidParameterCombinationException", message);
export const missingParameter = (message: string) => error("MissingParameter", "MissingRequiredParameterException", message);
export const resourceNotFound = (message: string) => error("ResourceNotFound", "ResourceNotFound", message, 404);
export const resourceNotFoundException = (message: string) => error("ResourceNotFoundException", "ResourceNotFoundException", message, 404);
export const invalidFormat = (message: string) => error("InvalidFormat", "InvalidFormatFault", message);
export const invalidNextToken = () => error("InvalidNextToken", "InvalidNextToken", "The service couldn't process the token.");
export const limitExceeded = (message: string) => error("LimitExceeded", "LimitExceededFault", message);

/** The front end's constraint failures (`1 validation error detected: ...`), as Coral names them. */
export function validationError(message: string): AwsError {
  const e = new AwsError("ValidationError", message);
  e.fields = { __type: "com.amazon.coral.validate#ValidationException" };
  return e;
}

/** A request body of the wrong types for the operation's shapes, on the JSON and CBOR protocols. */
export const serializationError = (message: string) => new AwsError("SerializationException", message);
