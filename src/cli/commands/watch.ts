/**
 * `flowwatch watch`: the detection engine over a flow log group's new records and its flow logs' delivery
 * status, alerts as text, JSON lines or webhook POSTs.
 */
import type { Alert } from "../../monitor/alert.js";
import { awsClients } from "../../monitor/aws-clients.js";
import type { DeliveryHealth } from "../../monitor/detections/engine.js";
import { LiveDetections } from "../../monitor/live-detections.js";
import { flowLogsOf, formatOfGroup } from "../../monitor/flow-log-format.js";
import { FlowDecoder } from "../../monitor/flow-view.js";
import { sleep, type TailEvent, TailPoller } from "../../monitor/tail-poller.js";
import { awsFailure } from "../cli-error.js";
import { readDetectionConfig } from "../detection-config-file.js";
import { parseDuration } from "../insights/time-range.js";
import { queryForFormat } from "../../monitor/format-queries.js";
import { networkCause } from "../../setup/sdk-errors.js";
import { chosenLogGroup } from "./pipeline-choice.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";

export interface WatchOptions extends ConnectionFlags {
  /** Absent: the only flow log's group (pipeline-choice.ts). */
  logGroup?: string;
  vpc?: string;
  config?: string;
  since: string;
  follow?: boolean;
  output: "text" | "json";
  webhook?: string;
}

const POLL_MS = 5000;
/** Delivery status changes at most once an aggregation interval (60 s at least): a minute's staleness loses nothing. */
const DESCRIBE_MS = 60_000;

export async function watchCommand(options: WatchOptions): Promise<void> {
  const config = await readDetectionConfig(options.config);
  const clients = awsClients(connectionOf(options));
  try {
    const logGroup = await chosenLogGroup(clients, options);
    const format = await formatOfGroup(clients.ec2, logGroup).catch((e: unknown) => Promise.reject(awsFailure(e)));
    const decoder = new FlowDecoder(format);
    // The evidence query reads the records in the flow log's own format, so it can be pasted as printed.
    const emit = (alert: Alert) => emitAlert({ ...alert, query: queryForFormat(alert.query, format) }, options);
    const poller = new TailPoller(clients.logs, { logGroupName: logGroup, startTime: Date.now() - parseDuration(options.since) * 1000 });
    // The record rules run on the records' own times (a backfill is judged as it happened); the wall clock
    // only measures how long the group has gone without events.
    const detections = new LiveDetections(config);
    let lastEventTime: number | undefined;
    const handle = async (events: TailEvent[]) => {
      for (const event of events) lastEventTime = Math.max(lastEventTime ?? 0, event.ingestionTime);
      for (const alert of detections.ingest(
        events.map((e) => decoder.decode(e)),
        logGroup,
      ))
        await emit(alert);
    };
    const checkDelivery = async (flowLogs: DeliveryHealth["flowLogs"]) => {
      for (const alert of detections.checkDelivery(logGroup, { flowLogs, ...(lastEventTime !== undefined ? { lastEventTime } : {}) })) await emit(alert);
    };
    await handle(await poller.poll().catch((e: unknown) => Promise.reject(awsFailure(e))));
    await checkDelivery(await flowLogsOf(clients.ec2, logGroup).catch((e: unknown) => Promise.reject(awsFailure(e))));
    if (!options.follow) return;

    const stop = new AbortController();
    process.once("SIGINT", () => stop.abort());
    process.once("SIGTERM", () => stop.abort());
    const warn = (e: unknown) => {
      const failure = awsFailure(e);
      process.stderr.write(`flowwatch: ${failure instanceof Error ? failure.message : String(failure)} (retrying)\n`);
    };
    let described = Date.now();
    while (!stop.signal.aborted) {
      await sleep(POLL_MS, stop.signal);
      if (stop.signal.aborted) break;
      await poller.poll().then(handle, warn);
      if (Date.now() - described < DESCRIBE_MS) continue;
      described = Date.now();
      await flowLogsOf(clients.ec2, logGroup).then(checkDelivery, warn);
    }
  } finally {
    clients.destroy();
  }
}

async function emitAlert(alert: Alert, options: WatchOptions): Promise<void> {
  if (options.output === "json") process.stdout.write(`${JSON.stringify(alert)}\n`);
  else
    process.stdout.write(
      `${alert.when} [${alert.severity}] ${alert.rule} ${alert.who}: ${alert.what}\n  evidence (${alert.from} .. ${alert.to}): ${alert.query}\n`,
    );
  if (options.webhook) {
    // A webhook that is down or hangs must not stop the watch: the alert is on stdout already.
    const failure = await fetch(options.webhook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(5_000),
    }).then(
      (response) => (response.ok ? undefined : `HTTP ${response.status}`),
      (e: unknown) => webhookFailure(e),
    );
    if (failure !== undefined) process.stderr.write(`flowwatch: webhook ${options.webhook}: ${failure}\n`);
  }
}

/** fetch says only "TypeError: fetch failed": the cause's code and address say what did not answer. */
function webhookFailure(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "no answer within 5 s";
  const cause = networkCause(error);
  if (cause !== undefined) return `cannot reach it (${cause})`;
  const inner = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return error instanceof Error ? `${error.message}${inner}` : String(error);
}
