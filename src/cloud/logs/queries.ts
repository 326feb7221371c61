/**
 * Logs Insights: StartQuery, GetQueryResults, StopQuery, DescribeQueries, GetLogRecord, GetLogGroupFields.
 * Queries live on the service instance (not on disk, query-registry.ts): a restart forgets them.
 */
import { randomUUID } from "node:crypto";
import type {
  DescribeQueriesRequest,
  DescribeQueriesResponse,
  GetLogGroupFieldsRequest,
  GetLogGroupFieldsResponse,
  GetLogRecordRequest,
  GetLogRecordResponse,
  GetQueryResultsRequest,
  GetQueryResultsResponse,
  QueryInfo as AwsQueryInfo,
  StartQueryRequest,
  StartQueryResponse,
  StopQueryRequest,
  StopQueryResponse,
} from "../validation/logs-types.js";
import { compileQuery, type CompiledQuery, MalformedQueryError } from "../../insights/index.js";
import type { RequestContext } from "../service.js";
import { groupNameFromIdentifier } from "./arn.js";
import { type GroupRow, retentionCutoff } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { discoverFields } from "./discovered-fields.js";
import {
  invalidLogRecordPointer,
  logRecordNotFound,
  malformedQuery,
  queryConcurrency,
  queryEndBeforeStart,
  queryLanguageRefused,
  queryLogGroupNotFound,
  queryLogGroupsMissing,
  queryMemoryBusy,
  queryNotFound,
  queryNotRunning,
  queryRangeOutsideGroup,
  queryTooManyLogGroups,
} from "./errors.js";
import { decodePageToken, encodePageToken } from "./pagination.js";
import { QueryExecution, QueryScheduler } from "./query-execution.js";
import type { QueryLimits } from "./query-limits.js";
import { QueryRegistry } from "./query-registry.js";
import { ChunkEvent, decodePointer, type QueryGroup, QuerySource } from "./query-source.js";

/** StartQuery: "You can include up to 50 log groups" (API reference). */
export const MAX_QUERY_LOG_GROUPS = 50;
/** Concurrent queries per account and Region: 100 in the current API doc (aws-spec §3.5; 30 on older quota pages). */
export const MAX_CONCURRENT_QUERIES = 100;
const DEFAULT_LIMIT = 10_000;
const PAGE_ROWS = 10_000;
/** GetLogGroupFields samples at most this many events of its window, so one call stays short. */
const FIELD_SAMPLE = 10_000;

/** `limits` is read at every use: a test or the benchmark may lower a budget on a running service. */
export function queryOperations(logs: LogsContext, limits: Readonly<QueryLimits>, onBug?: (error: unknown) => void) {
  const { catalog, clock } = logs;
  const source = new QuerySource(logs.db, logs.events);
  const scheduler = new QueryScheduler(limits, onBug);
  const queries = new QueryRegistry(clock, limits);

  const mine = (ctx: RequestContext, id: string): QueryExecution => {
    const q = queries.get(id);
    if (q === undefined || q.info.account !== ctx.account || q.info.region !== ctx.region) throw queryNotFound();
    return q;
  };

  /** The groups a StartQuery names: exactly one of the three parameters, each group in this account and Region. */
  function groupsOf(input: StartQueryRequest, ctx: RequestContext): GroupRow[] {
    const given = [input.logGroupName, input.logGroupNames, input.logGroupIdentifiers].filter((v) => v !== undefined);
    if (given.length !== 1) throw queryLogGroupsMissing();
    const names =
      input.logGroupName !== undefined
        ? [input.logGroupName]
        : (input.logGroupNames ?? input.logGroupIdentifiers?.map((id) => groupNameFromIdentifier(ctx, id) ?? id) ?? []);
    if (names.length === 0) throw queryLogGroupsMissing();
    if (names.length > MAX_QUERY_LOG_GROUPS) throw queryTooManyLogGroups(MAX_QUERY_LOG_GROUPS);
    return [...new Set(names)].map((name) => {
      const row = catalog.findGroup(ctx, name);
      if (row === undefined) throw queryLogGroupNotFound(name, ctx.account, ctx.requestId);
      return row;
    });
  }

  return {
    /** What the remembered queries hold (tests, the soak benchmark). */
    memory: () => queries.memory(),

    /** Reset and shutdown: running queries stop being scheduled and every query is forgotten. */
    clearQueries(): void {
      scheduler.clear();
      queries.clear();
    },

    /** StartQuery. The query is compiled here, so a syntax error is MalformedQueryException at once, as on AWS. */
    startQuery(input: StartQueryRequest, ctx: RequestContext): StartQueryResponse {
      if (input.queryLanguage !== undefined && input.queryLanguage !== "CWLI") throw queryLanguageRefused(input.queryLanguage);
      const groups = groupsOf(input, ctx);
      const { startTime, endTime } = input;
      if (endTime < startTime) throw queryEndBeforeStart();
      // Both ends inclusive, in seconds: the last millisecond of endTime's second is in range (DescribeQueries shows END=...999).
      const start = startTime * 1000;
      const end = endTime * 1000 + 999;
      const now = clock.now();
      for (const g of groups) if (end < g.creation_time || end < retentionCutoff(g, now)) throw queryRangeOutsideGroup();
      let compiled: CompiledQuery;
      try {
        compiled = compileQuery(input.queryString, { maxRows: input.limit ?? DEFAULT_LIMIT, now });
      } catch (error) {
        if (error instanceof MalformedQueryError) throw malformedQuery(error.message, error.queryCompileError.location, ctx.requestId);
        throw error;
      }
      let running = 0;
      for (const q of queries.all()) if (q.active && q.info.account === ctx.account && q.info.region === ctx.region) running++;
      if (running >= MAX_CONCURRENT_QUERIES) throw queryConcurrency(MAX_CONCURRENT_QUERIES);
      // Admitted within the memory budget of running queries (all accounts: they share one process): a new
      // query needs room for a quarter of what one query may hold, else it would only push another out.
      const held = scheduler.working();
      if (held + Math.min(limits.maxQueryBytes, limits.maxRunningBytes) / 4 > limits.maxRunningBytes) {
        throw queryMemoryBusy(Math.round(held / 1048576), Math.round(limits.maxRunningBytes / 1048576));
      }

      const scope: QueryGroup[] = groups.map((g) => ({ id: g.id, name: g.name, account: g.account, cutoff: retentionCutoff(g, now) }));
      const info = {
        queryId: randomUUID(),
        account: ctx.account,
        region: ctx.region,
        queryString: input.queryString,
        logGroupNames: groups.map((g) => g.name),
        startTime,
        endTime,
        createTime: now,
      };
      // Queries that keep the newest events read newest first: past the first n, each event is one comparison.
      const execution = new QueryExecution(info, compiled, source.open(scope, start, end, compiled.newestFirst ? -1 : 1), clock, limits);
      queries.add(execution);
      scheduler.add(execution);
      return { queryId: info.queryId };
    },

    /** GetQueryResults: partial rows while Running, pages of up to 10,000 rows with nextToken. */
    getQueryResults(input: GetQueryResultsRequest, ctx: RequestContext): GetQueryResultsResponse {
      const q = mine(ctx, input.queryId);
      const { results, statistics } = q.results();
      const offset = input.nextToken === undefined ? 0 : Number(decodePageToken(`results:${q.info.queryId}`, input.nextToken)[0]);
      const size = input.maxItems === undefined || input.maxItems === 0 ? PAGE_ROWS : input.maxItems;
      const page = results.slice(offset, offset + size);
      const more = offset + size < results.length && !q.active;
      return {
        queryLanguage: "CWLI",
        results: page,
        statistics,
        status: q.status,
        ...(more ? { nextToken: encodePageToken(`results:${q.info.queryId}`, [offset + size]) } : {}),
      };
    },

    /** StopQuery. AWS: "If the query has already ended, the operation returns an error indicating that the specified query is not running." */
    stopQuery(input: StopQueryRequest, ctx: RequestContext): StopQueryResponse {
      const q = mine(ctx, input.queryId);
      if (!q.active) throw queryNotRunning();
      q.end("Cancelled");
      return { success: true };
    },

    /** DescribeQueries: newest first; queryString as AWS shows it, with a SOURCE prefix naming groups and range (recorded). */
    describeQueries(input: DescribeQueriesRequest, ctx: RequestContext): DescribeQueriesResponse {
      if (input.queryLanguage !== undefined && input.queryLanguage !== "CWLI") return { queries: [] };
      const all = [...queries.all()]
        .filter((q) => q.info.account === ctx.account && q.info.region === ctx.region)
        .filter((q) => input.logGroupName === undefined || q.info.logGroupNames.includes(input.logGroupName))
        .filter((q) => input.status === undefined || q.status === input.status)
        .sort((a, b) => b.info.createTime - a.info.createTime || (a.info.queryId < b.info.queryId ? -1 : 1));
      let from = 0;
      if (input.nextToken !== undefined) {
        const [after] = decodePageToken("queries", input.nextToken);
        from = all.findIndex((q) => q.info.queryId === after) + 1;
      }
      const max = input.maxResults ?? 1000;
      const items = all.slice(from, from + max);
      const last = items[items.length - 1];
      const queriesOut: AwsQueryInfo[] = items.map((q) => ({
        queryLanguage: "CWLI",
        queryId: q.info.queryId,
        queryString: `SOURCE ${q.info.logGroupNames.map((n) => JSON.stringify(n)).join(" ")} START=${q.info.startTime}000 END=${q.info.endTime}999 | ${q.info.queryString}`,
        status: q.status,
        createTime: q.info.createTime,
        logGroupName: q.info.logGroupNames[0],
      }));
      return { queries: queriesOut, ...(from + max < all.length && last !== undefined ? { nextToken: encodePageToken("queries", [last.info.queryId]) } : {}) };
    },

    /** GetLogRecord: every field of the event a `@ptr` names; `@timestamp` and `@ingestionTime` in epoch ms. */
    getLogRecord(input: GetLogRecordRequest, ctx: RequestContext): GetLogRecordResponse {
      const pointer = decodePointer(input.logRecordPointer);
      if (pointer === undefined) throw invalidLogRecordPointer();
      const record = source.lookup(pointer);
      if (record === undefined || record.account !== ctx.account || record.region !== ctx.region) throw logRecordNotFound();
      if (record.retentionDays !== null && record.timestamp < clock.now() - record.retentionDays * 86_400_000) throw logRecordNotFound();
      const logRecord: Record<string, string> = {
        "@ingestionTime": String(record.ingestionTime),
        "@log": `${record.account}:${record.group}`,
        "@logStream": record.logStream,
        "@message": record.message,
        "@timestamp": String(record.timestamp),
      };
      for (const [field, value] of discoverFields(record.message)) logRecord[field] = value;
      return { logRecord };
    },

    /**
     * GetLogGroupFields: with `time`, the 8 minutes either side of it; without, the last 15 minutes.
     * Percentages are over the events of that window (at most FIELD_SAMPLE of them), highest first.
     */
    getLogGroupFields(input: GetLogGroupFieldsRequest, ctx: RequestContext): GetLogGroupFieldsResponse {
      const group = catalog.groupByNameOrIdentifier(ctx, input);
      const now = clock.now();
      const [start, end] = input.time === undefined ? [now - 15 * 60_000, now] : [input.time * 1000 - 8 * 60_000, input.time * 1000 + 8 * 60_000];
      const cursor = source.open([{ id: group.id, name: group.name, account: group.account, cutoff: retentionCutoff(group, now) }], start, end);
      const counts = new Map<string, number>();
      const event = new ChunkEvent();
      let total = 0;
      // The first FIELD_SAMPLE events of the window: enough for percentages, and a bounded call.
      while (total < FIELD_SAMPLE && cursor.next(event)) {
        total++;
        for (const field of discoverFields(event.message).keys()) counts.set(field, (counts.get(field) ?? 0) + 1);
      }
      if (total === 0) return { logGroupFields: [] };
      const fields = [...counts].map(([name, n]) => ({ name, percent: Math.round((n * 100) / total) }));
      for (const name of ["@ingestionTime", "@log", "@logStream", "@message", "@timestamp"]) fields.push({ name, percent: 100 });
      fields.sort((a, b) => b.percent - a.percent || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { logGroupFields: fields };
    },
  };
}
