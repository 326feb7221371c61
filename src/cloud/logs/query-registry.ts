/**
 * The Logs Insights queries a service instance remembers: running ones, and finished ones (results and
 * metadata only) until they are 7 days old or pushed out by the count and bytes caps of query-limits.ts.
 */
import type { Clock } from "../clock.js";
import type { QueryExecution } from "./query-execution.js";
import type { QueryLimits } from "./query-limits.js";

/** What the remembered queries hold, for tests and the soak benchmark. */
export interface QueryMemory {
  running: number;
  finished: number;
  /** Finished queries still holding working state (a run, a cursor, decoded chunks, partial rows): should be 0. */
  finishedHoldingWorkingState: number;
  /** Estimated bytes of the running queries' working state. */
  workingBytes: number;
  /** Estimated bytes of the finished queries' results. */
  resultBytes: number;
}

export class QueryRegistry {
  /** In creation order: the oldest finished queries are the first forgotten. */
  private readonly queries = new Map<string, QueryExecution>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Readonly<QueryLimits>,
  ) {}

  add(execution: QueryExecution): void {
    this.queries.set(execution.info.queryId, execution);
    this.forget();
  }

  /** A remembered query; a forgotten one answers as one that never existed (ResourceNotFoundException). */
  get(queryId: string): QueryExecution | undefined {
    this.forget();
    return this.queries.get(queryId);
  }

  all(): Iterable<QueryExecution> {
    this.forget();
    return this.queries.values();
  }

  clear(): void {
    this.queries.clear();
  }

  /**
   * Forgets finished queries older than keptMs, then the oldest finished ones past keptQueries or
   * keptResultBytes. Running queries are never forgotten (their count is capped at StartQuery).
   */
  private forget(): void {
    const { keptMs, keptQueries, keptResultBytes } = this.limits;
    const oldest = this.clock.now() - keptMs;
    let finished = 0;
    let bytes = 0;
    for (const [id, q] of this.queries) {
      if (q.active) continue;
      if (q.info.createTime < oldest) this.queries.delete(id);
      else {
        finished++;
        bytes += q.kept;
      }
    }
    if (finished <= keptQueries && bytes <= keptResultBytes) return;
    for (const [id, q] of this.queries) {
      if (finished <= keptQueries && bytes <= keptResultBytes) break;
      if (q.active) continue;
      this.queries.delete(id);
      finished--;
      bytes -= q.kept;
    }
  }

  memory(): QueryMemory {
    this.forget();
    const out: QueryMemory = { running: 0, finished: 0, finishedHoldingWorkingState: 0, workingBytes: 0, resultBytes: 0 };
    for (const q of this.queries.values()) {
      if (q.active) {
        out.running++;
        out.workingBytes += q.working;
      } else {
        out.finished++;
        out.resultBytes += q.kept;
        if (q.holdsWorkingState) out.finishedHoldingWorkingState++;
      }
    }
    return out;
  }
}
