/**
 * Which requests `flowwatch dashboard`'s own server refuses before the dashboard sees them: a Host it does not
 * serve (DNS rebinding), a page of another origin or site, and a call a cross-site form could have sent.
 */
import type { IncomingHttpHeaders } from "node:http";
import { hostIsServed, originIsServed } from "../http-guard/served-hosts.js";

export interface GuardRefusal {
  /** 421 for a Host not served (the request reached the wrong server), 403 for the rest. */
  status: 421 | 403;
  message: string;
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * Why the request must be refused, or undefined. The server acts with the user's AWS credentials (real
 * accounts' flow logs, Insights queries billed to them), so no other site may read or start anything; the
 * browser sets Host, Origin and Sec-Fetch-Site itself, and a page cannot forge them.
 */
export function dashboardRefusal(request: { method: string; path: string; headers: IncomingHttpHeaders }, served: readonly string[]): GuardRefusal | undefined {
  const host = first(request.headers.host);
  if (!hostIsServed(host, served)) {
    return {
      status: 421,
      message: `This dashboard does not serve the host '${(host ?? "").slice(0, 100)}'; it answers to ${served.join(", ")} (add names with --allowed-host)`,
    };
  }
  const origin = first(request.headers.origin);
  if (origin !== undefined && !originIsServed(origin, served))
    return { status: 403, message: `Requests from another origin are refused: '${origin.slice(0, 100)}' is not this dashboard` };

  const method = request.method.toUpperCase();
  const reads = method === "GET" || method === "HEAD";
  // Sec-Fetch-Site: `same-site` is another port of the same host. Only following a link to a page is let through:
  // a navigation shows the page to the user and nothing to the linking site.
  const site = first(request.headers["sec-fetch-site"])?.toLowerCase();
  const navigates = first(request.headers["sec-fetch-mode"])?.toLowerCase() === "navigate" && reads && !request.path.startsWith("/api/");
  if ((site === "cross-site" || site === "same-site") && !navigates)
    return { status: 403, message: `Requests a browser sends from another site (Sec-Fetch-Site: ${site}) are refused` };

  // A form or text/plain body is what a page of any origin can post without a preflight (older browsers send no
  // Origin with it): the dashboard's own page posts JSON.
  const type = (first(request.headers["content-type"]) ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!reads && type !== "application/json")
    return { status: 403, message: `A dashboard call that changes or starts something must be application/json, not '${type.slice(0, 100)}'` };
  return undefined;
}
