/**
 * What one Logs Insights query, and all of them together, may hold and how long they run and are kept:
 * the budgets that end a query (Failed, Timeout) or forget one, so that no query can end the process.
 */

export interface QueryLimits {
  /** Runtime, by the injected clock, after which a query ends as Timeout. AWS: "Queries time out after 60 minutes of runtime." */
  timeoutMs: number;
  /** Groups one query's stats may make; past it the query ends Failed. */
  maxGroups: number;
  /** Estimated bytes of one query's working state (groups, rows a sort holds); past it the query ends Failed. */
  maxQueryBytes: number;
  /**
   * Estimated bytes all running queries hold together: while over it StartQuery is refused
   * (LimitExceededException) and the running query holding most ends Failed.
   */
  maxRunningBytes: number;
  /** Finished queries kept for GetQueryResults and DescribeQueries; the oldest past it are forgotten. */
  keptQueries: number;
  /** Estimated bytes of all kept results together; the oldest finished queries past it are forgotten. */
  keptResultBytes: number;
  /** How long a finished query's results are kept. AWS keeps them 7 days. */
  keptMs: number;
}

const MiB = 1024 * 1024;

/**
 * Defaults. 100,000 groups keep a query's final sort and encoding near 40 ms (a 50,000-group partial costs
 * 15-20 ms), so even the last slice of a query stays short; 128 MiB a query and 384 MiB together keep twelve
 * high-cardinality queries within a default Node heap. 32 MiB of kept results is ~25 results of 10,000
 * event rows (the soak benchmark's after-idle figure counts them).
 */
export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = {
  timeoutMs: 60 * 60_000,
  maxGroups: 100_000,
  maxQueryBytes: 128 * MiB,
  maxRunningBytes: 384 * MiB,
  keptQueries: 1_000,
  keptResultBytes: 32 * MiB,
  keptMs: 7 * 86_400_000,
};

/** Estimated bytes of result rows as GetQueryResults gives them: per field an object and two strings. */
export function resultBytes(rows: readonly (readonly { field: string; value: string }[])[]): number {
  let bytes = 0;
  for (const row of rows) {
    bytes += 32;
    for (const f of row) bytes += 56 + f.field.length + f.value.length;
  }
  return bytes;
}
