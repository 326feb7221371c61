/** PutLogEvents, GetLogEvents, FilterLogEvents: the data plane, with AWS's limits and token behaviour. */
import type {
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  InputLogEvent,
  PutLogEventsRequest,
  PutLogEventsResponse,
  RejectedLogEventsInfo,
} from "@aws-sdk/client-cloudwatch-logs";
import type { RequestContext } from "../service.js";
import { type GroupRow, retentionCutoff } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { eventTooLarge, invalidNextToken, notChronological, spanTooLong, streamNamesAndPrefix, uploadTooLarge } from "./errors.js";
import type { EventKey } from "./event-store.js";
import { keyDigits, parseStreamToken, START, streamToken } from "./event-tokens.js";
import { compilePattern } from "./filter-pattern.js";
import { sequenceToken } from "./log-streams.js";
import { decodePageToken, encodePageToken } from "./pagination.js";
import { deliverToSubscriptions } from "./subscription-filters.js";

/** PutLogEvents quotas (aws-spec §3.3): batch bytes count UTF-8 message bytes plus 26 per event. */
export const MAX_BATCH_BYTES = 1_048_576;
export const MAX_EVENT_BYTES = 1_048_576;
export const EVENT_OVERHEAD = 26;
const DAY = 86_400_000;
const TOO_OLD = 14 * DAY;
const TOO_NEW = 2 * 3_600_000;

export function logEventOperations(logs: LogsContext) {
  const { catalog, events, db } = logs;
  const streamsOfGroup = db.prepare("SELECT id, name FROM logs_streams WHERE group_id = ? ORDER BY name");

  return {
    /**
     * PutLogEvents. Oversized, unordered or over-24-hour batches fail whole; too old, too new and
     * expired events are skipped and reported by index; sequence tokens are accepted and ignored.
     */
    putLogEvents(input: PutLogEventsRequest, ctx: RequestContext): PutLogEventsResponse {
      const list = input.logEvents as InputLogEvent[];
      const n = list.length;
      const sizes = new Uint32Array(n);
      let total = 0;
      let previous = -Infinity;
      for (let i = 0; i < n; i++) {
        const e = list[i] as InputLogEvent;
        const size = Buffer.byteLength(e.message as string, "utf8");
        if (size + EVENT_OVERHEAD > MAX_EVENT_BYTES) throw eventTooLarge(size + EVENT_OVERHEAD, MAX_EVENT_BYTES);
        sizes[i] = size;
        total += size + EVENT_OVERHEAD;
        const ts = e.timestamp as number;
        if (ts < previous) throw notChronological();
        previous = ts;
      }
      if (total > MAX_BATCH_BYTES) throw uploadTooLarge(total, MAX_BATCH_BYTES);

      const group = catalog.group(ctx, input.logGroupName as string);
      const stream = catalog.stream(group, input.logStreamName as string);
      const now = ctx.clock.now();
      const ts = (i: number) => (list[i] as InputLogEvent).timestamp as number;
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

      let sequence = stream.sequence;
      if (to > from) {
        let textBytes = 0;
        for (let i = from; i < to; i++) textBytes += sizes[i] as number;
        sequence = events.append({ streamId: stream.id, groupId: group.id, events: list as { timestamp: number; message: string }[], sizes, from, to, textBytes, ingestionTime: now });
        deliverToSubscriptions(logs, ctx, group, stream.name, list, from, to);
      }
      const rejected: RejectedLogEventsInfo = {};
      if (tooNewStart < n) rejected.tooNewLogEventStartIndex = tooNewStart;
      if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
      if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
      return {
        nextSequenceToken: sequenceToken(stream.id, Math.max(sequence, 1)),
        ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
      };
    },

    /**
     * GetLogEvents: without a token, the first page from the head or (default) the last page of
     * the range; tokens move forward or backward from the page's edge, and at the end of the
     * stream the token passed in comes back unchanged, which is how pagers know to stop.
     */
    getLogEvents(input: GetLogEventsRequest, ctx: RequestContext): GetLogEventsResponse {
      const group = catalog.groupByNameOrIdentifier(ctx, input);
      const stream = catalog.stream(group, input.logStreamName as string);
      const token = input.nextToken === undefined ? undefined : parseStreamToken(input.nextToken);
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
          nextForwardToken: token?.direction === "f" ? (input.nextToken as string) : streamToken("f", key),
          nextBackwardToken: token?.direction === "b" ? (input.nextToken as string) : streamToken("b", key),
        };
      }
      return {
        events: refs.map((r) => ({ timestamp: r.chunk.timestamp(r.idx), message: r.chunk.message(r.idx), ingestionTime: r.chunk.ingestionTime })),
        nextForwardToken: streamToken("f", keyOf(last)),
        nextBackwardToken: streamToken("b", keyOf(first)),
      };
    },

    /**
     * FilterLogEvents: every chosen stream of the group interleaved by timestamp (`interleaved`
     * is ignored, as on AWS); endTime is inclusive here, unlike GetLogEvents; no nextToken at the end.
     */
    filterLogEvents(input: FilterLogEventsRequest, ctx: RequestContext): FilterLogEventsResponse {
      const group: GroupRow = catalog.groupByNameOrIdentifier(ctx, input);
      if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) throw streamNamesAndPrefix();
      const match = compilePattern(input.filterPattern);
      const from = input.nextToken === undefined ? undefined : tokenKey(decodePageToken("events", input.nextToken));
      let streams = streamsOfGroup.all(group.id) as { id: number; name: string }[];
      if (input.logStreamNames !== undefined) {
        const wanted = new Set(input.logStreamNames);
        streams = streams.filter((s) => wanted.has(s.name));
      } else if (input.logStreamNamePrefix !== undefined) {
        const prefix = input.logStreamNamePrefix;
        streams = streams.filter((s) => s.name.startsWith(prefix));
      }
      const names = new Map(streams.map((s) => [s.id, s.name]));
      const limit = input.limit ?? 10_000;
      const out: FilterLogEventsResponse["events"] & object = [];
      let cursor = from;
      let more = true;
      // With a pattern, a page is filled by reading on until `limit` events matched or the range ends.
      while (out.length < limit && more) {
        const page = events.read({
          streamIds: streams.map((s) => s.id),
          start: Math.max(input.startTime ?? 0, retentionCutoff(group, ctx.clock.now())),
          end: input.endTime === undefined ? Number.MAX_SAFE_INTEGER : input.endTime + 1,
          direction: 1,
          ...(cursor === undefined ? {} : { from: cursor }),
          limit: limit - out.length,
          maxBytes: MAX_BATCH_BYTES,
        });
        more = page.more;
        for (const r of page.events) {
          const message = r.chunk.message(r.idx);
          cursor = keyOf(r);
          if (match !== null && !match(message)) continue;
          out.push({
            logStreamName: names.get(r.streamId) as string,
            timestamp: r.chunk.timestamp(r.idx),
            message,
            ingestionTime: r.chunk.ingestionTime,
            eventId: keyDigits(cursor),
          });
        }
        // Without a pattern one read is the page (it already honours the 1 MB response cap).
        if (page.events.length === 0 || match === null) break;
      }
      return {
        events: out,
        searchedLogStreams: [],
        ...(more && cursor !== undefined ? { nextToken: encodePageToken("events", [cursor.ts, cursor.chunk, cursor.idx]) } : {}),
      };
    },
  };
}

function keyOf(r: { chunk: { id: number; timestamp(i: number): number }; idx: number }): EventKey {
  return { ts: r.chunk.timestamp(r.idx), chunk: r.chunk.id, idx: r.idx };
}

function tokenKey(key: (string | number)[]): EventKey {
  const [ts, chunk, idx] = key.map(Number);
  if (![ts, chunk, idx].every((v) => Number.isSafeInteger(v))) throw invalidNextToken();
  return { ts: ts as number, chunk: chunk as number, idx: idx as number };
}
