/**
 * AssumeRoleWithWebIdentity: called without AWS credentials; an OpenID Connect ID token stands in for them.
 * The token's issuer must be an IAM OIDC provider of the role's account, its signature must verify against the
 * issuer's published keys (discovery document -> jwks_uri, over HTTPS trusted as oidc-fetch.ts says), it must be
 * current, one of its audiences a client ID of the provider, and the role's trust policy must allow the provider
 * (`Federated`) under the token's `<provider>:aud`, `:sub` and `:amr` condition keys.
 */
import type { Clock } from "../clock.js";
import { type IamDirectory, type OidcProvider, OidcFetchError, fetchOidcJson, parseArn, parseRoleArn } from "../iam/index.js";
import { type AuthorizationRequest, type ContextValue, evaluate } from "../../policy/index.js";
import type { RequestContext } from "../service.js";
import type { AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse } from "../validation/sts-types.js";
import {
  durationOverRoleMax,
  expiredWebIdentityToken,
  idpCommunication,
  incorrectAudience,
  invalidArn,
  malformedToken,
  noOidcProvider,
  noVerificationKey,
  thumbprintMismatch,
  tokenNotYetValid,
  unknownSessionPolicy,
  unsupportedParameter,
  unverifiedToken,
  webIdentityDenied,
} from "./errors.js";
import type { Sessions } from "./sessions.js";
import { type IdToken, checkSignature, readIdToken } from "./web-identity-token.js";

const DEFAULT_DURATION = 3600;

/** The issuer's key set: discovery document first, then its jwks_uri, both through the provider's trust. */
async function keySet(provider: OidcProvider, issuer: string): Promise<unknown> {
  const fail = (e: unknown): never => {
    if (e instanceof OidcFetchError) {
      if (e.kind === "untrusted") throw thumbprintMismatch();
      if (e.kind === "unreachable") throw idpCommunication();
    }
    throw noVerificationKey();
  };
  const discovery = await fetchOidcJson(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, provider.thumbprints).catch(fail);
  const jwksUri = (discovery as { jwks_uri?: unknown } | undefined)?.jwks_uri;
  if (typeof jwksUri !== "string" || !jwksUri.startsWith("https://")) throw noVerificationKey();
  return fetchOidcJson(jwksUri, provider.thumbprints).catch(fail);
}

const audiences = (claims: Record<string, unknown>): string[] => {
  const aud = claims.aud;
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
};

/** Checks in the order AWS's answers suggest: a provider for the issuer, the signature, the times, the audience. */
async function verifiedToken(token: IdToken, provider: OidcProvider, nowMs: number): Promise<{ audience: string; subject: string }> {
  const claims = token.claims;
  const issuer = claims.iss as string;
  const check = checkSignature(token, await keySet(provider, issuer));
  if (check === "no-key") throw noVerificationKey();
  if (check !== "valid") throw unverifiedToken();
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== "number") throw malformedToken("no exp claim");
  if (now >= claims.exp) throw expiredWebIdentityToken(now, claims.exp);
  for (const key of ["nbf", "iat"] as const) {
    const t = claims[key];
    // A minute of clock skew between the provider and STS is tolerated (chosen).
    if (typeof t === "number" && t > now + 60) throw tokenNotYetValid(now, t);
  }
  const matched = audiences(claims).filter((a) => provider.clientIds.includes(a));
  if (matched.length === 0) throw incorrectAudience();
  if (typeof claims.sub !== "string") throw malformedToken("no sub claim");
  // With several audiences, OIDC's azp says which party the token is for (OpenID Connect Core, ID Token).
  const audience = typeof claims.azp === "string" && matched.includes(claims.azp) ? claims.azp : (matched[0] as string);
  return { audience, subject: claims.sub };
}

export function webIdentityOperations(directory: IamDirectory, sessions: Sessions, clock: Clock) {
  /** AssumeRoleWithWebIdentity. A role that does not exist is refused as one whose trust policy says no. */
  async function assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityRequest, ctx: RequestContext): Promise<AssumeRoleWithWebIdentityResponse> {
    if (input.ProviderId !== undefined) throw unsupportedParameter("ProviderId", "OAuth 2.0 access tokens (Login with Amazon, Facebook)");
    const arn = parseArn(input.RoleArn);
    if (arn === undefined) throw invalidArn(input.RoleArn);
    const token = readIdToken(input.WebIdentityToken);
    if (token === undefined) throw malformedToken("not a signed JWT in compact form");
    const issuer = token.claims.iss;
    if (typeof issuer !== "string") throw malformedToken("no iss claim");

    const ref = parseRoleArn(input.RoleArn);
    const account = ref?.account ?? arn.account;
    const provider = directory.oidcProvider(account, issuer);
    if (provider === undefined) throw noOidcProvider(issuer);
    const { audience, subject } = await verifiedToken(token, provider, clock.now());

    const role = ref === undefined ? undefined : directory.assumableRole(ref.account, ref.name);
    if (role === undefined || role.arn !== input.RoleArn) throw webIdentityDenied();
    const context: Record<string, ContextValue | undefined> = {
      [`${provider.url}:aud`]: audience,
      [`${provider.url}:sub`]: subject,
      "sts:RoleSessionName": input.RoleSessionName,
      "aws:FederatedProvider": provider.arn,
    };
    const amr = token.claims.amr;
    if (typeof amr === "string" || Array.isArray(amr))
      context[`${provider.url}:amr`] = Array.isArray(amr) ? amr.filter((a): a is string => typeof a === "string") : amr;
    const request: AuthorizationRequest = {
      principal: { kind: "WebIdentity", arn: provider.arn, provider: provider.arn },
      action: "sts:AssumeRoleWithWebIdentity",
      resource: role.arn,
      resourceAccount: role.account,
      now: new Date(clock.now()),
      context,
    };
    if (evaluate(request, [{ policy: role.trust, id: "trust", use: "trust" }]).decision !== "Allow") throw webIdentityDenied();

    const duration = input.DurationSeconds ?? DEFAULT_DURATION;
    if (duration > role.maxSessionDuration) throw durationOverRoleMax();
    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? "");
    for (const p of policyArns) if (directory.managedPolicyInput(role.account, p) === undefined) throw unknownSessionPolicy(p);
    if (input.Policy !== undefined) directory.compileSessionPolicy(input.Policy);

    const now = clock.now();
    const row = sessions.issue({
      account: role.account,
      partition: arn.partition,
      roleName: role.name,
      roleId: role.id,
      sessionName: input.RoleSessionName,
      createdAt: now,
      expiresAt: now + duration * 1000,
      ...(input.Policy === undefined ? {} : { policy: input.Policy }),
      ...(policyArns.length === 0 ? {} : { policyArns }),
    });
    directory.noteRoleUsed(role.account, role.name, ctx.region, now);
    return {
      Credentials: { AccessKeyId: row.access_key_id, SecretAccessKey: row.secret, SessionToken: row.token, Expiration: new Date(row.expires_at) },
      SubjectFromWebIdentityToken: subject,
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${row.session_name}`, Arn: row.arn },
      // (chosen) the provider's ARN, as AWS's EKS documentation shows it for OIDC tokens.
      Provider: provider.arn,
      Audience: audience,
    };
  }

  return { assumeRoleWithWebIdentity };
}
