/** Logs Insights QL as a standalone library: parse a query, then run it over any source of log events. */
export type { Command, Expr, NamedExpr, Query } from "./ast.js";
export { MalformedQueryError, type QueryCompileErrorLocation, type QueryPosition } from "./errors.js";
export type { InsightsEvent } from "./fields.js";
export { parseQuery } from "./parser.js";
export { CompiledQuery, compileQuery, DEFAULT_MAX_ROWS, type QueryOptions, QueryRun, runQuery, runQuerySync } from "./engine.js";
export type { ColumnBatch } from "./columnar/feed.js";
export { ABSENT, buildFlowColumns, FLOW_WIDTH, FlowColumns, flowColumnsOf, NUMERIC } from "./columnar/flow-columns.js";
export type { QueryResults, QueryStatistics, ResultField } from "./results.js";
export { formatTimestamp } from "./values.js";
export { FUNCTION_NAMES } from "./functions/index.js";
export { AGGREGATE_NAMES } from "./aggregates.js";
