/**
 * FilterLogEvents: the chosen streams of a group merged in AWS's order (timestamp, then arrival),
 * each event tested with the compiled filter pattern, paged by a token that spells the last event read.
 */
import type { Matcher } from "../../filterpattern/index.js";
import type { FilteredLogEvent, FilterLogEventsRequest, FilterLogEventsResponse } from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { retentionCutoff } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { invalidNextToken, streamNamesAndPrefix } from "./errors.js";
import type { EventKey, EventRun, EventScan } from "./event-store.js";
import { keyDigits } from "./event-tokens.js";
import { columnarPattern, columnVerdicts, MATCH, NO_MATCH, READ_TEXT } from "./columns/flow-filter.js";
import type { DecodedChunk } from "./chunk.js";
import { compileMatcher } from "./filter-pattern.js";
import { decodePageToken, encodePageToken } from "./pagination.js";

/** A response holds at most 1 MiB, counted as PutLogEvents counts (UTF-8 bytes + 26 per event), or `limit` events. */
const MAX_RESPONSE_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
/** Events read from the store per step; small, so that a step never holds the event loop for long. */
const SCAN_STEP = 2_000;
/** Events tested between two looks at the clock: few, since one event's pattern may cost milliseconds (a long regex). */
const EVENTS_PER_CHECK = 8;

/**
 * How much one call may scan. AWS answers a call that has searched for a while with what it found (maybe
 * nothing) and a nextToken; the local cloud does the same past a budget of scanning time or bytes, and
 * scans in slices, yielding to other requests between them.
 */
export interface FilterScanLimits {
  /** Longest one slice holds the event loop before yielding (setImmediate). */
  sliceMs: number;
  /** Scanning time (the sum of the slices) after which a call answers with what it found. */
  callMs: number;
  /** Message bytes scanned after which a call answers with what it found. */
  callBytes: number;
  /** False: every event is tested as text, never over flow columns (the differential test compares the two). */
  columns?: boolean;
}

export const DEFAULT_FILTER_SCAN_LIMITS: Readonly<FilterScanLimits> = { sliceMs: 20, callMs: 1_000, callBytes: 64 * 1024 * 1024 };

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `limits` is read at every call: a test may lower a budget on a running service. */
export function filterLogEventsOperations(logs: LogsContext, limits: Readonly<FilterScanLimits> = DEFAULT_FILTER_SCAN_LIMITS) {
  const { catalog, events, db } = logs;
  const streamsOfGroup = db.prepare<[number], { id: number; name: string }>("SELECT id, name FROM logs_streams WHERE group_id = ? ORDER BY name");

  return {
    /**
     * FilterLogEvents. `interleaved` is ignored (AWS: always true since 2019) and `searchedLogStreams`
     * is always empty (AWS: since May 2020). startTime and endTime are both inclusive. A scan that ends
     * within one slice answers at once; a longer one answers a promise, and past the call's budget a page
     * (maybe empty) with a nextToken, as AWS does; the token is absent only at the end of the range.
     */
    filterLogEvents(input: FilterLogEventsRequest, ctx: RequestContext): FilterLogEventsResponse | Promise<FilterLogEventsResponse> {
      const group = catalog.groupByNameOrIdentifier(ctx, input);
      if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) throw streamNamesAndPrefix();
      const matcher = input.filterPattern === undefined ? undefined : compileMatcher(input.filterPattern);
      const test = matcher === undefined || matcher.kind === "all" ? undefined : matcher;
      const from = input.nextToken === undefined ? undefined : tokenKey(decodePageToken("events", input.nextToken));

      let streams = streamsOfGroup.all(group.id);
      if (input.logStreamNames !== undefined) {
        const wanted = new Set(input.logStreamNames);
        streams = streams.filter((s) => wanted.has(s.name));
      } else if (input.logStreamNamePrefix !== undefined) {
        const prefix = input.logStreamNamePrefix;
        streams = streams.filter((s) => s.name.startsWith(prefix));
      }
      const scan: Scan = {
        names: new Map(streams.map((s) => [s.id, s.name])),
        streamIds: streams.map((s) => s.id),
        start: Math.max(input.startTime ?? 0, retentionCutoff(group, ctx.clock.now())),
        end: input.endTime === undefined ? Number.MAX_SAFE_INTEGER : input.endTime + 1,
        limit: input.limit ?? 10_000,
        test,
        columnar: test !== undefined && limits.columns !== false && columnarPattern(test),
        verdictsOf: undefined,
        verdicts: undefined,
        runs: undefined,
        run: { chunk: undefined as unknown as DecodedChunk, streamId: 0, from: 0, to: 0, step: 1 },
        at: 0,
        last: undefined,
        lastIdx: 0,
        cursor: from,
        out: [],
        bytes: 0,
        full: false,
        more: streams.length > 0,
        scannedBytes: 0,
        scannedMs: 0,
      };
      const budget = { ...limits };
      if (slice(scan, budget)) return answer(scan);
      return (async () => {
        do await nextTurn();
        while (!slice(scan, budget));
        return answer(scan);
      })();
    },
  };

  /**
   * Scans for at most one slice; true when the call is done: the page is full, the range is read, or the
   * call's budget is spent. A page always makes progress: the budget is checked only after events were read.
   */
  function slice(s: Scan, budget: FilterScanLimits): boolean {
    if (s.columnar) return sliceRuns(s, budget);
    const began = performance.now();
    const deadline = began + budget.sliceMs;
    for (;;) {
      if (!s.more || s.full) return true;
      const step = events.read({
        streamIds: s.streamIds,
        start: s.start,
        end: s.end,
        direction: 1,
        ...(s.cursor === undefined ? {} : { from: s.cursor }),
        limit: SCAN_STEP,
        maxBytes: Number.MAX_SAFE_INTEGER,
      });
      s.more = step.more && step.events.length > 0;
      let tested = 0;
      for (const r of step.events) {
        const { chunk, idx } = r;
        // Time and bytes are checked between events, so that a slow pattern still yields within a slice.
        if (++tested % EVENTS_PER_CHECK === 0 && (performance.now() >= deadline || s.scannedBytes >= budget.callBytes)) {
          s.more = true;
          break;
        }
        s.scannedBytes += chunk.size(idx);
        let verdict = -1;
        if (s.columnar) {
          if (s.verdictsOf !== chunk) {
            s.verdictsOf = chunk;
            s.verdicts = columnVerdicts(s.test as Matcher, events.columns.of(chunk.offset, chunk), chunk);
          }
          if (s.verdicts !== undefined) verdict = s.verdicts[idx] as number;
        }
        if (verdict === NO_MATCH) {
          s.cursor = { ts: chunk.timestamp(idx), chunk: chunk.id, idx };
          continue;
        }
        const message = chunk.message(idx);
        if (verdict !== MATCH && s.test !== undefined && !s.test.matches(message)) {
          s.cursor = { ts: chunk.timestamp(idx), chunk: chunk.id, idx };
          continue;
        }
        const size = chunk.size(idx) + EVENT_OVERHEAD;
        // The page is full: this event is the next page's first, so the cursor stays before it.
        if (s.out.length >= s.limit || (s.bytes + size > MAX_RESPONSE_BYTES && s.out.length > 0)) {
          s.full = true;
          return true;
        }
        s.bytes += size;
        s.cursor = { ts: chunk.timestamp(idx), chunk: chunk.id, idx };
        s.out.push({
          logStreamName: s.names.get(r.streamId) as string,
          timestamp: s.cursor.ts,
          message,
          ingestionTime: chunk.ingestionTime,
          eventId: keyDigits(s.cursor),
        });
      }
      // The end of the range answers at once: a small scan never becomes a promise for a slow slice.
      if (!s.more) return true;
      const now = performance.now();
      if (s.scannedMs + (now - began) >= budget.callMs || s.scannedBytes >= budget.callBytes) {
        s.scannedMs += now - began;
        return true;
      }
      if (now >= deadline) {
        s.scannedMs += now - began;
        return false;
      }
    }
  }

  /**
   * The same scan over runs of one chunk each (EventStore.scan), deciding rows from the chunk's flow
   * column verdicts: a row they refuse costs an array read, with no event reference, key or text.
   */
  function sliceRuns(s: Scan, budget: FilterScanLimits): boolean {
    const began = performance.now();
    const deadline = began + budget.sliceMs;
    if (s.runs === undefined) s.runs = events.scan(s.streamIds, s.start, s.end, 1, s.cursor);
    const run = s.run;
    let tested = 0;
    for (;;) {
      if (s.full) return true;
      if (s.at >= run.to) {
        if (!s.runs.nextRun(run)) {
          s.more = false;
          return true;
        }
        s.at = run.from;
      }
      const chunk = run.chunk;
      if (s.verdictsOf !== chunk) {
        s.verdictsOf = chunk;
        s.verdicts = columnVerdicts(s.test as Matcher, events.columns.of(chunk.offset, chunk), chunk);
      }
      const verdicts = s.verdicts;
      for (; s.at < run.to; s.at++) {
        const idx = s.at;
        if (++tested % EVENTS_PER_CHECK === 0 && (performance.now() >= deadline || s.scannedBytes >= budget.callBytes)) {
          const now = performance.now();
          s.scannedMs += now - began;
          s.more = true;
          // Past the call's budget the call answers; within it, only this slice ends.
          return s.scannedMs >= budget.callMs || s.scannedBytes >= budget.callBytes;
        }
        s.scannedBytes += chunk.size(idx);
        const verdict = verdicts === undefined ? READ_TEXT : (verdicts[idx] as number);
        if (verdict === NO_MATCH) {
          s.last = chunk;
          s.lastIdx = idx;
          continue;
        }
        const message = chunk.message(idx);
        if (verdict !== MATCH && !(s.test as Matcher).matches(message)) {
          s.last = chunk;
          s.lastIdx = idx;
          continue;
        }
        const size = chunk.size(idx) + EVENT_OVERHEAD;
        if (s.out.length >= s.limit || (s.bytes + size > MAX_RESPONSE_BYTES && s.out.length > 0)) {
          s.full = true;
          return true;
        }
        s.bytes += size;
        s.last = chunk;
        s.lastIdx = idx;
        const key = { ts: chunk.timestamp(idx), chunk: chunk.id, idx };
        s.out.push({
          logStreamName: s.names.get(run.streamId) as string,
          timestamp: key.ts,
          message,
          ingestionTime: chunk.ingestionTime,
          eventId: keyDigits(key),
        });
      }
    }
  }

  function answer(s: Scan): FilterLogEventsResponse {
    // A run scan keeps the last event read as a chunk and index: its key is made once, here.
    if (s.last !== undefined) s.cursor = { ts: s.last.timestamp(s.lastIdx), chunk: s.last.id, idx: s.lastIdx };
    return {
      events: s.out,
      searchedLogStreams: [],
      ...((s.full || s.more) && s.cursor !== undefined ? { nextToken: encodePageToken("events", [s.cursor.ts, s.cursor.chunk, s.cursor.idx]) } : {}),
    };
  }
}

interface Scan {
  names: Map<number, string>;
  streamIds: number[];
  start: number;
  end: number;
  limit: number;
  test: Matcher | undefined;
  /** The pattern is decided over each chunk's flow columns where they hold the row (columns/flow-filter.ts). */
  columnar: boolean;
  /** The chunk whose verdicts are held, and its verdicts (undefined: its events are read as text). */
  verdictsOf: DecodedChunk | undefined;
  verdicts: Uint8Array | undefined;
  /** Columnar scans: the merge as runs of one chunk, the current run and the next index in it. */
  runs: EventScan | undefined;
  run: EventRun;
  at: number;
  /** Columnar scans: the last event read (its key becomes the cursor when the call answers). */
  last: DecodedChunk | undefined;
  lastIdx: number;
  /** The last event read: where the next step, slice or page continues. */
  cursor: EventKey | undefined;
  out: FilteredLogEvent[];
  bytes: number;
  full: boolean;
  more: boolean;
  scannedBytes: number;
  scannedMs: number;
}

function tokenKey(key: (string | number)[]): EventKey {
  const [ts, chunk, idx] = key.map(Number);
  if (key.length !== 3 || ![ts, chunk, idx].every((v) => Number.isSafeInteger(v))) throw invalidNextToken();
  return { ts: ts as number, chunk: chunk as number, idx: idx as number };
}
