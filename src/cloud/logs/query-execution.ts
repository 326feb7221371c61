/**
 * A running Logs Insights query and the scheduler that runs queries in time slices on the main thread,
 * so that the server answers other requests (GetQueryResults polls included) between slices.
 */
import type { CompiledQuery, QueryResults, QueryRun } from "../../insights/index.js";
import type { Clock } from "../clock.js";
import { ChunkEvent, type EventCursor } from "./query-source.js";

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

/** AWS: "Queries time out after 60 minutes of runtime." */
export const QUERY_TIMEOUT_MS = 60 * 60_000;
/** How long one slice may hold the event loop; other requests wait at most this long. */
const SLICE_MS = 8;
/** Partial results are recomputed only after this many times what the last computation cost. */
const PARTIAL_SPACING = 30;
/** Events between two looks at the clock: reading it per event would cost more than the events. */
const EVENTS_PER_CHECK = 1024;

export class QueryExecution {
  status: QueryStatus = "Scheduled";
  private run: QueryRun | undefined;
  private final: QueryResults | undefined;
  private readonly event = new ChunkEvent();

  constructor(
    readonly info: QueryInfo,
    compiled: CompiledQuery,
    private readonly cursor: EventCursor,
    private readonly clock: Clock,
  ) {
    this.run = compiled.start({ reversed: cursor.direction === -1 });
  }

  get active(): boolean {
    return this.status === "Scheduled" || this.status === "Running";
  }

  /** Reads events until `deadline` (performance.now()); returns true when the query has ended. */
  step(deadline: number): boolean {
    if (!this.active) return true;
    if (this.clock.now() - this.info.createTime > QUERY_TIMEOUT_MS) return this.end("Timeout");
    this.status = "Running";
    const run = this.run as QueryRun;
    const event = this.event;
    const cursor = this.cursor;
    try {
      for (;;) {
        for (let i = 0; i < EVENTS_PER_CHECK; i++) {
          if (!cursor.next(event)) return this.end("Complete");
          run.add(event);
        }
        if (performance.now() >= deadline) return false;
      }
    } catch (error) {
      // The store closed under the query (the server stopping), or a bug: the query fails, the server goes on.
      this.final = { results: [], statistics: this.statistics() };
      this.status = "Failed";
      this.run = undefined;
      throw error;
    }
  }

  private statistics() {
    return this.partial?.statistics ?? { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
  }

  /** Stops reading; the results so far are what GetQueryResults gives from now on. */
  end(status: "Complete" | "Cancelled" | "Timeout"): true {
    if (!this.active) return true;
    this.final = this.run?.results();
    this.run = undefined;
    this.status = status;
    return true;
  }

  /**
   * Partial while running (empty while scheduled), final once ended. Partial rows of a stats with 50,000
   * groups cost 15-20 ms (and the garbage of 50,000 rows): they are recomputed only after PARTIAL_SPACING
   * times that long, so polling clients cannot spend more than ~3% of the query's time on them (at 10x,
   * a client polling every 10 ms cost the 1M-event stats query ~8%).
   */
  results(): QueryResults {
    if (this.final !== undefined) return this.final;
    if (this.run === undefined) return { results: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } };
    if (this.status === "Scheduled") return { results: [], statistics: this.statistics() };
    const now = performance.now();
    if (this.partial === undefined || now - this.partialAt >= this.partialCost * PARTIAL_SPACING) {
      this.partial = this.run.results();
      this.partialAt = performance.now();
      this.partialCost = this.partialAt - now;
    }
    return this.partial;
  }

  private partial: QueryResults | undefined;
  private partialAt = 0;
  private partialCost = 0;
}

/** Round-robin over active queries, one slice per turn of the event loop (setImmediate lets I/O in). */
export class QueryScheduler {
  private readonly queue: QueryExecution[] = [];
  private pending: NodeJS.Immediate | undefined;

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  add(execution: QueryExecution): void {
    this.queue.push(execution);
    this.kick();
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
    this.kick();
  }
}
