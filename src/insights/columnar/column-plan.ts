/**
 * Which queries the columns can serve, decided once per plan: the slots a row of the columnar path is
 * filled with, the `by` fields that key groups by integers, and how many leading filters the columns
 * can decide for queries that return events. Anything not proven served here takes the text path.
 */
import type { Expr, Query } from "../ast.js";
import { ABSORBED } from "../aggregates.js";
import type { AggregateCall, Scope } from "../compile.js";
import type { FastCall } from "./fast-aggregates.js";
import { flowIndex, NUMERIC } from "./flow-columns.js";

/** Fields a row can have without its message: the flow fields, and these system fields. */
export type SystemField = "@timestamp" | "@ingestionTime" | "@logStream" | "@log";
const SYSTEM: ReadonlySet<string> = new Set<SystemField>(["@timestamp", "@ingestionTime", "@logStream", "@log"]);

export interface ColumnarPlan {
  /**
   * "stats": every row op and the first stats run on rows filled from the columns. "prefilter": the
   * first `filters` row ops decide on the columns which rows the text path reads at all.
   */
  readonly mode: "stats" | "prefilter";
  readonly filters: number;
  /** Slots filled from a flow field (its index in the default format). */
  readonly flowSlots: readonly { readonly slot: number; readonly field: number }[];
  readonly systemSlots: readonly { readonly slot: number; readonly field: SystemField }[];
  /** The first stats' `by` flow fields (one or two, each read as the event has it), or null: groups are found by value. */
  readonly keyFields: readonly number[] | null;
  /** The first stats' aggregates when each is count, sum, avg, min or max of a flow field read from the event (or count(*)), with keyFields. */
  readonly fastCalls: readonly FastCall[] | null;
}

/** Whether a field name is one the columns (or the batch) can give. */
const servable = (name: string) => SYSTEM.has(name) || flowIndex(name) !== undefined;

/** Every field an expression reads. */
export function fieldsRead(e: Expr, out: Set<string>): Set<string> {
  switch (e.type) {
    case "field":
      out.add(e.name);
      break;
    case "unary":
      fieldsRead(e.operand, out);
      break;
    case "binary":
      fieldsRead(e.left, out);
      fieldsRead(e.right, out);
      break;
    case "match":
      fieldsRead(e.subject, out);
      fieldsRead(e.pattern, out);
      break;
    case "in":
      fieldsRead(e.subject, out);
      for (const item of e.list) fieldsRead(item, out);
      break;
    case "call":
      for (const a of e.args) fieldsRead(a, out);
      break;
    default:
      break;
  }
  return out;
}

/** The slots a columnar row fills: every name of the scope that is servable (others stay unread). */
function slotsOf(scope: Scope, names: Iterable<string>): Pick<ColumnarPlan, "flowSlots" | "systemSlots"> {
  const flowSlots: { slot: number; field: number }[] = [];
  const systemSlots: { slot: number; field: SystemField }[] = [];
  for (const name of names) {
    const slot = scope.slots.get(name);
    if (slot === undefined) continue;
    const field = flowIndex(name);
    if (field !== undefined) flowSlots.push({ slot, field });
    else if (SYSTEM.has(name)) systemSlots.push({ slot, field: name as SystemField });
  }
  return { flowSlots, systemSlots };
}

/**
 * The columnar plan of a query whose event scope is `scope`, or null. `statsSink` says the first
 * blocking command is stats; `byFields` are its `by` flow fields when each is a plain field read from
 * the event (else null).
 */
export function columnarPlan(
  query: Query,
  scope: Scope,
  statsSink: boolean,
  byFields: readonly number[] | null,
  calls: readonly AggregateCall[],
  defined: ReadonlySet<string>,
): ColumnarPlan | null {
  // @ptr names the event in its store: only the text path's events carry one.
  if (query.text.includes("@ptr")) return null;
  if (statsSink) {
    const names = scope.names.filter((n) => n !== "@ptr");
    if (names.every(servable)) {
      const keyFields = byFields !== null && byFields.length >= 1 && byFields.length <= 2 ? byFields : null;
      return { mode: "stats", filters: 0, ...slotsOf(scope, names), keyFields, fastCalls: keyFields === null ? null : fastCalls(calls, defined) };
    }
  }
  // Leading filters over servable fields reject rows before the text path reads them.
  const read = new Set<string>();
  let filters = 0;
  for (const command of query.commands) {
    if (command.type !== "filter") break;
    const names = fieldsRead(command.condition, new Set());
    if (![...names].every(servable)) break;
    for (const n of names) read.add(n);
    filters++;
  }
  if (filters === 0) return null;
  return { mode: "prefilter", filters, ...slotsOf(scope, read), keyFields: null, fastCalls: null };
}

/** The calls as FastCalls, or null when any is not count(*), count(f), or sum/avg/min/max of a numeric flow field f read from the event. */
function fastCalls(calls: readonly AggregateCall[], defined: ReadonlySet<string>): FastCall[] | null {
  const out: FastCall[] = [];
  for (const call of calls) {
    const name = call.spec.name;
    if (!ABSORBED.has(name)) return null;
    if (call.star) {
      if (name !== "count") return null;
      out.push({ gather: "count", field: -1 });
      continue;
    }
    const field = call.field === undefined || defined.has(call.field) ? undefined : flowIndex(call.field);
    if (field === undefined || (name !== "count" && NUMERIC[field] !== true)) return null;
    out.push({ gather: name === "avg" ? "sum" : (name as FastCall["gather"]), field });
  }
  return out;
}

/** The flow fields (by index) the columnar path of this plan reads: a source may build only those columns. */
export function fieldsUsed(plan: ColumnarPlan): boolean[] {
  const used = new Array<boolean>(NUMERIC.length).fill(false);
  for (const s of plan.flowSlots) used[s.field] = true;
  for (const f of plan.keyFields ?? []) used[f] = true;
  for (const c of plan.fastCalls ?? []) if (c.field >= 0) used[c.field] = true;
  return used;
}
