/**
 * AssumeRoleWithSAML: called without AWS credentials; a SAML 2.0 response signed by the IdP stands in for them.
 * The provider (PrincipalArn) must be an IAM SAML provider of the role's account; the signature must verify with
 * one of its metadata certificates; the assertion's Issuer must be the metadata's entityID, its audience AWS's
 * sign-in endpoint, its times current; its Role attribute must pair this role with this provider; and the role's
 * trust policy must allow the provider (`Federated`) under the `saml:` condition keys.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../clock.js";
import { type IamDirectory, parseArn, parseRoleArn } from "../iam/index.js";
import { type AuthorizationRequest, type ContextValue, evaluate } from "../../policy/index.js";
import type { RequestContext } from "../service.js";
import type { AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse } from "../validation/sts-types.js";
import {
  durationOverRoleMax,
  invalidArn,
  samlAudience,
  samlDenied,
  samlExpired,
  samlInvalid,
  samlIssuer,
  samlNoProvider,
  samlNotYetValid,
  samlRejected,
  samlSessionName,
  samlUnverified,
  unknownSessionPolicy,
} from "./errors.js";
import { readSamlAssertion } from "./saml-assertion.js";
import type { Sessions } from "./sessions.js";

/** The audiences AWS's sign-in accepts (IAM UG, configuring SAML assertions for the authentication response). */
const AWS_AUDIENCE = /^(https:\/\/([a-z0-9-]+\.)?signin\.(aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\/saml|urn:amazon:webservices(:[a-z-]+)?)$/;
const ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
const SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
const SESSION_DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
const NAMEID_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:";
const DEFAULT_DURATION = 3600;

/** AssumeRoleWithSAML's SubjectType: the NameID format with SAML's own prefix dropped (API reference). */
const subjectType = (format: string | undefined) =>
  format === undefined ? "unspecified" : format.startsWith(NAMEID_PREFIX) ? format.slice(NAMEID_PREFIX.length) : format;

export function samlOperations(directory: IamDirectory, sessions: Sessions, clock: Clock) {
  function assumeRoleWithSAML(input: AssumeRoleWithSAMLRequest, ctx: RequestContext): AssumeRoleWithSAMLResponse {
    const roleParsed = parseArn(input.RoleArn);
    if (roleParsed === undefined) throw invalidArn(input.RoleArn);
    if (parseArn(input.PrincipalArn) === undefined) throw invalidArn(input.PrincipalArn);
    const ref = parseRoleArn(input.RoleArn);
    const account = ref?.account ?? roleParsed.account;
    const provider = directory.samlProvider(account, input.PrincipalArn);
    if (provider === undefined) throw samlNoProvider(input.PrincipalArn);

    const reading = readSamlAssertion(input.SAMLAssertion, provider.certificates);
    if (!reading.ok) throw reading.why === "malformed" ? samlInvalid() : reading.why === "unsigned" ? samlUnverified() : samlRejected();
    const a = reading.assertion;
    if (a.issuer !== provider.entityId) throw samlIssuer(a.issuer);
    const now = clock.now();
    if (a.notOnOrAfter !== undefined && now >= a.notOnOrAfter) throw samlExpired(new Date(now), new Date(a.notOnOrAfter));
    if (a.notBefore !== undefined && a.notBefore > now + 60_000) throw samlNotYetValid();
    const audience = a.audiences.find((x) => AWS_AUDIENCE.test(x));
    if (audience === undefined) throw samlAudience();

    // The Role attribute lists "role ARN,provider ARN" pairs, in either order (IAM UG, SAML assertions).
    const pairs = (a.attributes.get(ROLE_ATTRIBUTE) ?? []).map((v) => v.split(",").map((s) => s.trim()));
    const paired = pairs.some((p) => p.length === 2 && p.includes(input.RoleArn) && p.includes(input.PrincipalArn));
    const role = ref === undefined ? undefined : directory.assumableRole(ref.account, ref.name);
    if (!paired || role === undefined || role.arn !== input.RoleArn) throw samlDenied();

    const sessionName = a.attributes.get(SESSION_NAME_ATTRIBUTE)?.[0];
    if (sessionName === undefined || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw samlSessionName();
    const providerName = input.PrincipalArn.split("/").pop() ?? "";
    // Documented in AssumeRoleWithSAML's response: Base64(SHA1(Issuer + account id + "/" + provider name)).
    const nameQualifier = createHash("sha1").update(`${a.issuer}${account}/${providerName}`).digest("base64");
    const context: Record<string, ContextValue | undefined> = {
      "saml:aud": a.recipient ?? audience,
      "saml:iss": a.issuer,
      "saml:sub": a.subject,
      "saml:sub_type": subjectType(a.subjectFormat),
      "saml:namequalifier": nameQualifier,
      "sts:RoleSessionName": sessionName,
      "aws:FederatedProvider": provider.arn,
    };
    const request: AuthorizationRequest = {
      principal: { kind: "WebIdentity", arn: provider.arn, provider: provider.arn },
      action: "sts:AssumeRoleWithSAML",
      resource: role.arn,
      resourceAccount: role.account,
      now: new Date(now),
      context,
    };
    if (evaluate(request, [{ policy: role.trust, id: "trust", use: "trust" }]).decision !== "Allow") throw samlDenied();

    const attributeDuration = Number(a.attributes.get(SESSION_DURATION_ATTRIBUTE)?.[0] ?? Number.NaN);
    const duration =
      input.DurationSeconds ??
      (Number.isInteger(attributeDuration) && attributeDuration >= 900 && attributeDuration <= 43_200 ? attributeDuration : DEFAULT_DURATION);
    if (duration > role.maxSessionDuration) throw durationOverRoleMax();
    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? "");
    for (const p of policyArns) if (directory.managedPolicyInput(role.account, p) === undefined) throw unknownSessionPolicy(p);
    if (input.Policy !== undefined) directory.compileSessionPolicy(input.Policy);

    const row = sessions.issue({
      account: role.account,
      partition: roleParsed.partition,
      roleName: role.name,
      roleId: role.id,
      sessionName,
      createdAt: now,
      expiresAt: now + duration * 1000,
      ...(input.Policy === undefined ? {} : { policy: input.Policy }),
      ...(policyArns.length === 0 ? {} : { policyArns }),
    });
    directory.noteRoleUsed(role.account, role.name, ctx.region, now);
    return {
      Credentials: { AccessKeyId: row.access_key_id, SecretAccessKey: row.secret, SessionToken: row.token, Expiration: new Date(row.expires_at) },
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${row.session_name}`, Arn: row.arn },
      Subject: a.subject,
      SubjectType: subjectType(a.subjectFormat),
      Issuer: a.issuer,
      Audience: a.recipient ?? audience,
      NameQualifier: nameQualifier,
    };
  }

  return { assumeRoleWithSAML };
}
