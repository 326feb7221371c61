/**
 * GetSessionToken and GetFederationToken: temporary credentials for an IAM user or the root, acting
 * as the caller, or as a federated user whose permissions the session policy narrows; and GetAccessKeyInfo.
 */
import type { Clock } from "../clock.js";
import type { IamDirectory } from "../iam/index.js";
import type { RequestContext } from "../service.js";
import type { GetFederationTokenRequest, GetFederationTokenResponse, GetSessionTokenRequest, GetSessionTokenResponse } from "../validation/sts-types.js";
import { mfaFailed, sessionCredentialsRefused, unknownSessionPolicy, unsupportedParameter } from "./errors.js";
import type { Sessions } from "./sessions.js";
import type { UserTokenRow, UserTokens } from "./user-tokens.js";

/** STS API reference: 43,200 seconds by default for both; a root's session is cut to an hour, not refused. */
const DEFAULT_DURATION = 43_200;
const ROOT_MAX = 3_600;
const PACKED_LIMIT = 2048;
const USER = /^arn:([\w-]+):iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;

export function sessionTokenOperations(directory: IamDirectory, sessions: Sessions, tokens: UserTokens, clock: Clock) {
  const credentials = (row: UserTokenRow) => ({
    AccessKeyId: row.access_key_id,
    SecretAccessKey: row.secret,
    SessionToken: row.token,
    Expiration: new Date(row.expires_at),
  });

  /** Who may ask: an IAM user or the root with long-term keys; any temporary credentials are refused as AWS does. */
  function caller(operation: "GetSessionToken" | "GetFederationToken", ctx: RequestContext): { root: boolean; userName: string; partition: string } {
    const id = ctx.principal.accessKeyId;
    if (sessions.get(id) !== undefined || tokens.get(id) !== undefined) throw sessionCredentialsRefused(operation);
    const partition = ctx.principal.arn.split(":")[1] || "aws";
    if (ctx.principal.isRoot) return { root: true, userName: "", partition };
    const user = USER.exec(ctx.principal.arn);
    if (user === null) throw sessionCredentialsRefused(operation);
    return { root: false, userName: user[2] ?? "", partition };
  }

  const duration = (requested: number | undefined, root: boolean) => Math.min(requested ?? DEFAULT_DURATION, root ? ROOT_MAX : Number.MAX_SAFE_INTEGER);

  /** GetSessionToken. Needs no permission (IAM UG); the credentials act as the caller itself. */
  function getSessionToken(input: GetSessionTokenRequest, ctx: RequestContext): GetSessionTokenResponse {
    const who = caller("GetSessionToken", ctx);
    const now = clock.now();
    const mfa = input.SerialNumber !== undefined || input.TokenCode !== undefined;
    // A root's virtual MFA device is not modelled, so a root's code cannot be checked: refused like a wrong one.
    if (
      mfa &&
      (who.root ||
        input.SerialNumber === undefined ||
        input.TokenCode === undefined ||
        !directory.checkMfaCode(ctx.account, who.userName, input.SerialNumber, input.TokenCode))
    )
      throw mfaFailed();
    const row = tokens.issue(
      {
        kind: "session",
        account: ctx.account,
        arn: ctx.principal.arn,
        is_root: who.root ? 1 : 0,
        user_name: who.userName,
        expires_at: now + duration(input.DurationSeconds, who.root) * 1000,
        policy: null,
        policy_arns: null,
        created_at: now,
      },
      mfa ? now : undefined,
    );
    return { Credentials: credentials(row) };
  }

  /** GetFederationToken. The federated user may do only what both the caller's policies and the session policy allow. */
  function getFederationToken(input: GetFederationTokenRequest, ctx: RequestContext): GetFederationTokenResponse {
    if (input.Tags !== undefined) throw unsupportedParameter("Tags", "session tags");
    const who = caller("GetFederationToken", ctx);
    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? "");
    for (const arn of policyArns) if (directory.managedPolicyInput(ctx.account, arn) === undefined) throw unknownSessionPolicy(arn);
    if (input.Policy !== undefined) directory.compileSessionPolicy(input.Policy);
    const now = clock.now();
    const arn = `arn:${who.partition}:sts::${ctx.account}:federated-user/${input.Name}`;
    const row = tokens.issue({
      kind: "federation",
      account: ctx.account,
      arn,
      is_root: who.root ? 1 : 0,
      user_name: who.userName,
      expires_at: now + duration(input.DurationSeconds, who.root) * 1000,
      policy: input.Policy ?? null,
      policy_arns: policyArns.length === 0 ? null : JSON.stringify(policyArns),
      created_at: now,
    });
    // The recorded answer carries PackedPolicySize 0 when no policy was passed.
    const packed = (input.Policy?.replace(/\s/g, "").length ?? 0) + policyArns.join("").length;
    return {
      Credentials: credentials(row),
      FederatedUser: { FederatedUserId: `${ctx.account}:${input.Name}`, Arn: arn },
      PackedPolicySize: packed === 0 ? 0 : Math.max(1, Math.ceil((100 * packed) / PACKED_LIMIT)),
    };
  }

  return { getSessionToken, getFederationToken };
}
