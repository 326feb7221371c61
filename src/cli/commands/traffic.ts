/**
 * `flowwatch traffic SCENARIO`: scenario traffic on the local cloud's monitored interfaces, live for
 * a while or backfilled over a past range. A local-cloud feature: it talks to `/_flowwatch/traffic`.
 */
import { CliError } from "../cli-error.js";
import { internalRequest } from "../internal-request.js";
import { parseDuration } from "../insights/time-range.js";

export interface TrafficOptions {
  endpoint?: string;
  rate?: string;
  seed?: string;
  duration?: string;
  backfill?: string;
  stop?: boolean;
}

const number = (text: string | undefined, flag: string): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new CliError(`${flag} must be a number, not '${text}'`);
  return value;
};

export async function trafficCommand(scenario: string | undefined, options: TrafficOptions): Promise<void> {
  const endpoint = (options.endpoint ?? process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:4566").replace(/\/+$/, "");
  let response: Response;
  try {
    if (options.stop) {
      response = await internalRequest(endpoint, "/_flowwatch/traffic", { method: "DELETE" });
    } else {
      if (scenario === undefined) throw new CliError("name a scenario: web-clients, app-database, dns, s3-egress, port-scan, ssh-brute-force, exfiltration, baseline, incident");
      const now = Date.now();
      const body: Record<string, unknown> = { scenario };
      const rate = number(options.rate, "--rate");
      const seed = number(options.seed, "--seed");
      if (rate !== undefined) body.rate = rate;
      if (seed !== undefined) body.seed = seed;
      if (options.backfill !== undefined) {
        Object.assign(body, { backfill: true, start: now - parseDuration(options.backfill, "--backfill") * 1000, end: now });
      } else {
        body.duration = options.duration === undefined ? 60 : parseDuration(options.duration, "--duration");
        process.stderr.write(`flowwatch: ${scenario} for ${body.duration} s on ${endpoint} (Ctrl-C stops waiting; the run goes on until it ends)\n`);
      }
      response = await internalRequest(endpoint, "/_flowwatch/traffic", { method: "POST", body });
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot reach the local cloud at ${endpoint}: start it with 'flowwatch up' (${(error as Error).message})`, 1);
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  // The route's own errors are `error`; authentication and IAM refusals are AWS JSON errors (`__type`).
  if (!response.ok) throw new CliError(`${answer.error ?? answer.__type ?? response.status}: ${answer.message ?? "traffic refused"}`, 1);
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
