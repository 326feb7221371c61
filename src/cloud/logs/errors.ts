/** CloudWatch Logs' error codes and messages, in AWS's words (test/vectors/aws-recorded/logs_*.json where recorded). */
import { AwsError } from "../protocol/aws-error.js";

const invalid = (message: string) => new AwsError("InvalidParameterException", message);
const notFound = (message: string) => new AwsError("ResourceNotFoundException", message);

export const logGroupNotFound = () => notFound("The specified log group does not exist.");
export const logStreamNotFound = () => notFound("The specified log stream does not exist.");
export const logGroupExists = () => new AwsError("ResourceAlreadyExistsException", "The specified log group already exists");
export const logStreamExists = () => new AwsError("ResourceAlreadyExistsException", "The specified log stream already exists");
export const resourceNotFound = () => notFound("The specified resource does not exist.");

/** Recorded on CreateLogGroup and DeleteMetricFilter: names over 512 get this, not the generic form. */
export const nameTooLong = () => invalid("Invalid LogGroup or LogStream, both must have length less than or equal to 512.");
/** AWS reserves the `aws/` prefix; its message is not recorded, so this one says what the rule is. */
export const reservedGroupName = () => invalid("Log group names can't start with the string 'aws/'.");

export const invalidNextToken = () => invalid("The specified nextToken is invalid.");
export const nameAndIdentifier = () => new AwsError("ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
export const neitherNameNorIdentifier = () => invalid("Either logGroupName or logGroupIdentifier must be specified.");
export const prefixAndPattern = () => invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
export const orderByWithPrefix = () => invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
export const streamNamesAndPrefix = () => invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
export const deletionProtected = (name: string) =>
  new AwsError("ValidationException", `Log group ${name} has deletion protection enabled and cannot be deleted.`);

// PutLogEvents: the messages AWS has answered in the field for years.
export const notChronological = () => invalid("Log events in a single PutLogEvents request must be in chronological order.");
export const spanTooLong = () => invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
export const eventTooLarge = (bytes: number, limit: number) => invalid(`Log event too large: ${bytes} bytes exceeds limit of ${limit}`);
export const uploadTooLarge = (bytes: number, limit: number) => invalid(`Upload too large: ${bytes} bytes exceeds limit of ${limit}`);

export const limitExceeded = () => new AwsError("LimitExceededException", "Resource limit exceeded.");
export const tooManyTags = (arn: string) => new AwsError("TooManyTagsException", `Resource ${arn} cannot have more than 50 tags.`);

export const policyNotFound = (name: string) => notFound(`Policy with name [${name}] does not exist.`);
export const invalidPolicyDocument = () => invalid("The policy document is not valid JSON.");
export const resourceScopedPolicy = () => invalid("flowwatch supports account-scoped resource policies only: resourceArn is refused rather than ignored.");
export const missingPolicyName = () => invalid("policyName must be specified.");

export const destinationNotFound = () => notFound("The specified destination does not exist.");
export const subscriptionFilterNotFound = () => notFound("The specified subscription filter does not exist.");
export const kinesisWithoutRole = () => invalid("destinationArn for vendor kinesis cannot be used without roleArn");
/** Delivery is never pretended: AWS's own answer for a target it cannot reach, and why. */
export const unreachableDestination = (arn: string, service: string) => {
  const aws: Record<string, string> = {
    kinesis: "Could not deliver test message to specified Kinesis stream. Verify the stream exists and has the correct permissions.",
    firehose: "Could not deliver test message to specified Firehose stream. Check if the given Firehose stream is in ACTIVE state.",
    lambda: "Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function.",
  };
  const first = aws[service] ?? `Could not deliver test message to specified destination ${arn}.`;
  return invalid(`${first} (flowwatch runs no ${service} destinations, so it refuses the filter rather than drop its events.)`);
};

export const deliverySourceNotFound = () => notFound("Requested Delivery Source does not exist in this account.");
/** Recorded after a DeleteDeliverySource: AWS's message has two full stops there. */
export const deliverySourceNotFoundOnDelete = () => notFound("Requested Delivery Source does not exist in this account..");
export const deliveryDestinationNotFound = () => notFound("Requested Delivery Destination does not exist in this account.");
export const deliveryNotFound = () => notFound("Requested Delivery does not exist in this account.");
export const cannotAccessService = () => notFound("Cannot access provided service.");
export const logTypeNotAllowed = () => new AwsError("ValidationException", " This service is not allowed for this LogSource.");
export const tagsOnUpdate = () => new AwsError("ConflictException", "Tags can only be provided when a resource is being created, not updated.");
export const deliveryExists = () => new AwsError("ConflictException", "The specified Delivery already exists");
export const deliveryTypeExists = () =>
  new AwsError("ConflictException", "Delivery already exists for this Delivery Source with the same Delivery Destination Type.");
export const sourceResourceChanged = () =>
  new AwsError("ConflictException", "Update to existing Delivery Source with new ResourceId is not allowed. Please create a new Delivery Source instead.");
export const outputFormatChanged = () =>
  new AwsError(
    "ValidationException",
    "Update to existing Delivery Destination with new Output Format is not allowed. Please create a new Delivery Destination instead.",
  );
export const invalidDestinationResource = () =>
  new AwsError("ValidationException", "deliveryDestinationConfiguration.destinationResourceArn must be an S3 bucket, log group or Firehose stream ARN.");
export const deliveryInUse = () => new AwsError("ConflictException", "The resource is in use by a delivery and cannot be deleted.");

// Logs Insights. AWS's StartQuery errors carry its Java front end's suffix (recorded, logs_test_logs_queries).
const javaSuffix = (code: string, requestId: string) => ` (Service: AWSLogs; Status Code: 400; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`;
/** Recorded on StartQuery with a missing group. */
export const queryLogGroupNotFound = (name: string, account: string, requestId: string) =>
  notFound(`Log group '${name}' does not exist for account ID '${account}'${javaSuffix("ResourceNotFoundException", requestId)}`);
export const malformedQuery = (message: string, location: { startCharOffset: number; endCharOffset: number }, requestId: string) => {
  const error = new AwsError("MalformedQueryException", `${message}${javaSuffix("MalformedQueryException", requestId)}`);
  error.fields = { queryCompileError: { location, message } };
  return error;
};
/** Widely reported from StartQuery when the range ends before the group existed or before its retention. */
export const queryRangeOutsideGroup = () =>
  invalid("Query's end date and time is either before the log groups creation time or exceeds the log groups log retention settings");
export const queryLogGroupsMissing = () => invalid("Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified.");
export const queryTooManyLogGroups = (max: number) => invalid(`A query can search at most ${max} log groups.`);
export const queryEndBeforeStart = () => invalid("endTime must be greater than or equal to startTime.");
export const queryLanguageRefused = (language: string) =>
  invalid(`flowwatch runs Logs Insights QL (CWLI) queries only; queryLanguage ${language} is refused rather than run differently.`);
export const queryConcurrency = (max: number) => new AwsError("LimitExceededException", `Account maximum query concurrency limit of [${max}] reached.`);
/** Ours: AWS meters concurrency by count only; the local cloud also by the memory running queries hold (query-limits.ts). */
export const queryMemoryBusy = (heldMb: number, budgetMb: number) =>
  new AwsError(
    "LimitExceededException",
    `Account maximum query concurrency reached: running queries hold ${heldMb} MB of the ${budgetMb} MB query memory budget.`,
  );
export const queryNotFound = () => notFound("Query does not exist.");
export const queryNotRunning = () => invalid("Query is not running.");
export const invalidLogRecordPointer = () => invalid("The specified log record pointer is invalid.");
export const logRecordNotFound = () => notFound("The specified log record does not exist.");
export const queryDefinitionNotFound = () => notFound("Query definition does not exist.");
