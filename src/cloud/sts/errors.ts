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

// AssumeRoleWithWebIdentity. Codes and statuses from the model (sts/2011-06-15); wordings as noted.
const invalidIdentityToken = (message: string) => new AwsError("InvalidIdentityToken", message, 400);
/** Seen from AWS in the field (aws-actions/configure-aws-credentials#280, namespacelabs/foundation#801). */
export const noOidcProvider = (issuer: string) => invalidIdentityToken(`No OpenIDConnect provider found in your account for ${issuer}`);
/** Seen from AWS in the field (awslabs/amazon-eks-irsa-cfn#18). */
export const incorrectAudience = () => invalidIdentityToken("Incorrect token audience");
/** Seen from AWS in the field: the JWKS could not be read (no key for the token's kid, no jwks_uri, not JSON). */
export const noVerificationKey = () =>
  invalidIdentityToken(
    "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
  );
/** Seen from AWS in the field, when the provider's certificate matches none of its thumbprints. */
export const thumbprintMismatch = () => invalidIdentityToken("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint");
/** The model's description of InvalidIdentityToken, for a signature that does not verify. */
export const unverifiedToken = () =>
  invalidIdentityToken(
    "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.",
  );
/** (chosen) a token that is no JWT at all, or lacks a claim AWS needs. */
export const malformedToken = (what: string) => invalidIdentityToken(`The ID Token provided is not a valid JWT: ${what}.`);
/** (chosen) nbf (or iat) later than now. */
export const tokenNotYetValid = (now: number, notBefore: number) =>
  invalidIdentityToken(`Token is not yet valid: current date/time ${now} must be after the not-before date/time ${notBefore}`);
/** Worded as reported from AWS for expired IRSA and GitHub tokens; the code is the model's. */
export const expiredWebIdentityToken = (now: number, exp: number) =>
  new AwsError("ExpiredTokenException", `Token expired: current date/time ${now} must be before the expiration date/time ${exp}`, 400);
/** The model's description of IDPCommunicationError: the provider's discovery document or keys could not be fetched. */
export const idpCommunication = () =>
  new AwsError(
    "IDPCommunicationError",
    "The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached.",
    400,
  );
/** Seen from AWS in the field (GitHub Actions, EKS): the trust policy or the role says no, without saying which. */
export const webIdentityDenied = () => new AwsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403);

// AssumeRoleWithSAML. Codes from the model; the wordings are chosen (AWS's are not recorded here) unless marked.
export const samlNoProvider = (arn: string) => invalidIdentityToken(`No SAML provider ${arn} found in the role's account`);
export const samlInvalid = () => invalidIdentityToken("The SAML assertion is not a well-formed base64-encoded SAML 2.0 Response or Assertion");
export const samlUnverified = () => invalidIdentityToken("The SAML assertion's signature could not be verified with a certificate of the provider's metadata");
export const samlIssuer = (issuer: string) => invalidIdentityToken(`The SAML assertion's Issuer ${issuer} is not the entity ID of the provider's metadata`);
export const samlAudience = () => invalidIdentityToken("The SAML assertion's audience is not https://signin.aws.amazon.com/saml");
export const samlSessionName = () => invalidIdentityToken("The SAML assertion has no valid https://aws.amazon.com/SAML/Attributes/RoleSessionName attribute");
export const samlNotYetValid = () => invalidIdentityToken("The SAML assertion is not yet valid (Conditions NotBefore)");
export const samlExpired = (now: Date, end: Date) =>
  new AwsError(
    "ExpiredTokenException",
    `The SAML assertion expired: current time ${now.toISOString()} is not before its NotOnOrAfter ${end.toISOString()}`,
    400,
  );
/** The model's IDPRejectedClaim: the IdP's own Response says the sign-in failed. */
export const samlRejected = () =>
  new AwsError("IDPRejectedClaim", "The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid.", 403);
/** As for web identities: the Role attribute or the trust policy says no, without saying which. */
export const samlDenied = () => new AwsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 403);
/** (chosen wording) GetSessionToken with an MFA code that does not check out: AccessDenied 403, as AWS answers. */
export const mfaFailed = () => new AwsError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403);
