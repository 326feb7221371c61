/** GetCallerIdentity: Account, Arn and UserId as AWS forms them for the root, IAM users and role sessions. */
import type { IamDirectory } from "../iam/index.js";
import type { RequestContext } from "../service.js";
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from "../validation/sts-types.js";
import type { Sessions } from "./sessions.js";

export function callerIdentityOperations(directory: IamDirectory, sessions: Sessions) {
  /**
   * GetCallerIdentity needs no permission (IAM UG). UserId: the account id for the root, AIDA… for a
   * user, `AROA…:session` for a role session (AWS's GetCallerIdentity examples).
   */
  function getCallerIdentity(_input: GetCallerIdentityRequest, ctx: RequestContext): GetCallerIdentityResponse {
    const { arn, accessKeyId, isRoot } = ctx.principal;
    let userId = ctx.account;
    if (!isRoot) {
      const session = sessions.get(accessKeyId);
      const federated = /:sts::\d{12}:federated-user\/(.+)$/.exec(arn);
      if (session !== undefined) userId = `${session.role_id}:${session.session_name}`;
      // AWS's GetCallerIdentity examples: a federated user's UserId is ACCOUNT:NAME.
      else if (federated !== null) userId = `${ctx.account}:${federated[1]}`;
      else userId = directory.userId(ctx.account, arn) ?? ctx.account;
    }
    return { UserId: userId, Account: ctx.account, Arn: arn };
  }

  return { getCallerIdentity };
}
