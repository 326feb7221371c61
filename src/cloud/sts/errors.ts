/** STS's error codes and messages, in AWS's words; README.md gives each one's source or says it is chosen. */
import { AwsError } from "../protocol/aws-error.js";

const validation = (message: string) => new AwsError("ValidationError", message, 400);

/** Recorded on AWS (sts_test_sts.snapshot.json: malformed-arn, no-partition, no-service, …). */
export const invalidArn = (arn: string) => validation(`${arn} is invalid`);

/** aws-spec §7.5: the generic AccessDenied, also for a role that does not exist (AWS does not say which). */
export const assumeRoleDenied = (caller: string, roleArn: string) =>
  new AwsError("AccessDenied", `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);

export const durationOverRoleMax = () => validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
export const durationOverChainLimit = () => validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");

/** (chosen) refused rather than ignored, in the code STS uses for bad parameters (recorded: InvalidParameterValue). */
export const unsupportedParameter = (name: string, why: string) =>
  new AwsError("InvalidParameterValue", `flowwatch does not model ${why}: ${name} is refused rather than ignored.`, 400);
/** (chosen) a session policy ARN that names no policy would otherwise widen the session. */
export const unknownSessionPolicy = (arn: string) => new AwsError("InvalidParameterValue", `Policy ${arn} does not exist or is not attachable.`, 400);

/** AWS's answer to temporary credentials asking for more (aws/aws-sdk-net#1704, fwdcloudsec/granted#151: AccessDenied 403). */
export const sessionCredentialsRefused = (operation: "GetSessionToken" | "GetFederationToken") =>
  new AwsError("AccessDenied", `Cannot call ${operation} with session credentials`, 403);
