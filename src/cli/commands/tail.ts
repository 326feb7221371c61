/** `flowwatch tail`: follow a flow log group's interface streams, decoded in the flow log's own format and enriched. */
import { FlowLogError } from "../../flowlog/index.js";
import { awsClients } from "../../monitor/aws-clients.js";
import { formatOfGroup } from "../../monitor/flow-log-format.js";
import { FlowDecoder } from "../../monitor/flow-view.js";
import { InterfaceDirectory } from "../../monitor/interfaces.js";
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
    };
    await show(await poller.poll().catch((e: unknown) => Promise.reject(awsFailure(e))));
    if (!options.follow) return;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
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

async function sleepThen(ms: number, signal: AbortSignal, then: () => Promise<void>): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  if (!signal.aborted) await then();
}

/** A failed poll in the CLI's words (the operation, the endpoint or AWS's code); a bug keeps its own name. */
const describe = (error: unknown) => {
  const failure = awsFailure(error);
  return failure instanceof CliError ? failure.message : failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
};

