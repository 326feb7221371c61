/** doctor's first link, the credentials: GetCallerIdentity answers, and in which Region; the fix tells a dead endpoint from missing keys. */
import type { Scope } from "../../arns.js";
import type { AwsClients } from "../../clients.js";
import { type Caller, whoAmI } from "../../discover.js";
import { networkCause, NoAnswerError, NotAwsResponseError } from "../../sdk-errors.js";
import type { Check } from "../check.js";

/** What to do when GetCallerIdentity fails: an endpoint that is silent, unreachable or not AWS is no credentials problem. */
export function credentialsFix(error: unknown): string {
  if (error instanceof NoAnswerError || networkCause(error) !== undefined)
    return "the endpoint did not answer: check --endpoint (or AWS_ENDPOINT_URL) and the network, or give a longer --timeout";
  if (error instanceof NotAwsResponseError) return "--endpoint (or AWS_ENDPOINT_URL) is not an AWS endpoint";
  return "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and --region; --endpoint for the local cloud";
}

/** The check, and the caller with its scope when the credentials work (every later link needs them). */
export async function credentialsLink(clients: AwsClients): Promise<{ check: Check; identity?: { scope: Scope; caller: Caller } }> {
  try {
    const identity = await whoAmI(clients);
    return { check: { id: "credentials", title: "credentials", status: "ok", detail: `${identity.caller.arn} in ${identity.scope.region}` }, identity };
  } catch (error) {
    return {
      check: { id: "credentials", title: "credentials", status: "fail", detail: `GetCallerIdentity: ${(error as Error).message}`, fix: credentialsFix(error) },
    };
  }
}
