/** IAM's error codes and messages, in AWS's words; README.md gives each one's source or says it is chosen. */
import { AwsError } from "../protocol/aws-error.js";

const noSuchEntity = (message: string) => new AwsError("NoSuchEntity", message, 404);
const alreadyExists = (message: string) => new AwsError("EntityAlreadyExists", message, 409);
const deleteConflict = (message: string) => new AwsError("DeleteConflict", message, 409);
const limitExceeded = (message: string) => new AwsError("LimitExceeded", message, 409);
export const validationError = (message: string) => new AwsError("ValidationError", message, 400);
export const invalidInput = (message: string) => new AwsError("InvalidInput", message, 400);
export const malformedPolicyDocument = (message: string) => new AwsError("MalformedPolicyDocument", message, 400);

// Recorded on AWS (test/vectors/aws-recorded/iam_test_iam.snapshot.json).
export const policyNotFound = (arn: string) => noSuchEntity(`Policy ${arn} was not found.`);
export const policyNotAttachable = (arn: string) => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
export const unparsableArn = () => validationError("Invalid ARN:  Could not be parsed!");

export const policyVersionNotFound = (arn: string, version: string) => noSuchEntity(`Policy ${arn} version ${version} does not exist or is not attachable.`);
export const roleNotFound = (name: string) => noSuchEntity(`The role with name ${name} cannot be found.`);
export const userNotFound = (name: string) => noSuchEntity(`The user with name ${name} cannot be found.`);
export const rolePolicyNotFound = (name: string) => noSuchEntity(`The role policy with name ${name} cannot be found.`);
export const userPolicyNotFound = (name: string) => noSuchEntity(`The user policy with name ${name} cannot be found.`);
export const accessKeyNotFound = (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

export const roleExists = (name: string) => alreadyExists(`Role with name ${name} already exists.`);
export const userExists = (name: string) => alreadyExists(`User with name ${name} already exists.`);
export const policyExists = (name: string) => alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);

export const policyAttached = () => deleteConflict("Cannot delete a policy attached to entities.");
/** IAM API reference, DeletePolicy: every non-default version goes first. */
export const policyHasVersions = () =>
  deleteConflict(
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  );
export const defaultVersion = () => deleteConflict("Cannot delete the default version of a policy.");
export const mustDetachPolicies = () => deleteConflict("Cannot delete entity, must detach all policies first.");
export const mustDeletePolicies = () => deleteConflict("Cannot delete entity, must delete policies first.");
export const mustDeleteAccessKeys = () => deleteConflict("Cannot delete entity, must delete access keys first.");
/** IAM API reference, DeleteUser: the user's password (login profile) goes first. */
export const mustDeleteLoginProfile = () => deleteConflict("Cannot delete entity, must delete login profile first.");

export const tooManyVersions = () =>
  limitExceeded("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.");
export const quota = (name: string, limit: number) => limitExceeded(`Cannot exceed quota for ${name}: ${limit}`);
export const rolePolicySize = (role: string) => limitExceeded(`Maximum policy size of 10240 bytes exceeded for role ${role}`);
export const userPolicySize = (user: string) => limitExceeded(`Maximum policy size of 2048 bytes exceeded for user ${user}`);

/** AWS managed policies belong to AWS: no version, no delete, no rename in any account. */
export const awsManagedPolicy = (arn: string) => new AwsError("InvalidInput", `Policy ${arn} is an AWS managed policy and cannot be modified.`, 400);
export const nonUserCredentials = () => validationError("Must specify userName when calling with non-User credentials");
export const invalidMarker = () => validationError("Invalid Marker.");
/** Recorded on STS for the same mistake (sts_test_sts.snapshot.json); IAM's code for bad input is InvalidInput. */
export const duplicateTagKeys = () => invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
/** (chosen) AWS's wording for more than 50 tags on one entity is not recorded. */
export const tooManyTags = (kind: "Role" | "User" | "Policy" | "InstanceProfile" | "OpenIDConnectProvider" | "SAMLProvider") => quota(`TagsPer${kind}`, 50);
/** (chosen) IAM's wording for a key in the reserved `aws:` space is not recorded; the refusal is documented (IAM UG, tagging rules). */
export const reservedTagKey = (key: string) => invalidInput(`Tag key ${key} is invalid: keys beginning with 'aws:' are reserved for AWS use.`);
/** (chosen) unrecorded wordings for instance profiles, in the shape of the role messages. */
export const instanceProfileNotFound = (name: string) => noSuchEntity(`Instance Profile ${name} cannot be found.`);
export const instanceProfileExists = (name: string) => alreadyExists(`Instance Profile ${name} already exists.`);
export const instanceProfileFull = () => quota("InstanceSessionsPerInstanceProfile", 1);
export const mustRemoveRoles = () => deleteConflict("Cannot delete entity, must remove roles from instance profile first.");
export const roleNotInProfile = (role: string, profile: string) => noSuchEntity(`The role with name ${role} cannot be found in instance profile ${profile}.`);
/** (chosen) A PermissionsBoundary that is no policy ARN: moto's wording, with IAM's code for bad input (the model lists InvalidInput). */
export const invalidBoundary = (arn: string) => invalidInput(`Value (${arn}) for parameter PermissionsBoundary is invalid.`);
/** (chosen) A boundary naming no managed policy: the wording reported from the field for CreateRole/PutRolePermissionsBoundary, not recorded here. */
// OpenID Connect providers. moto's words (written against AWS) unless marked.
export const invalidOidcUrl = () => validationError("Invalid Open ID Connect Provider URL");
export const tooManyThumbprints = () => invalidInput("Thumbprint list must contain fewer than 5 entries.");
/** Seen from AWS in the field (Terraform and CDK reports): a second provider for the same URL. */
export const oidcProviderExists = (url: string) => alreadyExists(`Provider with url ${url} already exists.`);
export const oidcNotFound = (arn: string) => noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
/** (chosen) the model's OpenIdIdpCommunicationError, when IAM must read the host's certificate and cannot. */
export const oidcCommunication = (why: string) =>
  new AwsError("OpenIdIdpCommunicationError", `Could not communicate with the OpenID Connect provider: ${why}`, 400);
// SAML providers.
/** Seen from AWS in the field (CloudFormation and Terraform reports: InvalidInput "Could not parse metadata"). */
export const samlMetadataUnreadable = () => invalidInput("Could not parse metadata");
/** (chosen) unrecorded wording, in the shape of the other EntityAlreadyExists messages. */
export const samlProviderExists = (name: string) => alreadyExists(`SAMLProvider ${name} already exists.`);
/** moto's words (written against AWS). */
export const samlProviderNotFound = (arn: string) => noSuchEntity(`SAMLProvider ${arn} not found`);
/** flowwatch refuses what it does not model rather than ignore it. */
export const unsupportedSamlEncryption = () =>
  invalidInput("flowwatch does not model encrypted SAML assertions: AssertionEncryptionMode and private keys are refused rather than ignored.");
// The credential report. Codes and statuses from the model; the wordings are chosen (moto's first, AWS's unrecorded).
export const reportNotPresent = () => new AwsError("ReportNotPresent", "Credential report not present", 410);
export const reportExpired = () => new AwsError("ReportExpired", "The credential report has expired: generate a new one with GenerateCredentialReport", 410);
// SSH public keys. Codes from the model; moto's words for the missing key, the others chosen (AWS's unrecorded).
export const sshKeyNotFound = (id: string) => noSuchEntity(`The SSH Public Key with id ${id} cannot be found`);
export const invalidSshKey = () => new AwsError("InvalidPublicKey", "The public key is not valid: an RSA key of at least 2048 bits is required.", 400);
export const unrecognizedSshEncoding = () =>
  new AwsError("UnrecognizedPublicKeyEncoding", "The public key encoding is not recognized: use OpenSSH ssh-rsa or PEM.", 400);
export const duplicateSshKey = () => new AwsError("DuplicateSSHPublicKey", "The SSH public key is already uploaded for this user.", 400);
/** (chosen) worded as the other DeleteUser conflicts. */
export const mustDeleteSshKeys = () => deleteConflict("Cannot delete entity, must delete SSH public keys first.");
// Service-linked roles.
/** Seen from AWS in the field (Terraform reports for AutoScaling): the role name is already in use. */
export const serviceRoleNameTaken = (name: string) => invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);
/** Seen from AWS in the field: any change to a service-linked role outside its own operations. */
export const protectedRole = (name: string) =>
  new AwsError("UnmodifiableEntity", `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`, 400);
/** (chosen) a service whose role name flowwatch does not know is refused rather than given an invented one. */
export const serviceNotEligible = (service: string) =>
  invalidInput(`flowwatch does not know the service-linked role of ${service}: only the services listed in src/cloud/iam/service-linked-roles.ts are served.`);
/** (chosen) unrecorded wordings. */
export const suffixNotAllowed = (service: string) => invalidInput(`Custom suffix is not allowed for ${service}`);
export const notServiceLinked = (name: string) => invalidInput(`Role ${name} is not a service-linked role.`);
export const deletionTaskNotFound = (id: string) => noSuchEntity(`Deletion task ${id} cannot be found.`);
// Service-specific credentials. Codes from the model; wordings chosen (AWS's unrecorded).
export const serviceNotSupported = (service: string) =>
  new AwsError(
    "NotSupportedService",
    `Service-specific credentials are not supported for ${service}: codecommit.amazonaws.com and cassandra.amazonaws.com are.`,
    404,
  );
export const serviceCredentialNotFound = (id: string) => noSuchEntity(`The service-specific credential with id ${id} cannot be found.`);
export const mustDeleteServiceCredentials = () => deleteConflict("Cannot delete entity, must delete service specific credentials first.");
export const boundaryNotFound = (arn: string) => noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
export const groupNotFound = (name: string) => noSuchEntity(`The group with name ${name} cannot be found.`);
export const groupExists = (name: string) => alreadyExists(`Group with name ${name} already exists.`);
export const groupPolicyNotFound = (name: string) => noSuchEntity(`The group policy with name ${name} cannot be found.`);
/** AWS answers this for DeleteGroup with members and for DeleteUser of a member alike (seen in the field for both). */
export const mustRemoveUsers = () => deleteConflict("Cannot delete entity, must remove users from group first.");
/** (chosen) Worded as the user's and role's; IAM UG quota: 5,120 characters of inline policies per group. */
export const groupPolicySize = (group: string) => limitExceeded(`Maximum policy size of 5120 bytes exceeded for group ${group}`);
/** (chosen) AWS's wording for a PolicySourceArn that names no user, group or role is not recorded. */
export const invalidPolicySource = (arn: string) => invalidInput(`Invalid PolicySourceArn: ${arn} must be the ARN of a user, group or role.`);

// Account settings and login profiles.
/** aws-deployment-framework#465 (EntityAlreadyExists 409): the alias is held, by this account or another. */
export const aliasTaken = (alias: string) => alreadyExists(`The account alias ${alias} already exists.`);
/** (chosen) AWS's wording for deleting an alias the account does not hold is not recorded. */
export const aliasNotFound = (alias: string) => noSuchEntity(`The account alias ${alias} cannot be found.`);
/** AWS's answer for an account without a password policy. */
export const noPasswordPolicy = (account: string) => noSuchEntity(`The Password Policy with domain name ${account} cannot be found.`);
/** gree/subiam#3: CreateLoginProfile's answer to a password the policy refuses. */
export const passwordPolicyViolation = () => new AwsError("PasswordPolicyViolation", "Password does not conform to the account password policy.", 400);
/** (chosen) AWS's words for these two are not recorded; they follow IAM's other NoSuchEntity/EntityAlreadyExists texts. */
export const loginProfileNotFound = (user: string) => noSuchEntity(`Login Profile for User ${user} cannot be found.`);
export const loginProfileExists = (user: string) => alreadyExists(`Login Profile for user ${user} already exists.`);

// Virtual MFA devices. InvalidAuthenticationCode's words are AWS's (its console and CLI print them); the others chosen.
export const invalidAuthenticationCode = () => new AwsError("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403);
export const mfaDeviceNotFound = (serial: string) => noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
export const mfaDeviceExists = () => alreadyExists("MFADevice entity at the same path and name already exists.");
export const mfaDeviceInUse = () => alreadyExists("MFA Device is already in use.");
export const mfaDeviceAssigned = () => deleteConflict("MFA Device is still in use.");
export const mustDeactivateMfa = () => deleteConflict("Cannot delete entity, must delete MFA device first.");
