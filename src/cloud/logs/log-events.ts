/** PutLogEvents and GetLogEvents: the data plane, with AWS's limits and token behaviour (FilterLogEvents: filter-log-events.ts). */
import type {
  GetLogEventsRequest,
  GetLogEventsResponse,
  InputLogEvent,
  PutLogEventsRequest,
  PutLogEventsResponse,
  RejectedLogEventsInfo,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { retentionCutoff } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { eventTooLarge, notChronological, spanTooLong, uploadTooLarge } from "./errors.js";
import type { EventKey } from "./event-store.js";
import { parseStreamToken, START, streamToken } from "./event-tokens.js";
import { sequenceToken } from "./log-streams.js";
import type { MetricFilterIngest } from "./metric-filter-ingest.js";
import { deliverToSubscriptions } from "./subscription-filters.js";

/** PutLogEvents quotas (aws-spec §3.3): batch bytes count UTF-8 message bytes plus 26 per event. */
export const MAX_BATCH_BYTES = 1_048_576;
export const MAX_EVENT_BYTES = 1_048_576;
export const EVENT_OVERHEAD = 26;
const DAY = 86_400_000;
const TOO_OLD = 14 * DAY;
const TOO_NEW = 2 * 3_600_000;

export function logEventOperations(logs: LogsContext, metricFilters?: MetricFilterIngest) {
  const { catalog, events } = logs;

  return {
    /**
     * PutLogEvents. Oversized, unordered or over-24-hour batches fail whole; too old, too new and
     * expired events are skipped and reported by index; sequence tokens are accepted and ignored.
     * With a data dir the answer waits for the events to be on disk (a Promise); in memory it is immediate.
     */
    putLogEvents(input: PutLogEventsRequest, ctx: RequestContext): PutLogEventsResponse | Promise<PutLogEventsResponse> {
      const list = input.logEvents;
      const n = list.length;
      const sizes = new Uint32Array(n);
      let total = 0;
      let previous = -Infinity;
      let i = 0;
      for (const e of list) {
        const size = Buffer.byteLength(e.message, "utf8");
        if (size + EVENT_OVERHEAD > MAX_EVENT_BYTES) throw eventTooLarge(size + EVENT_OVERHEAD, MAX_EVENT_BYTES);
        sizes[i++] = size;
        total += size + EVENT_OVERHEAD;
        if (e.timestamp < previous) throw notChronological();
        previous = e.timestamp;
      }
      if (total > MAX_BATCH_BYTES) throw uploadTooLarge(total, MAX_BATCH_BYTES);

      const group = catalog.group(ctx, input.logGroupName);
      const stream = catalog.stream(group, input.logStreamName);
      const now = ctx.clock.now();
      // Indexes stay within 0..n-1 (noUncheckedIndexedAccess cannot see the loop bounds).
      const ts = (i: number) => (list[i] as InputLogEvent).timestamp;
      // Sorted input: the rejected events are a prefix (too old, expired) and a suffix (too new).
      let tooOldEnd = 0;
      while (tooOldEnd < n && ts(tooOldEnd) < now - TOO_OLD) tooOldEnd++;
      const cutoff = retentionCutoff(group, now);
      let expiredEnd = 0;
      while (expiredEnd < n && ts(expiredEnd) < cutoff) expiredEnd++;
      let tooNewStart = n;
      while (tooNewStart > 0 && ts(tooNewStart - 1) > now + TOO_NEW) tooNewStart--;
      const from = Math.max(tooOldEnd, expiredEnd);
      const to = Math.max(from, tooNewStart);
      if (to > from && ts(to - 1) - ts(from) > DAY) throw spanTooLong();

      const rejected: RejectedLogEventsInfo = {};
      if (tooNewStart < n) rejected.tooNewLogEventStartIndex = tooNewStart;
      if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
      if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
      const answer = (sequence: number): PutLogEventsResponse => ({
        nextSequenceToken: sequenceToken(stream.id, Math.max(sequence, 1)),
        ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
      });
      if (to === from) return answer(stream.sequence);

      let textBytes = 0;
      for (let j = from; j < to; j++) textBytes += sizes[j] as number; // from..to lies within the batch
      const stored = events.append({
        streamId: stream.id,
        streamCreated: stream.creation_time,
        groupId: group.id,
        events: list,
        sizes,
        from,
        to,
        textBytes,
        ingestionTime: now,
      });
      const delivered = (sequence: number) => {
        deliverToSubscriptions(logs, ctx, group, stream.name, list, from, to);
        logs.liveTail?.publish(group, stream.name, list, from, to, now);
        // Metric filters see exactly the events stored, as AWS publishes from ingested events only.
        metricFilters?.onIngest(ctx, group.name, from === 0 && to === n ? list : list.slice(from, to));
        return answer(sequence);
      };
      return typeof stored === "number" ? delivered(stored) : stored.then(delivered);
    },

    /**
     * GetLogEvents: without a token, the first page from the head or (default) the last page of
     * the range; tokens move forward or backward from the page's edge, and at the end of the
     * stream the token passed in comes back unchanged, which is how pagers know to stop.
     */
    getLogEvents(input: GetLogEventsRequest, ctx: RequestContext): GetLogEventsResponse {
      const group = catalog.groupByNameOrIdentifier(ctx, input);
      const stream = catalog.stream(group, input.logStreamName);
      const given = input.nextToken;
      const token = given === undefined ? undefined : { text: given, ...parseStreamToken(given) };
      const direction = token !== undefined ? (token.direction === "f" ? 1 : -1) : input.startFromHead === true ? 1 : -1;
      const { events: refs } = events.read({
        streamIds: [stream.id],
        start: Math.max(input.startTime ?? 0, retentionCutoff(group, ctx.clock.now())),
        end: input.endTime ?? Number.MAX_SAFE_INTEGER,
        direction,
        ...(token === undefined ? {} : { from: token.key }),
        limit: input.limit ?? 10_000,
        maxBytes: MAX_BATCH_BYTES,
      });
      if (direction === -1) refs.reverse();
      const first = refs[0];
      const last = refs[refs.length - 1];
      if (first === undefined || last === undefined) {
        const key = token?.key ?? START;
        return {
          events: [],
          nextForwardToken: token?.direction === "f" ? token.text : streamToken("f", key),
          nextBackwardToken: token?.direction === "b" ? token.text : streamToken("b", key),
        };
      }
      return {
        events: refs.map((r) => ({ timestamp: r.chunk.timestamp(r.idx), message: r.chunk.message(r.idx), ingestionTime: r.chunk.ingestionTime })),
        nextForwardToken: streamToken("f", keyOf(last)),
        nextBackwardToken: streamToken("b", keyOf(first)),
      };
    },
  };
}

function keyOf(r: { chunk: { id: number; timestamp(i: number): number }; idx: number }): EventKey {
  return { ts: r.chunk.timestamp(r.idx), chunk: r.chunk.id, idx: r.idx };
}
