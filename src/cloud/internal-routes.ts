/**
 * flowwatch's own endpoints beside the AWS protocols: health, reset (also at moto's path, so suites
 * written for moto's server mode run unchanged), flush, traffic, under `/_flowwatch/` and `/moto-api/`;
 * each one signed and authorized as a `flowwatch:` action but the bare liveness answer.
 */
import { randomUUID } from "node:crypto";
import { type InternalAction, isSigned } from "./internal-authorization.js";
import { AwsError } from "./protocol/aws-error.js";
import { type EncodedResponse, encodeJsonError } from "./protocol/json.js";
import type { RawRequest } from "./server.js";

export interface InternalDeps {
  /** Throws AWS's authentication error or AccessDeniedException unless the request may perform `flowwatch:<action>`. */
  authorize(request: RawRequest, action: InternalAction): void;
  /** The detail (endpoint, account, data directory, services): for signed callers allowed flowwatch:GetHealth only. */
  health(): Record<string, unknown>;
  reset(): void;
  /** Closes every open aggregation window and delivers it; answers what was delivered. */
  flush(): Promise<Record<string, unknown>>;
  /** Runs scenario traffic (live or backfill) and answers what it did; `stop` ends every live run. */
  traffic(request: Record<string, unknown>): Promise<Record<string, unknown>>;
  stopTraffic(): Record<string, unknown>;
}

/** The dashboard's mount point: the server hands these requests, SSE included, to src/web/ before the pipeline. */
export const isDashboardPath = (path: string): boolean => path === "/_flowwatch/ui" || path.startsWith("/_flowwatch/ui/");

const json = (status: number, value: unknown): EncodedResponse => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

export function internalRoutes(deps: InternalDeps) {
  return async (request: RawRequest): Promise<EncodedResponse | undefined> => {
    const path = request.url.pathname;
    if (!path.startsWith("/_flowwatch/") && !path.startsWith("/moto-api/")) return undefined;
    const route = `${request.method} ${path.replace(/\/+$/, "")}`;
    try {
      return await answer(deps, request, route);
    } catch (error) {
      // The internal routes speak JSON: their refusals are JSON 1.1 errors, as the SDKs parse them.
      if (error instanceof AwsError) return encodeJsonError(error, "1.1", randomUUID());
      throw error;
    }
  };
}

async function answer(deps: InternalDeps, request: RawRequest, route: string): Promise<EncodedResponse> {
  switch (route) {
    case "GET /_flowwatch/health":
      // Liveness for anyone (a load balancer, `flowwatch up`'s callers); the detail names the data directory.
      if (!isSigned(request)) return json(200, { status: "ready" });
      deps.authorize(request, "GetHealth");
      return json(200, deps.health());
    case "POST /_flowwatch/reset":
    case "POST /moto-api/reset":
      deps.authorize(request, "Reset");
      deps.reset();
      return json(200, { status: "reset" });
    case "POST /_flowwatch/flush":
      deps.authorize(request, "Flush");
      return json(200, await deps.flush());
    case "POST /_flowwatch/traffic": {
      deps.authorize(request, "StartTraffic");
      let body: unknown;
      try {
        body = JSON.parse(request.body.toString("utf8") || "{}");
      } catch {
        return json(400, { error: "InvalidParameterException", message: "the body must be JSON" });
      }
      if (typeof body !== "object" || body === null || Array.isArray(body))
        return json(400, { error: "InvalidParameterException", message: "the body must be a JSON object" });
      try {
        return json(200, await deps.traffic(body as Record<string, unknown>));
      } catch (error) {
        if (error instanceof AwsError) return json(error.status, { error: error.code, message: error.message });
        throw error;
      }
    }
    case "DELETE /_flowwatch/traffic":
      deps.authorize(request, "StopTraffic");
      return json(200, deps.stopTraffic());
    default:
      return json(404, { error: `no internal endpoint ${route}` });
  }
}
