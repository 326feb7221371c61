/**
 * `flowwatch traffic SCENARIO`: scenario traffic on the local cloud's monitored interfaces, live for
 * a while or backfilled over a past range. A local-cloud feature: it talks to `/_flowwatch/traffic`.
 */
import { CliError } from "../cli-error.js";
import { parseDuration } from "../insights/time-range.js";
import { startTraffic, stopTraffic, TrafficRefused, type TrafficRequest } from "../traffic-client.js";

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
  let answer: unknown;
  try {
    if (options.stop) {
      answer = await stopTraffic(endpoint);
    } else {
      if (scenario === undefined)
        throw new CliError("name a scenario: web-clients, app-database, dns, s3-egress, port-scan, ssh-brute-force, exfiltration, baseline, incident");
      const now = Date.now();
      const rate = number(options.rate, "--rate");
      const seed = number(options.seed, "--seed");
      const common = { scenario, ...(rate !== undefined ? { rate } : {}), ...(seed !== undefined ? { seed } : {}) };
      let request: TrafficRequest;
      if (options.backfill !== undefined) {
        request = { ...common, backfill: true, start: now - parseDuration(options.backfill, "--backfill") * 1000, end: now };
      } else {
        const duration = options.duration === undefined ? 60 : parseDuration(options.duration, "--duration");
        request = { ...common, duration };
        process.stderr.write(`flowwatch: ${scenario} for ${duration} s on ${endpoint} (Ctrl-C stops waiting; the run goes on until it ends)\n`);
      }
      answer = await startTraffic(endpoint, request);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof TrafficRefused) throw new CliError(`${error.code}: ${error.message}`, 1);
    throw new CliError(`cannot reach the local cloud at ${endpoint}: start it with 'flowwatch up' (${(error as Error).message})`, 1);
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
