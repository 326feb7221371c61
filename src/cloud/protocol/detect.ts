/**
 * Which protocol, service and operation a request speaks, from its headers and body alone, as AWS's
 * front door decides: `X-Amz-Target` for JSON, the Smithy-Protocol header and path for RPC v2 CBOR,
 * `Action` in a form body or query string for Query and EC2 Query, then the SigV4 scope's service.
 */
import type { Protocol } from "../service.js";

export interface Detected {
  protocol: Protocol;
  /** JSON: the target prefix (`Logs_20140328`); RPC v2 CBOR: the service's shape name. */
  targetPrefix?: string;
  /** The operation's name as AWS spells it, when the request names one. */
  operation?: string;
  /** Query protocols: the decoded form (body or query string). */
  form?: URLSearchParams;
  /** The credential scope's service (`logs`, `iam`), or undefined for an unsigned request. */
  signingService?: string;
}

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\/aws4_request/;
const CBOR_PATH = /^\/service\/([^/]+)\/operation\/([^/?]+)/;

export function signingServiceOf(authorization: string | undefined, query: URLSearchParams): string | undefined {
  const fromHeader = authorization === undefined ? undefined : SCOPE.exec(authorization)?.[1];
  if (fromHeader !== undefined) return fromHeader;
  const credential = query.get("X-Amz-Credential");
  return credential?.split("/")[3];
}

/** undefined: the request speaks no AWS protocol this server knows. */
export function detectProtocol(method: string, url: URL, headers: Record<string, string | string[] | undefined>, body: Buffer): Detected | undefined {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const signingService = signingServiceOf(header("authorization"), url.searchParams);
  const target = header("x-amz-target");
  if (target !== undefined) {
    const dot = target.lastIndexOf(".");
    return {
      protocol: "json",
      targetPrefix: target.slice(0, Math.max(dot, 0)),
      operation: target.slice(dot + 1),
      ...(signingService ? { signingService } : {}),
    };
  }
  if ((header("smithy-protocol") ?? "").toLowerCase() === "rpc-v2-cbor") {
    const match = CBOR_PATH.exec(url.pathname);
    return {
      protocol: "smithy-rpc-v2-cbor",
      ...(match ? { targetPrefix: decodeURIComponent(match[1] as string), operation: decodeURIComponent(match[2] as string) } : {}),
      ...(signingService ? { signingService } : {}),
    };
  }
  const contentType = (header("content-type") ?? "").toLowerCase();
  let form: URLSearchParams | undefined;
  if (method === "POST" && contentType.startsWith("application/x-www-form-urlencoded")) form = new URLSearchParams(body.toString("utf8"));
  else if (url.searchParams.has("Action")) form = url.searchParams;
  if (form === undefined || !form.has("Action")) return undefined;
  // Query and EC2 Query share the form encoding; which one it is depends on the service.
  return { protocol: "query", operation: form.get("Action") ?? "", form, ...(signingService ? { signingService } : {}) };
}
