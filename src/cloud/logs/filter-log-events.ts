/**
 * FilterLogEvents: the chosen streams of a group merged in AWS's order (timestamp, then arrival),
 * each event tested with the compiled filter pattern, paged by a token that spells the last event read.
 */
import type { FilteredLogEvent, FilterLogEventsRequest, FilterLogEventsResponse } from "@aws-sdk/client-cloudwatch-logs";
import type { RequestContext } from "../service.js";
import { retentionCutoff } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { invalidNextToken, streamNamesAndPrefix } from "./errors.js";
import type { EventKey } from "./event-store.js";
import { keyDigits } from "./event-tokens.js";
import { compileMatcher } from "./filter-pattern.js";
import { decodePageToken, encodePageToken } from "./pagination.js";

/** A response holds at most 1 MiB, counted as PutLogEvents counts (UTF-8 bytes + 26 per event), or `limit` events. */
const MAX_RESPONSE_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
/** Events read from the store per step while scanning; the response cap is applied to matches only. */
const SCAN_STEP = 20_000;

export function filterLogEventsOperations(logs: LogsContext) {
  const { catalog, events, db } = logs;
  const streamsOfGroup = db.prepare<[number], { id: number; name: string }>("SELECT id, name FROM logs_streams WHERE group_id = ? ORDER BY name");

  return {
    /**
     * FilterLogEvents. `interleaved` is ignored (AWS: always true since 2019) and `searchedLogStreams`
     * is always empty (AWS: since May 2020). startTime and endTime are both inclusive. A pattern that
     * matches little is scanned to the end of the range in one call; the token is absent only at the end.
     */
    filterLogEvents(input: FilterLogEventsRequest, ctx: RequestContext): FilterLogEventsResponse {
      const group = catalog.groupByNameOrIdentifier(ctx, input);
      if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) throw streamNamesAndPrefix();
      const matcher = input.filterPattern === undefined ? undefined : compileMatcher(input.filterPattern);
      const test = matcher === undefined || matcher.kind === "all" ? undefined : matcher;
      let cursor = input.nextToken === undefined ? undefined : tokenKey(decodePageToken("events", input.nextToken));

      let streams = streamsOfGroup.all(group.id);
      if (input.logStreamNames !== undefined) {
        const wanted = new Set(input.logStreamNames);
        streams = streams.filter((s) => wanted.has(s.name));
      } else if (input.logStreamNamePrefix !== undefined) {
        const prefix = input.logStreamNamePrefix;
        streams = streams.filter((s) => s.name.startsWith(prefix));
      }
      const names = new Map(streams.map((s) => [s.id, s.name]));
      const streamIds = streams.map((s) => s.id);
      const start = Math.max(input.startTime ?? 0, retentionCutoff(group, ctx.clock.now()));
      const end = input.endTime === undefined ? Number.MAX_SAFE_INTEGER : input.endTime + 1;
      const limit = input.limit ?? 10_000;

      const out: FilteredLogEvent[] = [];
      let bytes = 0;
      let full = false;
      let more = streamIds.length > 0;
      while (more && !full) {
        const step = events.read({ streamIds, start, end, direction: 1, ...(cursor === undefined ? {} : { from: cursor }), limit: SCAN_STEP, maxBytes: Number.MAX_SAFE_INTEGER });
        more = step.more;
        for (const r of step.events) {
          const { chunk, idx } = r;
          const message = chunk.message(idx);
          if (test !== undefined && !test.matches(message)) {
            cursor = { ts: chunk.timestamp(idx), chunk: chunk.id, idx };
            continue;
          }
          const size = chunk.size(idx) + EVENT_OVERHEAD;
          // The page is full: this event is the next page's first, so the cursor stays before it.
          if (out.length >= limit || (bytes + size > MAX_RESPONSE_BYTES && out.length > 0)) {
            full = true;
            break;
          }
          bytes += size;
          cursor = { ts: chunk.timestamp(idx), chunk: chunk.id, idx };
          out.push({
            logStreamName: names.get(r.streamId) as string,
            timestamp: cursor.ts,
            message,
            ingestionTime: chunk.ingestionTime,
            eventId: keyDigits(cursor),
          });
        }
        if (step.events.length === 0) break;
      }
      return {
        events: out,
        searchedLogStreams: [],
        ...((full || more) && cursor !== undefined ? { nextToken: encodePageToken("events", [cursor.ts, cursor.chunk, cursor.idx]) } : {}),
      };
    },
  };
}

function tokenKey(key: (string | number)[]): EventKey {
  const [ts, chunk, idx] = key.map(Number);
  if (key.length !== 3 || ![ts, chunk, idx].every((v) => Number.isSafeInteger(v))) throw invalidNextToken();
  return { ts: ts as number, chunk: chunk as number, idx: idx as number };
}
