/**
 * A running Logs Insights query and the scheduler that runs queries in time slices on the main thread,
 * so that the server answers other requests (GetQueryResults polls included) between slices.
 */
import type { CompiledQuery, QueryResults, QueryRun } from "../../insights/index.js";
import type { Clock } from "../clock.js";
import { type QueryLimits, resultBytes } from "./query-limits.js";
import { ChunkEvent, type EventCursor } from "./query-source.js";
import type { ChunkBatch } from "./columns/chunk-batch.js";

export type QueryStatus = "Scheduled" | "Running" | "Complete" | "Failed" | "Cancelled" | "Timeout";

/** What DescribeQueries lists and GetQueryResults checks ownership against. */
export interface QueryInfo {
  queryId: string;
  account: string;
  region: string;
  queryString: string;
  logGroupNames: readonly string[];
  /** The query's range in epoch seconds, as StartQuery took it. */
  startTime: number;
  endTime: number;
  createTime: number;
}

/** How long one slice may hold the event loop; other requests wait at most this long. */
const SLICE_MS = 8;
/** Partial results are recomputed only after this many times what the last computation cost. */
const PARTIAL_SPACING = 30;
/** Events between two looks at the clock and the budget: reading them per event would cost more than the events. */
const EVENTS_PER_CHECK = 1024;
const EMPTY = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
/**
 * Rows of a partial page while the query runs (AWS does not say how many; docs/aws-compatibility.md):
 * every poll's page is encoded on the thread that runs the query, and 10,000 rows every 10 ms measured
 * most of a 50,000-group query's time (docs/benchmarks.md, issue 18). The final page has them all.
 */
const PARTIAL_ROWS = 1000;

export class QueryExecution {
  status: QueryStatus = "Scheduled";
  /** Why a Failed query failed (GetQueryResults has no field for it: the server's log and tests read it). */
  reason: string | undefined;
  /** Estimated bytes of the working state at the last check (0 once ended). */
  working = 0;
  /** Estimated bytes of the kept results (0 while running). */
  kept = 0;
  /** The working state: released when the query ends, so a finished query holds only its results. */
  private run: QueryRun | undefined;
  private cursor: EventCursor | undefined;
  private event: ChunkEvent | undefined = new ChunkEvent();
  private partial: QueryResults | undefined;
  private partialAt = 0;
  private partialCost = 0;
  /** Every event was read: the next slice computes the final results, on its own. */
  private scanned = false;
  private final: QueryResults | undefined;
  /** Set when the query reads flow columns (CompiledQuery.columnar): the cursor gives whole runs of a chunk. */
  private batch: ChunkBatch | undefined;

  constructor(
    readonly info: QueryInfo,
    compiled: CompiledQuery,
    cursor: EventCursor,
    private readonly clock: Clock,
    private readonly limits: Readonly<QueryLimits>,
  ) {
    this.cursor = cursor;
    this.run = compiled.start({ reversed: cursor.direction === -1 });
    if (compiled.columnar !== null) this.batch = cursor.batch(this.event as ChunkEvent);
  }

  get active(): boolean {
    return this.status === "Scheduled" || this.status === "Running";
  }

  /** True while anything beyond results and metadata is held: never once the query has ended. */
  get holdsWorkingState(): boolean {
    return this.run !== undefined || this.cursor !== undefined || this.event !== undefined || this.partial !== undefined;
  }

  /** Reads events until `deadline` (performance.now()); returns true when the query has ended. */
  step(deadline: number): boolean {
    if (!this.active) return true;
    if (this.clock.now() - this.info.createTime > this.limits.timeoutMs) return this.end("Timeout");
    this.status = "Running";
    // The final sort and encoding get a slice of their own, not the tail of a reading slice.
    if (this.scanned) return this.end("Complete");
    const run = this.run as QueryRun;
    const event = this.event as ChunkEvent;
    const cursor = this.cursor as EventCursor;
    try {
      const batch = this.batch;
      // The columnar path reads a run of a chunk at a time (at most a batch of 10,000 events).
      if (batch !== undefined) {
        for (;;) {
          if (!cursor.nextBatch(batch)) {
            this.scanned = true;
            return this.overBudget(run);
          }
          run.addColumns(batch);
          if (this.overBudget(run)) return true;
          if (performance.now() >= deadline) return false;
        }
      }
      for (;;) {
        for (let i = 0; i < EVENTS_PER_CHECK; i++) {
          if (!cursor.next(event)) {
            this.scanned = true;
            return this.overBudget(run);
          }
          run.add(event);
        }
        if (this.overBudget(run)) return true;
        if (performance.now() >= deadline) return false;
      }
    } catch (error) {
      // The store closed under the query (the server stopping), or a bug: the query fails, the server goes on.
      this.fail("internal error");
      throw error;
    }
  }

  /** Ends the query Failed when its working state is over its budget; true when it did. */
  private overBudget(run: QueryRun): boolean {
    const { groups, rows, bytes } = run.footprint();
    this.working = bytes;
    const { maxGroups, maxQueryBytes } = this.limits;
    if (groups > maxGroups) return this.fail(`the query made more than ${maxGroups} groups`);
    if (bytes > maxQueryBytes) return this.fail(`the query held more than ${Math.round(maxQueryBytes / 1048576)} MB (${groups} groups, ${rows} rows)`);
    return false;
  }

  /** Ends the query Failed, with no rows: a partial aggregate would be a wrong answer. */
  fail(reason: string): true {
    if (!this.active) return true;
    const statistics = this.run?.statistics() ?? EMPTY;
    this.final = { results: [], statistics };
    this.reason = reason;
    this.status = "Failed";
    this.release();
    return true;
  }

  /** Stops reading; the results so far are what GetQueryResults gives from now on. */
  end(status: "Complete" | "Cancelled" | "Timeout"): true {
    if (!this.active) return true;
    this.final = this.run?.results() ?? { results: [], statistics: EMPTY };
    this.status = status;
    this.release();
    return true;
  }

  private release(): void {
    this.run = undefined;
    this.cursor = undefined;
    this.event = undefined;
    this.batch = undefined;
    this.partial = undefined;
    this.working = 0;
    this.kept = resultBytes((this.final as QueryResults).results);
  }

  /**
   * Partial while running (empty while scheduled), final once ended. Partial rows of a stats with 50,000
   * groups cost 15-20 ms (and the garbage of 50,000 rows): they are recomputed only after PARTIAL_SPACING
   * times that long, so polling clients cannot spend more than ~3% of the query's time on them (at 10x,
   * a client polling every 10 ms cost the 1M-event stats query ~8%).
   */
  results(): QueryResults {
    if (this.final !== undefined) return this.final;
    if (this.run === undefined || this.status === "Scheduled") return { results: [], statistics: EMPTY };
    const now = performance.now();
    if (this.partial === undefined || now - this.partialAt >= this.partialCost * PARTIAL_SPACING) {
      const partial = this.run.results();
      this.partial = partial.results.length > PARTIAL_ROWS ? { results: partial.results.slice(0, PARTIAL_ROWS), statistics: partial.statistics } : partial;
      this.partialAt = performance.now();
      this.partialCost = this.partialAt - now;
    }
    return this.partial;
  }
}

/**
 * Round-robin over active queries, one slice per turn of the event loop (setImmediate lets I/O in), and the
 * memory budget of all running queries together: past it, the query holding most ends Failed.
 */
export class QueryScheduler {
  private readonly queue: QueryExecution[] = [];
  private pending: NodeJS.Immediate | undefined;

  constructor(
    private readonly limits: Readonly<QueryLimits>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  add(execution: QueryExecution): void {
    this.queue.push(execution);
    this.kick();
  }

  /** Estimated bytes the running queries hold, as of their last checks. */
  working(): number {
    let bytes = 0;
    for (const q of this.queue) bytes += q.working;
    return bytes;
  }

  /** Forgets every queued query (reset, shutdown); their state stays as it was. */
  clear(): void {
    this.queue.length = 0;
    if (this.pending !== undefined) clearImmediate(this.pending);
    this.pending = undefined;
  }

  private kick(): void {
    if (this.pending === undefined && this.queue.length > 0) this.pending = setImmediate(() => this.tick());
  }

  private tick(): void {
    this.pending = undefined;
    const execution = this.queue.shift();
    if (execution === undefined) return;
    let done = true;
    try {
      done = execution.step(performance.now() + SLICE_MS);
    } catch (error) {
      this.onError(error);
    }
    if (!done) this.queue.push(execution);
    this.enforceBudget();
    this.kick();
  }

  private enforceBudget(): void {
    const budget = this.limits.maxRunningBytes;
    let total = this.working();
    while (total > budget && this.queue.length > 0) {
      let largest = 0;
      for (let i = 1; i < this.queue.length; i++) if ((this.queue[i] as QueryExecution).working > (this.queue[largest] as QueryExecution).working) largest = i;
      const [victim] = this.queue.splice(largest, 1) as [QueryExecution];
      total -= victim.working;
      victim.fail(`running queries held more than ${Math.round(budget / 1048576)} MB together`);
    }
  }
}
