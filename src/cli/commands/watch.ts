/** `flowwatch watch`: the detection engine over a flow log group's new records, alerts as text, JSON lines or webhook POSTs. */
import { readFile } from "node:fs/promises";
import type { Alert } from "../../monitor/alert.js";
import { awsClients } from "../../monitor/aws-clients.js";
import { DetectionEngine, detectionConfig } from "../../monitor/detections/engine.js";
import { formatOfGroup } from "../../monitor/flow-log-format.js";
import { FlowDecoder } from "../../monitor/flow-view.js";
import { type TailEvent, TailPoller } from "../../monitor/tail-poller.js";
import { CliError } from "../cli-error.js";
import { parseDuration } from "../insights/time-range.js";

export interface WatchOptions {
  logGroup: string;
  config?: string;
  since: string;
  follow?: boolean;
  output: "text" | "json";
  webhook?: string;
  endpoint?: string;
  region?: string;
  profile?: string;
}

export async function watchCommand(options: WatchOptions): Promise<void> {
  const config = detectionConfig(options.config ? await readConfig(options.config) : undefined);
  const clients = awsClients(options);
  try {
    const format = await formatOfGroup(clients.ec2, options.logGroup).catch((e: unknown) => Promise.reject(awsFailure(e)));
    const decoder = new FlowDecoder(format);
    const poller = new TailPoller(clients.logs, { logGroupName: options.logGroup, startTime: Date.now() - parseDuration(options.since) * 1000 });
    // A backfill's records are judged at their own times, so the engine's clock follows the newest record seen.
    let clock = 0;
    const engine = new DetectionEngine(config, options.logGroup, () => clock);
    const handle = async (events: TailEvent[]) => {
      for (const event of events) {
        const view = decoder.decode(event);
        if (!view.record) continue;
        clock = Math.max(clock, event.timestamp);
        for (const alert of engine.ingest([view])) await emit(alert, options);
      }
    };
    await handle(await poller.poll().catch((e: unknown) => Promise.reject(awsFailure(e))));
    if (!options.follow) return;
    const stop = new AbortController();
    process.once("SIGINT", () => stop.abort());
    process.once("SIGTERM", () => stop.abort());
    await poller.follow(5000, handle, stop.signal, (e) => process.stderr.write(`flowwatch: ${String(e)} (retrying)\n`));
  } finally {
    clients.destroy();
  }
}

async function emit(alert: Alert, options: WatchOptions): Promise<void> {
  if (options.output === "json") process.stdout.write(`${JSON.stringify(alert)}\n`);
  else process.stdout.write(`${alert.when} [${alert.severity}] ${alert.rule} ${alert.who}: ${alert.what}\n  evidence (${alert.from} .. ${alert.to}): ${alert.query}\n`);
  if (options.webhook) {
    await fetch(options.webhook, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(alert) }).catch((e: unknown) =>
      process.stderr.write(`flowwatch: webhook ${options.webhook}: ${String(e)}\n`),
    );
  }
}

async function readConfig(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch (error) {
    throw new CliError(`--config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function awsFailure(error: unknown): unknown {
  if (error instanceof Error && "$metadata" in error) return new CliError(`${error.name}: ${error.message}`, 1);
  if (error instanceof Error && /ECONNREFUSED|getaddrinfo|Could not load credentials|Region is missing/.test(error.message)) return new CliError(error.message, 1);
  return error;
}
