/**
 * flowwatch's own endpoints beside the AWS protocols: health, reset (also at moto's path, so suites
 * written for moto's server mode run unchanged), flush, under `/_flowwatch/` and `/moto-api/`.
 */
import type { EncodedResponse } from "./protocol/json.js";
import type { RawRequest } from "./server.js";

export interface InternalDeps {
  health(): Record<string, unknown>;
  reset(): void;
  /** Closes every open aggregation window and delivers it; answers what was delivered. */
  flush(): Promise<Record<string, unknown>>;
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
    switch (route) {
      case "GET /_flowwatch/health":
        return json(200, deps.health());
      case "POST /_flowwatch/reset":
      case "POST /moto-api/reset":
        deps.reset();
        return json(200, { status: "reset" });
      case "POST /_flowwatch/flush":
        return json(200, await deps.flush());
      default:
        return json(404, { error: `no internal endpoint ${route}` });
    }
  };
}
