/**
 * A metric filter's metricTransformations checked against its compiled pattern, as PutMetricFilter
 * checks them: metricValue a number or a field the pattern has, dimensions only from fields.
 */
import type { Matcher } from "../../filterpattern/index.js";
import { AwsError } from "../protocol/aws-error.js";
import type { MetricTransformation } from "../validation/logs-types.js";
import { asAwsError } from "./filter-pattern.js";

/** AWS: "One metric filter can include as many as three dimensions" (system-field dimensions count too). */
export const MAX_DIMENSIONS = 3;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

const invalid = (message: string) => new AwsError("InvalidParameterException", message);
// Observed on AWS (CloudFormation deploy errors relaying PutMetricFilter, 2021-2026).
export const dimensionsNotSupported = () => invalid("The specified filter pattern does not support dimensions");
export const dimensionsWithDefault = () => invalid("Invalid metric transformation: dimensions and default value are mutually exclusive properties");
// Ours: AWS's wording for these is unrecorded.
const tooManyDimensions = () => invalid(`Invalid metric transformation: a metric filter can have at most ${MAX_DIMENSIONS} dimensions`);
const badMetricValue = (value: string, why: string) => invalid(`Invalid metric value '${value}': ${why}`);
const badDimension = (key: string, value: string, why: string) => invalid(`Invalid dimension ${key}='${value}': ${why}`);

/** Throws AWS's InvalidParameterException when the transformation cannot be evaluated against this pattern. */
export function checkTransformation(t: MetricTransformation, matcher: Matcher, systemDimensions: number): void {
  const value = t.metricValue;
  if (!NUMBER.test(value)) {
    if (!value.startsWith("$")) throw badMetricValue(value, "it must be a number or a field of the filter pattern ($name, $.path)");
    checkReference(matcher, value, (why) => badMetricValue(value, why));
  }
  const dimensions = Object.entries(t.dimensions ?? {});
  if (dimensions.length === 0 && systemDimensions === 0) return;
  if (t.defaultValue !== undefined && t.defaultValue !== null) throw dimensionsWithDefault();
  if (matcher.kind !== "json" && matcher.kind !== "space-delimited") throw dimensionsNotSupported();
  if (dimensions.length + systemDimensions > MAX_DIMENSIONS) throw tooManyDimensions();
  for (const [key, ref] of dimensions) {
    // AWS takes dimension values only from the event's fields; a fixed value is not supported.
    if (!ref.startsWith("$")) throw badDimension(key, ref, "a dimension's value must be a field of the filter pattern ($name, $.path)");
    checkReference(matcher, ref, (why) => badDimension(key, ref, why));
  }
}

/** Asks the engine whether the reference names something it can extract (it throws before reading the message). */
function checkReference(matcher: Matcher, reference: string, error: (why: string) => AwsError): void {
  try {
    matcher.valueOf("", reference);
  } catch (e) {
    const aws = asAwsError(e);
    throw aws instanceof AwsError ? error(aws.message) : aws;
  }
}
