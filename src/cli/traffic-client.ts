/**
 * The local cloud's traffic route (`/_flowwatch/traffic`) as one typed client: what `flowwatch traffic` and the demo
 * send and get back, signed like every internal request. The cloud's side is cloud/flow-logs/traffic.ts.
 */
import { type InternalCredentials, internalRequest } from "./internal-request.js";

export const TRAFFIC_PATH = "/_flowwatch/traffic";

/** POST's body: a live run for `duration` seconds (default 60), or a backfill of the past range [start, end) in epoch ms. */
export type TrafficRequest = {
  scenario: string;
  seed?: number;
  /** Arrivals per second (each scenario says of what); default 2. */
  rate?: number;
} & ({ backfill?: false; duration?: number } | { backfill: true; start: number; end: number });

/** What a run did, once it ended (live) or was delivered (backfill). */
export interface TrafficResult {
  scenario: string;
  mode: "live" | "backfill";
  interfaces: number;
  observations: number;
  records: number;
  deliveries: number;
  failedDeliveries: number;
  seconds: number;
}

/** DELETE's answer: how many live runs were stopped. */
export interface TrafficStopped {
  stopped: number;
}

/** The cloud refused: the route's own errors carry `error`, authentication and IAM refusals AWS's `__type`. */
export class TrafficRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TrafficRefused";
  }
}

export interface TrafficClientOptions {
  /** Explicit keys (the demo signs as the root `test` with the cloud's secret); otherwise the SDK's chain. */
  credentials?: InternalCredentials;
  signal?: AbortSignal;
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const code = typeof body.error === "string" ? body.error : typeof body.__type === "string" ? body.__type : String(response.status);
    throw new TrafficRefused(response.status, code, typeof body.message === "string" ? body.message : "traffic refused");
  }
  return body as T;
}

const extra = (options: TrafficClientOptions) => ({
  ...(options.credentials ? { credentials: options.credentials } : {}),
  ...(options.signal ? { signal: options.signal } : {}),
});

/** Runs a scenario on the cloud's monitored interfaces; a live run answers when it ends. Network errors are thrown as fetch throws them. */
export async function startTraffic(endpoint: string, request: TrafficRequest, options: TrafficClientOptions = {}): Promise<TrafficResult> {
  return answer<TrafficResult>(await internalRequest(endpoint, TRAFFIC_PATH, { method: "POST", body: request, ...extra(options) }));
}

/** Stops every live run. */
export async function stopTraffic(endpoint: string, options: TrafficClientOptions = {}): Promise<TrafficStopped> {
  return answer<TrafficStopped>(await internalRequest(endpoint, TRAFFIC_PATH, { method: "DELETE", ...extra(options) }));
}
