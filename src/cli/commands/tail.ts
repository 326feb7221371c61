/** `flowwatch tail`: follow a flow log group's interface streams, decoded in the flow log's own format and enriched. */
import { FlowLogError } from "../../flowlog/index.js";
import { awsClients } from "../../monitor/aws-clients.js";
import { formatOfGroup } from "../../monitor/flow-log-format.js";
import { FlowDecoder } from "../../monitor/flow-view.js";
import { InterfaceDirectory } from "../../monitor/interfaces.js";
import { LiveTailRefused, liveTailClient, startLiveTail } from "../../monitor/live-tail.js";
import { type TailEvent, TailPoller } from "../../monitor/tail-poller.js";
import { formatFlow, type TailOutput } from "../../monitor/tail-output.js";
import { awsFailure, CliError } from "../cli-error.js";
import { parseDuration } from "../insights/time-range.js";
import { OutputSink } from "../output/output-sink.js";
import { chosenLogGroup } from "./pipeline-choice.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";

export interface TailOptions extends ConnectionFlags {
  /** Absent: the only flow log's group (pipeline-choice.ts). */
  logGroup?: string;
  vpc?: string;
  eni?: string;
  filter?: string;
  format?: string;
  since: string;
  follow?: boolean;
  /** Follow through StartLiveTail (implies follow), polling where it is refused. */
  live?: boolean;
  interval: string;
  output: TailOutput;
}

export async function tailCommand(options: TailOptions): Promise<void> {
  const intervalMs = Number(options.interval) * 1000;
  if (!(intervalMs >= 100)) throw new CliError(`--interval takes seconds (at least 0.1), not '${options.interval}'`);
  const startTime = Date.now() - parseDuration(options.since) * 1000;
  const clients = awsClients(connectionOf(options));
  const sink = new OutputSink(process.stdout);
  const colour = options.output === "table" && process.stdout.isTTY === true && !process.env.NO_COLOR;
  try {
    const logGroupName = await chosenLogGroup(clients, options);
    const format = await formatOfGroup(clients.ec2, logGroupName, options.format).catch((error: unknown) => {
      if (error instanceof FlowLogError) throw new CliError(`--format: ${error.message}`);
      throw awsFailure(error);
    });
    const interfaces = new InterfaceDirectory(clients.ec2);
    const decoder = new FlowDecoder(format, interfaces);
    const poller = new TailPoller(clients.logs, {
      logGroupName,
      startTime,
      ...(options.eni ? { logStreamNamePrefix: options.eni } : {}),
      ...(options.filter ? { filterPattern: options.filter } : {}),
    });
    const show = async (events: TailEvent[]) => {
      await interfaces.ensure(new Set(events.map((e) => e.logStreamName.replace(/-(all|accept|reject)$/, ""))));
      for (const event of events) await sink.write(`${formatFlow(decoder.decode(event), options.output, colour)}\n`);
      // Following, each batch is shown as it arrives rather than when the buffer fills.
      if (options.follow || options.live) await sink.flush();
    };
    if (!options.live) {
      await show(await poller.poll().catch((e: unknown) => Promise.reject(awsFailure(e))));
      if (!options.follow) return;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      if (options.live && (await followLive(logGroupName, options, poller, show, stop.signal))) return;
      await sleepThen(intervalMs, stop.signal, () =>
        poller.follow(intervalMs, show, stop.signal, (error) => process.stderr.write(`flowwatch: ${describe(error)} (retrying)\n`)),
      );
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  } finally {
    await sink.end();
    clients.destroy();
  }
}

/**
 * The session starts before the --since history is read, so nothing falls between them; live records that the
 * history already showed are dropped once. False when StartLiveTail was refused: the caller polls (after a note).
 */
async function followLive(
  logGroupName: string,
  options: TailOptions,
  poller: TailPoller,
  show: (events: TailEvent[]) => Promise<void>,
  signal: AbortSignal,
): Promise<boolean> {
  const logs = liveTailClient(connectionOf(options));
  const held: TailEvent[] = [];
  let historyShown = false;
  const shown = new Set<string>();
  const key = (e: TailEvent) => `${e.logStreamName}\u0000${e.timestamp}\u0000${e.message}`;
  let updatesAfterHistory = 0;
  const onLive = async (events: TailEvent[]) => {
    if (!historyShown) {
      held.push(...events);
      return;
    }
    const fresh = shown.size === 0 ? events : events.filter((e) => !shown.delete(key(e)));
    // The overlap is at most one update past the history's read: the held ones and the next.
    if (++updatesAfterHistory >= 2) shown.clear();
    if (fresh.length > 0) await show(fresh);
  };
  try {
    const session = await startLiveTail(
      logs,
      { logGroupName, ...(options.eni ? { logStreamNamePrefix: options.eni } : {}), ...(options.filter ? { filterPattern: options.filter } : {}) },
      onLive,
      signal,
    ).catch((error: unknown) => {
      if (error instanceof LiveTailRefused) {
        process.stderr.write(`flowwatch: live tail refused (${error.reason}); polling every ${options.interval}s instead\n`);
        return undefined;
      }
      throw awsFailure(error);
    });
    const history = await poller.poll().catch((e: unknown) => Promise.reject(awsFailure(e)));
    await show(history);
    if (session === undefined) return false;
    // Only the overlap can repeat: records ingested after the session started and before the history was read.
    for (const e of history) shown.add(key(e));
    historyShown = true;
    await onLive(held.splice(0));
    await session.running.catch((e: unknown) => Promise.reject(awsFailure(e)));
    return true;
  } finally {
    logs.destroy();
  }
}

async function sleepThen(ms: number, signal: AbortSignal, then: () => Promise<void>): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  if (!signal.aborted) await then();
}

/** A failed poll in the CLI's words (the operation, the endpoint or AWS's code); a bug keeps its own name. */
const describe = (error: unknown) => {
  const failure = awsFailure(error);
  return failure instanceof CliError ? failure.message : failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
};
