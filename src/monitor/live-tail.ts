/**
 * `tail --live`: CloudWatch Logs' StartLiveTail through the SDK, its updates turned into tail's events. A session
 * AWS ends after three hours is started again; an endpoint that refuses the operation (no permission, not
 * implemented: moto_server) is reported as LiveTailRefused so that the caller polls instead.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand, type LiveTailSessionLogEvent, StartLiveTailCommand } from "@aws-sdk/client-cloudwatch-logs";
import { type ConnectionOptions, clientConfig, instrument } from "../setup/clients.js";
import type { TailEvent } from "./tail-poller.js";

export interface LiveTailOptions {
  logGroupName: string;
  logStreamNamePrefix?: string;
  filterPattern?: string;
}

/** The endpoint will not tail live; `reason` is the one line the user is told before polling starts. */
export class LiveTailRefused extends Error {
  override readonly name = "LiveTailRefused";
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Error names that say the caller may not, or the endpoint cannot, run StartLiveTail. */
const REFUSALS = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnknownOperationException",
  "InvalidOperationException",
  "NotImplemented",
  "NotAwsResponseError",
]);

function refusal(error: unknown): LiveTailRefused | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? (error as { status?: number }).status;
  // An answer the SDK cannot parse as AWS's (moto_server's HTML 500 page for an operation it lacks) is a refusal too.
  const unreadable = error.name === "SyntaxError" && status !== undefined && status >= 400;
  if (!REFUSALS.has(error.name) && !unreadable && status !== 404 && status !== 501) return undefined;
  return new LiveTailRefused(`${error.name}${status !== undefined ? `, HTTP ${status}` : ""}`);
}

/**
 * A Logs client for the stream. SDKs put StartLiveTail on the `streaming-logs.`/`stream-logs.` host; in front of
 * a chosen endpoint (the local cloud, a proxy) that name would not resolve, so the prefix is left off there.
 */
export function liveTailClient(options: ConnectionOptions): CloudWatchLogsClient {
  const chosen = options.endpoint ?? process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS ?? process.env.AWS_ENDPOINT_URL;
  return instrument(new CloudWatchLogsClient({ ...clientConfig(options), ...(chosen !== undefined ? { disableHostPrefix: true } : {}) }), options);
}

/** StartLiveTail wants ARNs; DescribeLogGroups gives the group's (without the `:*` its older `arn` field has). */
async function groupArn(logs: CloudWatchLogsClient, name: string): Promise<string> {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }));
  const group = out.logGroups?.find((g) => g.logGroupName === name);
  const arn = group?.logGroupArn ?? group?.arn?.replace(/:\*$/, "");
  if (arn === undefined) throw new Error(`log group ${name} was not found`);
  return arn;
}

/**
 * Streams until the signal aborts. Resolves once the first session has started (so that the caller knows live
 * tail was accepted) with the promise of the whole run; rejects with LiveTailRefused when it was not.
 */
export async function startLiveTail(
  logs: CloudWatchLogsClient,
  options: LiveTailOptions,
  onEvents: (events: TailEvent[]) => Promise<void>,
  signal: AbortSignal,
): Promise<{ running: Promise<void> }> {
  const arn = await groupArn(logs, options.logGroupName);
  let counter = 0;
  const open = async () => {
    try {
      const out = await logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [arn],
          ...(options.logStreamNamePrefix ? { logStreamNamePrefixes: [options.logStreamNamePrefix] } : {}),
          ...(options.filterPattern ? { logEventFilterPattern: options.filterPattern } : {}),
        }),
        { abortSignal: signal },
      );
      if (out.responseStream === undefined) throw new LiveTailRefused("no event stream in the answer");
      return out.responseStream;
    } catch (error) {
      throw refusal(error) ?? error;
    }
  };
  const read = async (stream: Awaited<ReturnType<typeof open>>): Promise<"timeout" | "end"> => {
    try {
      for await (const message of stream) {
        if (signal.aborted) return "end";
        if (message.SessionTimeoutException !== undefined) return "timeout";
        const results = message.sessionUpdate?.sessionResults ?? [];
        if (results.length > 0) await onEvents(results.map((e) => toTailEvent(e, counter++)));
      }
    } catch (error) {
      if (signal.aborted) return "end";
      if (error instanceof Error && error.name === "SessionTimeoutException") return "timeout";
      throw error;
    }
    return "end";
  };
  const first = await open();
  const running = (async () => {
    let stream = first;
    // Bounded: one new session per three-hour timeout, until the signal aborts.
    while (!signal.aborted && (await read(stream)) === "timeout" && !signal.aborted) stream = await open();
  })();
  return { running };
}

function toTailEvent(e: LiveTailSessionLogEvent, n: number): TailEvent {
  const timestamp = e.timestamp ?? Date.now();
  return { eventId: `live-${n}`, timestamp, ingestionTime: e.ingestionTime ?? timestamp, logStreamName: e.logStreamName ?? "", message: e.message ?? "" };
}
