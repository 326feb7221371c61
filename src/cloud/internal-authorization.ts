/**
 * The local cloud's own routes as IAM actions of a service `flowwatch` (Reset, Flush, StartTraffic, StopTraffic,
 * GetHealth): SigV4-authenticated like any AWS call, and authorized by the caller's policies like one.
 */
import { InputDecoder, QUERY_FRONT_END } from "./validation/decode.js";
import type { Authenticated } from "./accounts.js";
import type { Authorizer } from "./authorization.js";
import type { Clock } from "./clock.js";
import type { RawRequest } from "./server.js";
import type { Protocol, ServiceDefinition } from "./service.js";

/** The signing name and IAM action prefix of the internal routes. */
export const INTERNAL_SERVICE = "flowwatch";

export type InternalAction = "Reset" | "Flush" | "StartTraffic" | "StopTraffic" | "GetHealth";

/**
 * How the Authorizer words a denial of an internal action: as a JSON service (AccessDeniedException), the
 * protocol the internal routes answer in. These routes are no AWS service, so it has no operations of its own.
 */
const WORDING: ServiceDefinition = {
  signingName: INTERNAL_SERVICE,
  serviceId: "flowwatch",
  apiVersion: "",
  protocols: ["json"],
  inputs: new InputDecoder({ apiVersion: "", operations: {}, shapes: {} }, QUERY_FRONT_END),
  operations: {},
  reset: () => undefined,
};

export interface InternalAuthorizationDeps {
  authenticate(request: RawRequest, service: string, protocol: Protocol): Authenticated;
  authorizer: Authorizer;
  clock: Clock;
}

/** Whether the request carries a SigV4 signature at all (header or presigned query). */
export const isSigned = (request: RawRequest): boolean => request.headers.authorization !== undefined || request.url.searchParams.has("X-Amz-Signature");

/**
 * Throws AWS's authentication error, or AccessDeniedException for `flowwatch:<action>`. Relaxed mode lets an
 * unsigned caller through as the default account's root, as for every AWS route; strict mode does not. The
 * actions act on the whole cloud, so they take no resource: a policy grants them on `*`.
 */
export function internalAuthorizer(deps: InternalAuthorizationDeps) {
  return (request: RawRequest, action: InternalAction): Authenticated => {
    const auth = deps.authenticate(request, INTERNAL_SERVICE, "json");
    const ctx = { account: auth.account, region: auth.region, requestId: "", principal: auth.principal, clock: deps.clock };
    deps.authorizer.authorizeAction(WORDING, `${INTERNAL_SERVICE}:${action}`, ["*"], ctx, request.remoteAddress);
    return auth;
  };
}
