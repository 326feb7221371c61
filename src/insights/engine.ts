/**
 * Runs a compiled query over events: feed them with add() (in any order, from any source), read the
 * results with results() at any time (partial while events still arrive), as GetQueryResults gives them.
 */
import type { Query } from "./ast.js";
import type { Row } from "./compile.js";
import type { InsightsEvent, Loader } from "./fields.js";
import { parseQuery } from "./parser.js";
import { buildPlan, type Plan } from "./plan.js";
import { formatRows, type QueryResults } from "./results.js";
import { sortRows, TopRows } from "./sorting.js";
import { StatsState } from "./stats.js";
import { type ColumnBatch, ColumnFeed } from "./columnar/feed.js";
import { fieldsUsed } from "./columnar/column-plan.js";

export interface QueryOptions {
  /** Most rows returned: StartQuery's limit, 10,000 by default. */
  readonly maxRows?: number;
  /** The query's start time in epoch milliseconds: what now() reports. Defaults to the wall clock. */
  readonly now?: number;
}

export const DEFAULT_MAX_ROWS = 10_000;
/** Estimated bytes of one held row besides its slots and strings: the array and its header. */
const ROW_BYTES = 64;

/** How a run is fed. */
export interface RunOptions {
  /**
   * Events come in exactly the reverse of their order (newest first): rows keep their ties in the
   * events' own order all the same. Only for queries whose rows do not depend on the order events come
   * in (see CompiledQuery.newestFirst).
   */
  readonly reversed?: boolean;
}

export class CompiledQuery {
  private readonly maxRows: number;
  /**
   * The query keeps the newest events (`sort @timestamp desc | limit n`, or `limit n` alone): its rows
   * do not depend on the order events come in, and fed newest first it drops all but the first n events
   * at one comparison, without reading their messages.
   */
  readonly newestFirst: boolean;
  /**
   * The query can read flow columns (columnar/column-plan.ts): a source that has them gives batches to
   * QueryRun.addColumns; "stats" reads no message the columns hold, "prefilter" only those its leading
   * filters keep.
   */
  readonly columnar: "stats" | "prefilter" | null;
  /** The flow fields (by default-format index) the columnar path reads: a one-off source need build no other column. */
  readonly columnarFields: readonly boolean[] | null;

  /** Parses and plans the query once, so that every syntax or semantic error surfaces here. */
  constructor(
    readonly query: Query,
    private readonly options: QueryOptions = {},
  ) {
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    const plan = buildPlan(query, { maxRows: this.maxRows, now: options.now ?? Date.now() });
    const first = plan.sink.kind === "top" ? plan.sink.keys[0] : undefined;
    this.newestFirst = first?.descending === true && first.slot === plan.eventScope.slots.get("@timestamp");
    this.columnar = plan.columnar?.mode ?? null;
    this.columnarFields = plan.columnar === null ? null : fieldsUsed(plan.columnar);
  }

  /** A fresh run with its own state; runs of one compiled query share nothing. */
  start(options: RunOptions = {}): QueryRun {
    return new QueryRun(buildPlan(this.query, { maxRows: this.maxRows, now: this.options.now ?? Date.now() }), options.reversed === true);
  }
}

export function compileQuery(text: string, options: QueryOptions = {}): CompiledQuery {
  return new CompiledQuery(parseQuery(text), options);
}

export class QueryRun {
  private readonly live: Row;
  private readonly width: number;
  private readonly loaders: readonly Loader[];
  private readonly stats: StatsState | null = null;
  private readonly top: TopRows | null = null;
  private readonly keySlots: readonly number[] = [];
  private readonly all: Row[] = [];
  private seq = 0;
  /** Estimated bytes of the rows held by a `top` or `all` sink (see footprint). */
  private rowBytes = 0;
  private scanned = 0;
  private matched = 0;
  private bytes = 0;
  private feed: ColumnFeed | null | undefined;

  constructor(
    private readonly plan: Plan,
    /** Events arrive newest first: sequence numbers count down, so ties still sort in the events' order. */
    private readonly reversed = false,
  ) {
    const size = plan.eventScope.size;
    this.width = size + 1;
    this.live = new Array(this.width).fill(undefined);
    this.loaders = plan.eventScope.loaders;
    const sink = plan.sink;
    if (sink.kind === "stats") this.stats = new StatsState(sink.stats);
    else {
      this.keySlots = sink.keys.map((k) => k.slot);
      if (sink.kind === "top") this.top = new TopRows(sink.k, sink.keys, size);
    }
  }

  add(event: InsightsEvent): void {
    this.scanned++;
    this.bytes += event.bytes ?? Buffer.byteLength(event.message, "utf8");
    const plan = this.plan;
    plan.view.set(event);
    const live = this.live;
    live.fill(undefined);
    const ops = plan.rowOps;
    for (let i = 0; i < ops.length; i++) if (!(ops[i] as (r: Row) => boolean)(live)) return;
    this.matched++;
    if (this.stats !== null) {
      this.stats.add(live);
      return;
    }
    live[this.width - 1] = this.reversed ? this.seq-- : this.seq++;
    if (this.top !== null) {
      for (const slot of this.keySlots) if (live[slot] === undefined) live[slot] = (this.loaders[slot] as Loader)(plan.view);
      if (this.top.accepts(live)) {
        // A heap of k rows holds at most k of them: rows it pushes out are counted once, an overestimate.
        if (this.top.size < this.top.capacity) this.rowBytes += ROW_BYTES + 8 * this.width;
        this.top.push(this.materialize());
      }
      return;
    }
    const row = this.materialize();
    let bytes = ROW_BYTES + 8 * this.width;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === "string") bytes += v.length;
    }
    this.rowBytes += bytes;
    this.all.push(row);
  }

  /**
   * Rows of a batch with flow columns, in the batch's order: the same results as add() of each event,
   * without reading the messages the columns hold (see columnar/feed.ts).
   */
  addColumns(batch: ColumnBatch): void {
    if (this.feed === undefined) {
      const columnar = this.plan.columnar;
      this.feed =
        columnar === null
          ? null
          : new ColumnFeed(columnar, {
              live: this.live,
              rowOps: this.plan.rowOps,
              stats: this.stats,
              text: (event) => this.add(event),
              counted: (scanned, bytes, matched) => {
                this.scanned += scanned;
                this.bytes += bytes;
                this.matched += matched;
              },
            });
    }
    if (this.feed !== null) this.feed.add(batch);
    else for (let i = batch.from; i !== batch.to; i += batch.step) this.add(batch.event(i));
  }

  /**
   * What the run holds, estimated: groups of its stats, or rows a sort keeps. The local cloud ends a query
   * over its memory budget on these figures (query-execution.ts) before they can end the process.
   */
  footprint(): { groups: number; rows: number; bytes: number } {
    if (this.stats !== null) return { groups: this.stats.size, rows: 0, bytes: this.stats.bytes };
    const rows = this.top !== null ? this.top.size : this.all.length;
    // Rows of a top-k are estimated by count: their strings are bounded by k rows of at most the events' size.
    return { groups: 0, rows, bytes: this.rowBytes };
  }

  /** Every slot filled, so later commands and the output never need the event again. */
  private materialize(): Row {
    const live = this.live;
    const view = this.plan.view;
    for (let i = 0; i < this.width - 1; i++) if (live[i] === undefined) live[i] = (this.loaders[i] as Loader)(view);
    return live.slice();
  }

  /** The statistics so far, without computing rows. */
  statistics(): QueryResults["statistics"] {
    return { recordsMatched: this.matched, recordsScanned: this.scanned, bytesScanned: this.bytes };
  }

  /** The results so far; the run's state is not changed, so this can be called while events arrive. */
  results(): QueryResults {
    this.feed?.flush();
    const plan = this.plan;
    let rows: Row[];
    if (this.stats !== null && plan.sink.kind === "stats")
      rows = this.stats.rows(plan.sink.scope.size + 1, plan.stages.length === 0 ? plan.rowCap : Number.POSITIVE_INFINITY);
    else if (this.top !== null) rows = this.top.sorted().map((r) => r.slice());
    else
      rows = sortRows(
        this.all.map((r) => r.slice()),
        plan.sink.kind === "all" ? plan.sink.keys : [],
        this.width - 1,
      );
    for (const stage of plan.stages) rows = stage(rows);
    if (rows.length > plan.rowCap) rows = rows.slice(0, plan.rowCap);
    return {
      results: formatRows(rows, plan.columns, plan.ptrSlot),
      statistics: this.statistics(),
    };
  }
}

type Events = Iterable<InsightsEvent> | AsyncIterable<InsightsEvent>;

const compiled = (query: string | CompiledQuery, options?: QueryOptions) => (typeof query === "string" ? compileQuery(query, options) : query);

export function runQuerySync(query: string | CompiledQuery, events: Iterable<InsightsEvent>, options?: QueryOptions): QueryResults {
  const run = compiled(query, options).start();
  for (const event of events) run.add(event);
  return run.results();
}

export async function runQuery(query: string | CompiledQuery, events: Events, options?: QueryOptions): Promise<QueryResults> {
  const run = compiled(query, options).start();
  if (Symbol.asyncIterator in events) for await (const event of events) run.add(event);
  else for (const event of events) run.add(event);
  return run.results();
}
