/**
 * StartLiveTail: a session per open response, fed by PutLogEvents as it stores events (log-events.ts calls
 * `publish`), that sends `sessionStart` at once and a `sessionUpdate` every second with the events ingested since,
 * filtered by stream and pattern and sampled down to 500; a slow client is buffered up to 10 updates, the oldest
 * dropped first; after three hours the stream ends with SessionTimeoutException. Closing the connection ends it.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../protocol/aws-error.js";
import { type EventSink, EventStreamReply, eventMessage, exceptionMessage } from "../protocol/event-stream.js";
import type { RequestContext } from "../service.js";
import type { InputLogEvent, LiveTailSessionLogEvent, LiveTailSessionStart, StartLiveTailRequest } from "../validation/logs-types.js";
import { groupNameFromIdentifier } from "./arn.js";
import type { Catalog, GroupRow } from "./catalog.js";
import { logGroupNotFound } from "./errors.js";
import { compilePattern, type MessagePredicate } from "./filter-pattern.js";

/** AWS's documented limits; read at every use, so a test lowers them on a running cloud. */
export interface LiveTailLimits {
  /** Events in one sessionUpdate; more matching events in one interval are sampled down to this many. */
  eventsPerUpdate: number;
  /** Between two sessionUpdate events. */
  updateMs: number;
  /** A session's life: SessionTimeoutException when it is over. */
  sessionMs: number;
  /** Open sessions per account and Region. */
  concurrentSessions: number;
  /** Updates held for a client that reads slower than they come; the oldest go first. */
  bufferedUpdates: number;
}

export const DEFAULT_LIVE_TAIL_LIMITS: LiveTailLimits = {
  eventsPerUpdate: 500,
  updateMs: 1000,
  sessionMs: 3 * 3_600_000,
  concurrentSessions: 15,
  bufferedUpdates: 10,
};

const invalid = (message: string) => new AwsError("InvalidParameterException", message);

interface Session {
  account: string;
  region: string;
  /** Group id -> how results name the group (`ACCOUNT:NAME`). */
  groups: Map<number, string>;
  streams?: ReadonlySet<string>;
  prefixes?: readonly string[];
  matches: MessagePredicate | null;
  /** Reservoir sample of this interval's matching events, and how many matched in all. */
  sample: { seq: number; event: LiveTailSessionLogEvent }[];
  matched: number;
  /** Ends the response (set once it is open). */
  end?: () => void;
}

export class LiveTailHub {
  private readonly sessions = new Set<Session>();

  constructor(
    private readonly catalog: Catalog,
    readonly limits: LiveTailLimits,
  ) {}

  /** Open sessions, all accounts: what the leak test watches return to 0. */
  count(): number {
    return this.sessions.size;
  }

  /** Events PutLogEvents has just stored, `list[from..to)`, offered to every session on their group. */
  publish(group: GroupRow, streamName: string, list: readonly InputLogEvent[], from: number, to: number, ingestionTime: number): void {
    if (this.sessions.size === 0) return;
    for (const session of this.sessions) {
      const identifier = session.groups.get(group.id);
      if (identifier === undefined) continue;
      if (session.streams !== undefined && !session.streams.has(streamName)) continue;
      if (session.prefixes !== undefined && !session.prefixes.some((p) => streamName.startsWith(p))) continue;
      for (let i = from; i < to; i++) {
        const e = list[i] as InputLogEvent; // from..to lies within the batch
        if (session.matches !== null && !session.matches(e.message)) continue;
        const seq = session.matched++;
        const event: LiveTailSessionLogEvent = {
          logStreamName: streamName,
          logGroupIdentifier: identifier,
          message: e.message,
          timestamp: e.timestamp,
          ingestionTime,
        };
        const cap = this.limits.eventsPerUpdate;
        if (session.sample.length < cap) session.sample.push({ seq, event });
        else {
          // Reservoir sampling: every matching event of the interval equally likely to be among those sent.
          const slot = Math.floor(Math.random() * (seq + 1));
          if (slot < cap) session.sample[slot] = { seq, event };
        }
      }
    }
  }

  /** StartLiveTail: checks, then the reply whose stream the pipeline keeps open. */
  startLiveTail(input: StartLiveTailRequest, ctx: RequestContext): EventStreamReply {
    if (input.logStreamNames !== undefined && input.logStreamNamePrefixes !== undefined) {
      throw invalid("logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.");
    }
    if ((input.logStreamNames !== undefined || input.logStreamNamePrefixes !== undefined) && input.logGroupIdentifiers.length > 1) {
      throw invalid("logStreamNames or logStreamNamePrefixes can only be specified when exactly one log group is specified.");
    }
    const groups = new Map<number, string>();
    for (const identifier of input.logGroupIdentifiers) {
      const name = groupNameFromIdentifier(ctx, identifier);
      const group = name === undefined ? undefined : this.catalog.findGroup(ctx, name);
      if (group === undefined) throw logGroupNotFound();
      groups.set(group.id, `${ctx.account}:${group.name}`);
    }
    const matches = compilePattern(input.logEventFilterPattern);
    let open = 0;
    for (const s of this.sessions) if (s.account === ctx.account && s.region === ctx.region) open++;
    if (open >= this.limits.concurrentSessions) {
      throw new AwsError(
        "LimitExceededException",
        `Too many concurrent Live Tail sessions: the account's limit in this Region is ${this.limits.concurrentSessions}.`,
      );
    }

    const session: Session = { account: ctx.account, region: ctx.region, groups, matches, sample: [], matched: 0 };
    if (input.logStreamNames !== undefined) session.streams = new Set(input.logStreamNames);
    if (input.logStreamNamePrefixes !== undefined) session.prefixes = input.logStreamNamePrefixes;
    const start: LiveTailSessionStart = { requestId: ctx.requestId, sessionId: randomUUID(), logGroupIdentifiers: input.logGroupIdentifiers };
    if (input.logStreamNames !== undefined) start.logStreamNames = input.logStreamNames;
    if (input.logStreamNamePrefixes !== undefined) start.logStreamNamePrefixes = input.logStreamNamePrefixes;
    if (input.logEventFilterPattern !== undefined) start.logEventFilterPattern = input.logEventFilterPattern;
    return new EventStreamReply((sink) => this.run(session, start, sink));
  }

  /** Writes the session to an open response; the function returned is called when the response closes. */
  private run(session: Session, start: LiveTailSessionStart, sink: EventSink): () => void {
    // Counted from the open response: a reply the pipeline could not deliver (client gone) holds nothing.
    this.sessions.add(session);
    session.end = () => sink.end();
    const queue: Buffer[] = [];
    let waiting = false;
    const send = (message: Buffer) => {
      if (waiting) {
        queue.push(message);
        if (queue.length > this.limits.bufferedUpdates) queue.shift();
        return;
      }
      waiting = !sink.write(message);
    };
    sink.onDrain(() => {
      waiting = false;
      while (queue.length > 0 && !waiting) waiting = !sink.write(queue.shift() as Buffer);
    });
    // The operation's other output members would travel here; botocore (the AWS CLI) requires the event first.
    send(eventMessage("initial-response", {}));
    send(eventMessage("sessionStart", start));
    const tick = setInterval(() => {
      const sampled = session.matched > session.sample.length;
      const results = session.sample.sort((a, b) => a.seq - b.seq).map((s) => s.event);
      session.sample = [];
      session.matched = 0;
      send(eventMessage("sessionUpdate", { sessionMetadata: { sampled }, sessionResults: results }));
    }, this.limits.updateMs);
    const timeout = setTimeout(() => {
      send(exceptionMessage("SessionTimeoutException", "Session timed out after 3 hours."));
      sink.end();
    }, this.limits.sessionMs);
    return () => {
      clearInterval(tick);
      clearTimeout(timeout);
      this.sessions.delete(session);
    };
  }

  /**
   * Ends every open session (the service's reset): group ids may be used again by groups created after it, and a
   * session must not start showing another group's events.
   */
  endAll(): void {
    for (const session of [...this.sessions]) session.end?.();
  }
}
