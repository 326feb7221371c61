/**
 * Turns a parsed query into a plan: the per-event operations (filter, fields, parse, display) that run
 * while events stream in, the first command that needs more than one event (stats, sort, limit, dedup),
 * and the operations on whole row sets after it. Every refusal the grammar cannot express is made here.
 */
import type { Command, NamedExpr, Query } from "./ast.js";
import { type AggregateCall, type CompileEnv, type Eval, ExprCompiler, type Row, Scope } from "./compile.js";
import { malformed, unexpected, type Span } from "./errors.js";
import { EventView, flowFieldIndex } from "./fields.js";
import { type Extractor, Glob, groupNames, toRegex } from "./regex.js";
import { type OrderKey, sortRows, topRows } from "./sorting.js";
import { type StatsPlan, StatsState } from "./stats.js";
import { type Kind, toText, truthy } from "./values.js";
import { type ColumnarPlan, columnarPlan } from "./columnar/column-plan.js";

/** An operation on the event being scanned; false drops it. */
export type RowOp = (row: Row) => boolean;
/** An operation on the whole set of rows, after the first blocking command. */
export type Stage = (rows: Row[]) => Row[];

export type Sink =
  | { readonly kind: "stats"; readonly stats: StatsPlan; readonly scope: Scope }
  /** Keep the first k rows in this order (sort + limit, limit, or the end of the query). */
  | { readonly kind: "top"; readonly k: number; readonly keys: readonly OrderKey[] }
  /** Keep every row, in this order (sort without limit, dedup). */
  | { readonly kind: "all"; readonly keys: readonly OrderKey[] };

export interface OutputColumn {
  readonly name: string;
  readonly slot: number;
  readonly kind: Kind;
}

export interface Plan {
  readonly view: EventView;
  readonly eventScope: Scope;
  readonly rowOps: readonly RowOp[];
  readonly sink: Sink;
  readonly stages: readonly Stage[];
  readonly outputScope: Scope;
  readonly columns: readonly OutputColumn[];
  /** Slot of @ptr when rows are events (AWS adds it to each such row); null for stats rows. */
  readonly ptrSlot: number | null;
  /** Most rows the query returns: its own `limit` decides when it has one (StartQuery's limit then does not), else maxRows. */
  readonly rowCap: number;
  /** How the query reads flow columns when a source has them (columnar/column-plan.ts); null: text only. */
  readonly columnar: ColumnarPlan | null;
}

export interface PlanOptions {
  readonly maxRows: number;
  readonly now: number;
}

/** The fields AWS shows when a query names none. */
const DEFAULT_COLUMNS = ["@timestamp", "@message", "@logStream", "@log"];
const MAX_STATS = 2;
/** AWS: "You can specify a limit value of up to 100,000" (limit command); GetQueryResults pages them 10,000 at a time. */
export const MAX_LIMIT = 100_000;

interface Phase {
  readonly scope: Scope;
  readonly columns: string[];
  display: string[] | null;
  /** Names a command of this phase defined (fields ... as, parse): a stats alias may not reuse them. */
  readonly defined: Set<string>;
  readonly parsed: string[];
}

const newPhase = (scope: Scope, columns: string[] = []): Phase => ({ scope, columns, display: null, defined: new Set(), parsed: [] });

export function buildPlan(query: Query, options: PlanOptions): Plan {
  const text = query.text;
  const view = new EventView();
  const env: CompileEnv = { text, view, now: options.now };
  const compiler = new ExprCompiler(env);
  const eventScope = new Scope(true);
  const tsSlot = eventScope.slot("@timestamp");
  const ptrSlot = eventScope.slot("@ptr");
  const implicitOrder: OrderKey[] = [{ slot: tsSlot, descending: true }];

  let phase = newPhase(eventScope);
  const rowOps: RowOp[] = [];
  const stages: Stage[] = [];
  let sink: Sink | null = null;
  let statsCount = 0;
  let dedupAt: Span | null = null;
  /** The first stats' `by` flow fields, each a plain field read from the event; null when any is not. */
  let byFields: number[] | null = null;
  let statsCalls: readonly AggregateCall[] = [];
  let definedBeforeStats: ReadonlySet<string> = new Set();
  const commands = query.commands;
  const fail = (span: Span, detail: string) => malformed(text, span, detail);
  const keyword = (c: Command) => text.slice(c.span.start, c.span.start + c.type.length);
  let limited = false;
  /** A limit command's count, checked against AWS's range once wherever the command sits. */
  const limitOf = (command: Extract<Command, { type: "limit" }>): number => {
    if (command.count < 1) throw fail(command.span, "limit must be at least 1");
    if (command.count > MAX_LIMIT) throw fail(command.span, `limit must be at most ${MAX_LIMIT}`);
    limited = true;
    return command.count;
  };

  /** Runs `op` per event while streaming, else as a stage over the rows. */
  const perRow = (op: RowOp) => {
    if (sink === null) rowOps.push(op);
    else stages.push((rows) => rows.filter(op));
  };

  const assignments = (items: readonly NamedExpr[]) => {
    const ops: { slot: number; fn: Eval }[] = [];
    for (const item of items) {
      const compiled = compiler.expr(item.expr, phase.scope);
      if (item.expr.type === "field" && !item.aliased) continue;
      ops.push({ slot: phase.scope.define(item.name, compiled.kind), fn: compiled.fn });
      phase.defined.add(item.name);
    }
    if (ops.length > 0) {
      perRow((r) => {
        for (const op of ops) r[op.slot] = op.fn(r);
        return true;
      });
    }
    return items.map((i) => i.name);
  };

  for (let c = 0; c < commands.length; c++) {
    const command = commands[c] as Command;
    // AWS: "The only query command that you can use in a query after the dedup command is limit."
    if (dedupAt !== null && command.type !== "limit")
      throw unexpected(text, { start: command.span.start, end: command.span.start + command.type.length }, keyword(command));
    switch (command.type) {
      case "filter": {
        const condition = compiler.expr(command.condition, phase.scope).fn;
        perRow((r) => truthy(condition(r)));
        break;
      }
      case "fields":
        for (const name of assignments(command.items)) if (!phase.columns.includes(name)) phase.columns.push(name);
        break;
      case "display":
        phase.display = [...new Set(assignments(command.items))];
        break;
      case "parse": {
        const source = compiler.expr(command.source, phase.scope).fn;
        const pattern = command.pattern;
        let re: Extractor;
        let names: readonly string[];
        // Each field's group number: a regex's named groups sit among unnamed ones, a glob's are all of them.
        let groupOf: number[];
        if (pattern.kind === "glob") {
          re = new Glob(pattern.glob);
          names = pattern.names;
          groupOf = names.map((_, i) => i + 1);
        } else {
          const regex = toRegex(text, pattern.source, pattern.span);
          re = regex;
          names = groupNames(regex);
          groupOf = names.map((n) => regex.groupNames.indexOf(n) + 1);
        }
        if (names.length === 0) throw fail(pattern.span, "parse regex has no named group to extract");
        const slots = names.map((n) => phase.scope.define(n, "value"));
        for (const n of names) {
          phase.defined.add(n);
          if (!phase.parsed.includes(n)) phase.parsed.push(n);
        }
        perRow((r) => {
          const v = source(r);
          const m = v === null ? null : re.exec(toText(v) as string);
          for (let i = 0; i < slots.length; i++) {
            r[slots[i] as number] = m === null ? null : (m.groups[groupOf[i] as number] ?? null);
          }
          return true;
        });
        break;
      }
      case "stats": {
        if (++statsCount > MAX_STATS)
          throw fail({ start: command.span.start, end: command.span.start + 5 }, `a query can have at most ${MAX_STATS} stats commands`);
        if (phase.display !== null) throw fail(command.span, "display must come after stats");
        const input = phase.scope;
        const output = new Scope(false);
        const calls: AggregateCall[] = [];
        const outNames = new Set<string>();
        const claim = (name: string, span: Span, passthrough = false) => {
          // AWS's own words when a stats alias reuses a field the query defined (recorded on AWS).
          if (outNames.has(name) || (!passthrough && phase.defined.has(name))) throw fail(span, `Ephemeral field is already defined: ${name}`);
          outNames.add(name);
        };
        const groups = command.groups.map((g) => {
          claim(g.name, g.aliasSpan ?? g.span, g.expr.type === "field" && g.expr.name === g.name);
          const compiled = compiler.expr(g.expr, input);
          return { slot: output.define(g.name, compiled.kind), fn: compiled.fn };
        });
        const outputs = command.aggregates.map((a) => {
          claim(a.name, a.aliasSpan ?? a.span);
          const before = calls.length;
          const compiled = compiler.aggregate(a.expr, input, calls);
          if (calls.length === before) throw fail(a.span, "stats needs an aggregate function such as count(*)");
          return { slot: output.define(a.name, compiled.kind), fn: compiled.fn };
        });
        const needsTime = calls.some((call) => call.spec.name === "earliest" || call.spec.name === "latest");
        const stats: StatsPlan = {
          groups: groups.map((g) => g.fn),
          calls,
          outputs: outputs.map((o) => o.fn),
          groupSlots: groups.map((g) => g.slot),
          outputSlots: outputs.map((o) => o.slot),
          timestamp: needsTime ? compiler.field(input, "@timestamp").fn : null,
          span: sink === null ? flowSpan(command.groups, phase.defined, view) : null,
        };
        if (sink === null) {
          sink = { kind: "stats", stats, scope: output };
          byFields = plainFlowFields(command.groups, phase.defined);
          statsCalls = calls;
          definedBeforeStats = new Set(phase.defined);
        } else {
          stages.push((rows) => {
            const state = new StatsState(stats);
            for (const row of rows) state.add(row);
            return state.rows(output.size + 1);
          });
        }
        phase = newPhase(output, [...command.groups.map((g) => g.name), ...command.aggregates.map((a) => a.name)]);
        break;
      }
      case "sort": {
        const scope = phase.scope;
        const keys: OrderKey[] = command.keys.map((k) => ({ slot: scope.slot(k.field), descending: k.descending }));
        if (sink === null) {
          const order = [...keys, ...implicitOrder];
          const next = commands[c + 1];
          if (next?.type === "limit") {
            sink = { kind: "top", k: limitOf(next), keys: order };
            c++;
          } else sink = { kind: "all", keys: order };
        } else {
          const next = commands[c + 1];
          if (next?.type === "limit") {
            // `stats ... | sort | limit n` keeps n rows out of (say) 50,000 groups: a heap of n, not a sort
            // of all of them. Ties are broken by position, so the rows are those a stable sort would keep.
            const count = limitOf(next);
            stages.push((rows) => topRows(rows, keys, count));
            c++;
          } else stages.push((rows) => sortRows(rows, keys, -1));
        }
        break;
      }
      case "limit": {
        const count = limitOf(command);
        if (sink === null) sink = { kind: "top", k: count, keys: implicitOrder };
        else stages.push((rows) => rows.slice(0, count));
        break;
      }
      case "dedup": {
        const scope = phase.scope;
        const slots = command.fields.map((f) => scope.slot(f.name));
        if (sink === null) sink = { kind: "all", keys: implicitOrder };
        stages.push((rows) => {
          const seen = new Set<string>();
          return rows.filter((r) => {
            let key = "";
            for (const slot of slots) {
              const v = r[slot] ?? null;
              // "Null values are not considered duplicates": such rows are all kept.
              if (v === null) return true;
              key += `${toText(v)}\u0000`;
            }
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
        });
        dedupAt = command.span;
        break;
      }
    }
  }
  if (sink === null) sink = { kind: "top", k: options.maxRows, keys: implicitOrder };

  const finalScope = phase.scope;
  const names = phase.display ?? (phase.columns.length > 0 ? phase.columns : finalScope.ofEvents ? [...DEFAULT_COLUMNS, ...phase.parsed] : []);
  const columns = names.map((name) => {
    const slot = finalScope.slot(name);
    return { name, slot, kind: finalScope.kinds[slot] as Kind };
  });
  const rowCap = limited ? MAX_LIMIT : options.maxRows;
  const columnar = columnarPlan(query, eventScope, sink.kind === "stats", byFields, statsCalls, definedBeforeStats);
  return { view, eventScope, rowOps, sink, stages, outputScope: finalScope, columns, ptrSlot: finalScope.ofEvents ? ptrSlot : null, rowCap, columnar };
}

/** The default-format indices of `by` fields that are flow fields read as the event has them, or null. */
function plainFlowFields(groups: readonly NamedExpr[], defined: ReadonlySet<string>): number[] | null {
  const out: number[] = [];
  for (const g of groups) {
    if (g.expr.type !== "field" || defined.has(g.expr.name)) return null;
    const index = flowFieldIndex(g.expr.name);
    if (index === undefined) return null;
    out.push(index);
  }
  return out;
}

/**
 * The span of default-format fields that a first `stats ... by` groups on, when its `by` list is flow
 * fields read as the event has them (no command of the query redefined them) covering adjacent positions.
 */
function flowSpan(groups: readonly NamedExpr[], defined: ReadonlySet<string>, view: EventView): StatsPlan["span"] {
  const indices = new Set<number>();
  for (const g of groups) {
    if (g.expr.type !== "field" || defined.has(g.expr.name)) return null;
    const index = flowFieldIndex(g.expr.name);
    if (index === undefined) return null;
    indices.add(index);
  }
  if (indices.size === 0) return null;
  const first = Math.min(...indices);
  const last = Math.max(...indices);
  return last - first + 1 === indices.size ? { view, first, last } : null;
}
