/**
 * FilterLogEvents polling that shows every event exactly once: each poll re-reads a trailing window
 * (events are often delivered late with older timestamps) and drops event ids it has already returned.
 */
import { type CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";

export interface TailEvent {
  eventId: string;
  timestamp: number;
  ingestionTime: number;
  logStreamName: string;
  message: string;
}

export interface TailPollerOptions {
  logGroupName: string;
  logStreamNamePrefix?: string;
  filterPattern?: string;
  /** The first poll starts here (ms). */
  startTime: number;
  /**
   * How far back each later poll re-reads (ms). Flow log records carry their window's start as timestamp and
   * reach CloudWatch up to one aggregation interval (10 min at most) plus a few minutes later: default 15 min.
   */
  lookbackMs?: number;
  /** Events per FilterLogEvents page (AWS's maximum, 10,000, by default). */
  pageLimit?: number;
  now?: () => number;
}

export class TailPoller {
  /** eventId -> timestamp of events already returned, pruned below the next poll's start. */
  private readonly seen = new Map<string, number>();
  private readonly lookbackMs: number;
  private readonly now: () => number;
  private first = true;
  private highWater = 0;

  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly options: TailPollerOptions,
  ) {
    this.lookbackMs = options.lookbackMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Events not returned before, oldest first (ties by stream, then id). */
  async poll(): Promise<TailEvent[]> {
    // Measured from the newest event seen as well as from the clock, so a skewed client clock loses nothing.
    const reference = Math.min(this.now(), this.highWater > 0 ? this.highWater : Number.POSITIVE_INFINITY);
    const startTime = this.first ? this.options.startTime : Math.max(this.options.startTime, reference - this.lookbackMs);
    this.first = false;
    for (const [id, ts] of this.seen) if (ts < startTime) this.seen.delete(id);
    const fresh: TailEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.logs.send(
        new FilterLogEventsCommand({
          logGroupName: this.options.logGroupName,
          startTime,
          ...(this.options.logStreamNamePrefix ? { logStreamNamePrefix: this.options.logStreamNamePrefix } : {}),
          ...(this.options.filterPattern ? { filterPattern: this.options.filterPattern } : {}),
          ...(this.options.pageLimit ? { limit: this.options.pageLimit } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const e of page.events ?? []) {
        const event = toTailEvent(e);
        if (event === undefined || this.seen.has(event.eventId)) continue;
        this.seen.set(event.eventId, event.timestamp);
        if (event.timestamp > this.highWater) this.highWater = event.timestamp;
        fresh.push(event);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return fresh.sort((a, b) => a.timestamp - b.timestamp || cmp(a.logStreamName, b.logStreamName) || cmp(a.eventId, b.eventId));
  }

  /** Polls every intervalMs until the signal aborts; errors go to onError and polling goes on. */
  async follow(
    intervalMs: number,
    onEvents: (events: TailEvent[]) => void | Promise<void>,
    signal: AbortSignal,
    onError?: (error: unknown) => void,
  ): Promise<void> {
    while (!signal.aborted) {
      try {
        const events = await this.poll();
        if (events.length > 0) await onEvents(events);
      } catch (error) {
        if (onError === undefined) throw error;
        onError(error);
      }
      await sleep(intervalMs, signal);
    }
  }

  /** Ids remembered: bounded by the events of one lookback window. */
  get remembered(): number {
    return this.seen.size;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toTailEvent(e: FilteredLogEvent): TailEvent | undefined {
  if (e.eventId === undefined || e.timestamp === undefined) return undefined;
  return {
    eventId: e.eventId,
    timestamp: e.timestamp,
    ingestionTime: e.ingestionTime ?? e.timestamp,
    logStreamName: e.logStreamName ?? "",
    message: e.message ?? "",
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
