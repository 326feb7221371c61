/**
 * Requests a browser could send to the local cloud without its user meaning to: a Host the server does not
 * serve (DNS rebinding), a foreign Origin, a fetch from another site, and browser-simple requests left unsigned.
 */
import { hostIsServed, originIsServed } from "../http-guard/served-hosts.js";
import { authError, isUnsignedOperation } from "./accounts.js";
import { AwsError } from "./protocol/aws-error.js";
import type { Protocol } from "./service.js";

// The Host list is shared with `flowwatch dashboard`'s server, which must not import the cloud.
export { servedHosts } from "../http-guard/served-hosts.js";

export interface BrowserRequest {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** When the pipeline has read it: lets AWS's unsigned calls through (below). */
  body?: Uint8Array;
}

export type Refusal =
  | { kind: "host"; host: string; served: readonly string[] }
  | { kind: "origin"; origin: string }
  | { kind: "cross-site"; site: string }
  | { kind: "unsigned"; why: string };

const first = (value: string | readonly string[] | undefined): string | undefined => (typeof value === "string" ? value : value?.[0]);

/** The content types a page may send to any origin without a CORS preflight. */
const SIMPLE_TYPES = new Set(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]);

export interface OriginRules {
  /** servedHosts(...): read on every request, since the port is known only once the server listens. */
  hosts(): readonly string[];
  /**
   * A presigned URL (`X-Amz-Signature` in the query) counts as signed only if its signature will be checked:
   * relaxed mode takes an unknown key without checking, and a page can put any query string in an <img>.
   */
  presignedIsChecked(accessKeyId: string): boolean;
}

/**
 * Why the request must be refused, or undefined. An AWS client never sends `Origin` or `Sec-Fetch-Site` and
 * always signs; a browser page of another origin can send only "simple" requests (the server answers no CORS
 * preflight), so these rules take nothing from the SDKs, the AWS CLI or boto3.
 */
export function browserRefusal(request: BrowserRequest, rules: OriginRules): Refusal | undefined {
  const served = rules.hosts();
  const host = first(request.headers.host);
  if (!hostIsServed(host, served)) return { kind: "host", host: (host ?? "").toLowerCase(), served };

  const origin = first(request.headers.origin);
  if (origin !== undefined && !originIsServed(origin, served)) return { kind: "origin", origin };

  const authorization = first(request.headers.authorization) !== undefined;
  // Sec-Fetch-Site is set by the browser and cannot be forged by a page: `same-site` is another port or subdomain.
  const site = first(request.headers["sec-fetch-site"])?.toLowerCase();
  if ((site === "cross-site" || site === "same-site") && !authorization) return { kind: "cross-site", site };

  // A header naming the operation cannot be sent across origins without a preflight, which is never granted.
  if (authorization || request.headers["x-amz-target"] !== undefined || request.headers["smithy-protocol"] !== undefined) return undefined;
  const credential = request.url.searchParams.get("X-Amz-Credential");
  if (request.url.searchParams.has("X-Amz-Signature") && credential !== null && rules.presignedIsChecked(credential.split("/")[0] ?? "")) return undefined;
  const type = (first(request.headers["content-type"]) ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  // AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned on AWS and their clients post them as forms: a
  // page that sends one learns nothing (the answer is unreadable across origins) and can only use what the IdP signed.
  if (request.body !== undefined && isUnsignedOperation({ url: request.url, body: request.body })) return undefined;
  if (SIMPLE_TYPES.has(type)) return { kind: "unsigned", why: `an unsigned ${type} request` };
  const method = request.method.toUpperCase();
  if ((method === "GET" || method === "HEAD") && request.url.searchParams.has("Action"))
    return { kind: "unsigned", why: `an unsigned ${method} with an Action` };
  return undefined;
}

/** The refusal in the words of the protocol the request spoke. */
export function refusalError(refusal: Refusal, protocol: Protocol): AwsError {
  switch (refusal.kind) {
    case "host":
      // 421 Misdirected Request: AWS has no word for it; a rebinding page gets nothing it can read or change.
      return new AwsError(
        "MisdirectedRequest",
        `This server does not serve the host '${refusal.host.slice(0, 100)}'; it answers to ${refusal.served.join(", ")} (add names with --allowed-host)`,
        421,
      );
    case "origin":
      return denied(protocol, `Requests from another origin are refused: '${refusal.origin.slice(0, 100)}' is not this server`);
    case "cross-site":
      return denied(protocol, `Requests a browser sends from another site (Sec-Fetch-Site: ${refusal.site}) are refused`);
    case "unsigned":
      // As AWS answers any call without a signature; relaxed mode's unsigned convenience stops where a browser could forge the request.
      return authError("missing", protocol);
  }
}

function denied(protocol: Protocol, message: string): AwsError {
  if (protocol === "ec2") return new AwsError("UnauthorizedOperation", `You are not authorized to perform this operation. ${message}`, 403);
  if (protocol === "query") return new AwsError("AccessDenied", message, 403);
  return new AwsError("AccessDeniedException", message, 403);
}
