/**
 * Compiles expressions to closures over a row of slots. A slot not yet filled is loaded on first read
 * (from the event being scanned), so a filter that fails never pays for the fields it did not read.
 * Aggregates compile to reads of their accumulators' results; that is how `stats` expressions work.
 */
import type { Expr } from "./ast.js";
import { type AggregateSpec, findAggregate } from "./aggregates.js";
import { type MalformedQueryError, type Span, malformed, unexpected } from "./errors.js";
import { type EventView, type Loader, kindOfField, loaderFor } from "./fields.js";
import { findFunction, REFUSED_FUNCTIONS } from "./functions/index.js";
import { toRegex } from "./regex.js";
import { compareValues, type Kind, looseEquals, toNumber, toText, truthy, type Value } from "./values.js";

/** A row: one value per slot of its scope; undefined until loaded. */
export type Row = (Value | undefined)[];
export type Eval = (row: Row) => Value;
export interface Compiled {
  readonly fn: Eval;
  readonly kind: Kind;
}

const NO_VALUE: Loader = () => null;

/** The fields a phase of the query knows: before the first stats, any field of the events; after it, the stats outputs. */
export class Scope {
  readonly slots = new Map<string, number>();
  readonly names: string[] = [];
  readonly kinds: Kind[] = [];
  readonly loaders: Loader[] = [];

  constructor(readonly ofEvents: boolean) {}

  slot(name: string): number {
    let index = this.slots.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.slots.set(name, index);
      this.names.push(name);
      this.kinds.push(this.ofEvents ? kindOfField(name) : "value");
      this.loaders.push(this.ofEvents ? loaderFor(name) : NO_VALUE);
    }
    return index;
  }

  define(name: string, kind: Kind): number {
    const index = this.slot(name);
    this.kinds[index] = kind;
    return index;
  }

  get size(): number {
    return this.names.length;
  }
}

/** An aggregate call found while compiling a stats expression. */
export interface AggregateCall {
  readonly spec: AggregateSpec;
  readonly arg: Eval | null;
  readonly params: readonly number[];
  readonly star: boolean;
  /** The argument's name when it is a plain field (`sum(bytes)`): the columnar path may read it from a column. */
  readonly field?: string;
}

export interface CompileEnv {
  readonly text: string;
  readonly view: EventView;
  /** Query start, epoch milliseconds: what now() reports, in seconds. */
  readonly now: number;
}

export class ExprCompiler {
  constructor(private readonly env: CompileEnv) {}

  private fail(span: Span, detail: string): MalformedQueryError {
    return malformed(this.env.text, span, detail);
  }

  field(scope: Scope, name: string): Compiled {
    const index = scope.slot(name);
    const load = scope.loaders[index] as Loader;
    const view = this.env.view;
    const fn: Eval = (r) => {
      const v = r[index];
      return v !== undefined ? v : (r[index] = load(view));
    };
    return { fn, kind: scope.kinds[index] as Kind };
  }

  /** A row-level expression; aggregates are refused here. */
  expr(e: Expr, scope: Scope): Compiled {
    return this.compile(e, scope, undefined);
  }

  /** A stats expression: aggregates over `scope`, combined by arithmetic; bare fields are refused. */
  aggregate(e: Expr, scope: Scope, calls: AggregateCall[]): Compiled {
    return this.compile(e, scope, calls);
  }

  private compile(e: Expr, scope: Scope, calls: AggregateCall[] | undefined): Compiled {
    switch (e.type) {
      case "field":
        if (calls !== undefined) throw this.fail(e.span, `field ${e.name} must be inside an aggregate function in stats`);
        return this.field(scope, e.name);
      case "string":
      case "number": {
        const value = e.value;
        return { fn: () => value, kind: "value" };
      }
      case "regex":
        throw this.fail(e.span, "a regex can only follow like or =~");
      case "period":
        throw unexpected(this.env.text, e.span, this.env.text.slice(e.span.start, e.span.end));
      case "star":
        throw unexpected(this.env.text, e.span, "*");
      case "unary": {
        const operand = this.compile(e.operand, scope, calls).fn;
        if (e.op === "not")
          return {
            fn: (r) => {
              const v = operand(r);
              return v === null ? null : !truthy(v);
            },
            kind: "value",
          };
        return {
          fn: (r) => {
            const x = toNumber(operand(r));
            return x === null ? null : -x;
          },
          kind: "value",
        };
      }
      case "binary":
        return { fn: this.binary(e.op, this.compile(e.left, scope, calls).fn, this.compile(e.right, scope, calls).fn), kind: "value" };
      case "match":
        return { fn: this.match(e, scope, calls), kind: "value" };
      case "in": {
        const subject = this.compile(e.subject, scope, calls).fn;
        const list = e.list.map((item) => this.compile(item, scope, calls).fn);
        const negated = e.negated;
        return {
          fn: (r) => {
            const v = subject(r);
            if (v === null) return null;
            for (const item of list) if (looseEquals(v, item(r))) return !negated;
            return negated;
          },
          kind: "value",
        };
      }
      case "call":
        return this.call(e, scope, calls);
    }
  }

  private binary(op: string, a: Eval, b: Eval): Eval {
    const arithmetic =
      (f: (x: number, y: number) => number): Eval =>
      (r) => {
        const u = a(r);
        const v = b(r);
        const x = typeof u === "number" ? u : toNumber(u);
        const y = typeof v === "number" ? v : toNumber(v);
        return x === null || y === null ? null : f(x, y);
      };
    const comparison =
      (f: (c: number) => boolean): Eval =>
      (r) => {
        const u = a(r);
        const v = b(r);
        return u === null || v === null ? null : f(compareValues(u, v));
      };
    switch (op) {
      case "+":
        return arithmetic((x, y) => x + y);
      case "-":
        return arithmetic((x, y) => x - y);
      case "*":
        return arithmetic((x, y) => x * y);
      case "/":
        return arithmetic((x, y) => x / y);
      case "%":
        return arithmetic((x, y) => x % y);
      case "^":
        return arithmetic((x, y) => x ** y);
      case "=":
        return (r) => {
          const u = a(r);
          const v = b(r);
          return u === null || v === null ? null : u === v || looseEquals(u, v);
        };
      case "!=":
        return (r) => {
          const u = a(r);
          const v = b(r);
          return u === null || v === null ? null : u !== v && !looseEquals(u, v);
        };
      case "<":
        return comparison((c) => c < 0);
      case "<=":
        return comparison((c) => c <= 0);
      case ">":
        return comparison((c) => c > 0);
      case ">=":
        return comparison((c) => c >= 0);
      // Three-valued logic, as SQL: an absent field makes a comparison unknown, and unknown never passes a filter.
      case "and":
        return (r) => {
          const u = a(r);
          if (u !== null && !truthy(u)) return false;
          const v = b(r);
          if (v !== null && !truthy(v)) return false;
          return u === null || v === null ? null : true;
        };
      default:
        return (r) => {
          const u = a(r);
          if (u !== null && truthy(u)) return true;
          const v = b(r);
          if (v !== null && truthy(v)) return true;
          return u === null || v === null ? null : false;
        };
    }
  }

  private match(e: Extract<Expr, { type: "match" }>, scope: Scope, calls: AggregateCall[] | undefined): Eval {
    const subject = this.compile(e.subject, scope, calls).fn;
    const negated = e.negated;
    if (e.pattern.type === "regex") {
      const re = toRegex(this.env.text, e.pattern.source, e.pattern.span);
      return (r) => {
        const v = subject(r);
        if (v === null) return null;
        return re.test(typeof v === "string" ? v : (toText(v) as string)) !== negated;
      };
    }
    // A string after like (or =~) matches as a substring, case-sensitively.
    const pattern = this.compile(e.pattern, scope, calls).fn;
    return (r) => {
      const v = subject(r);
      const p = pattern(r);
      if (v === null || p === null) return null;
      return (toText(v) as string).includes(toText(p) as string) !== negated;
    };
  }

  private call(e: Extract<Expr, { type: "call" }>, scope: Scope, calls: AggregateCall[] | undefined): Compiled {
    const lower = e.name.toLowerCase();
    const aggregate = findAggregate(lower);
    if (aggregate !== undefined) {
      if (calls === undefined) throw this.fail(e.nameSpan, `aggregate function ${e.name} can only be used in stats`);
      return this.aggregateCall(e, aggregate, scope, calls);
    }
    if (lower === "now") {
      if (e.args.length > 0) throw this.fail(e.span, "function now takes no arguments");
      const seconds = Math.floor(this.env.now / 1000);
      return { fn: () => seconds, kind: "value" };
    }
    const spec = findFunction(lower);
    if (spec === undefined) {
      if (REFUSED_FUNCTIONS.has(lower)) throw this.fail(e.nameSpan, `the ${e.name} function is not supported by flowwatch`);
      throw this.fail(e.nameSpan, `unknown function ${e.name}`);
    }
    if (e.args.length < spec.minArgs || e.args.length > spec.maxArgs) {
      const range =
        spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      throw this.fail(e.span, `function ${spec.name} takes ${range} argument${spec.maxArgs === 1 ? "" : "s"}, not ${e.args.length}`);
    }
    const args: Eval[] = [];
    let firstKind: Kind = "value";
    if (spec.implicitField !== undefined) {
      const implicit = this.field(scope, spec.implicitField);
      if (calls !== undefined) throw this.fail(e.span, `${spec.name} must be inside an aggregate function or after by in stats`);
      args.push(implicit.fn);
    }
    e.args.forEach((arg, i) => {
      if (spec.periodArgs?.includes(i)) {
        if (arg.type !== "period" || arg.millis <= 0) throw this.fail(arg.span, `function ${spec.name} needs a time period such as 5m as argument ${i + 1}`);
        const millis = arg.millis;
        args.push(() => millis);
        return;
      }
      if (spec.checkLiteral !== undefined && arg.type === "string") {
        const complaint = spec.checkLiteral(i, arg.value);
        if (complaint !== undefined) throw this.fail(arg.span, complaint);
      }
      const compiled = this.compile(arg, scope, calls);
      if (i === 0) firstKind = compiled.kind;
      args.push(compiled.fn);
    });
    const kind = spec.kind === "first" ? firstKind : spec.kind;
    const impl = spec.impl;
    const [a, b, c] = args;
    if (args.length === 1 && a !== undefined) return { fn: (r) => impl(a(r)), kind };
    if (args.length === 2 && a !== undefined && b !== undefined) return { fn: (r) => impl(a(r), b(r)), kind };
    if (args.length === 3 && a !== undefined && b !== undefined && c !== undefined) return { fn: (r) => impl(a(r), b(r), c(r)), kind };
    return { fn: (r) => impl(...args.map((f) => f(r))), kind };
  }

  private aggregateCall(e: Extract<Expr, { type: "call" }>, spec: AggregateSpec, scope: Scope, calls: AggregateCall[]): Compiled {
    const args = e.args;
    const star = args.length === 0 || args[0]?.type === "star";
    if (args.length < spec.minArgs || args.length > spec.maxArgs || (star && !spec.star)) {
      throw this.fail(
        e.span,
        `function ${spec.name} takes ${spec.minArgs === spec.maxArgs ? spec.minArgs : `${spec.minArgs} to ${spec.maxArgs}`} argument${spec.maxArgs === 1 ? "" : "s"}`,
      );
    }
    const params: number[] = [];
    for (let i = 1; i < args.length; i++) {
      const p = args[i] as Expr;
      if (p.type !== "number" || p.value < 0 || p.value > 100)
        throw this.fail(p.span, `function ${spec.name} needs a number from 0 to 100 as argument ${i + 1}`);
      params.push(p.value);
    }
    let arg: Compiled | null = null;
    if (!star) {
      const first = args[0] as Expr;
      if (first.type === "star") throw unexpected(this.env.text, first.span, "*");
      // Inside an aggregate, fields are those of the rows being aggregated.
      arg = this.compile(first, scope, undefined);
    }
    const index = calls.length;
    const first = args[0];
    calls.push({ spec, arg: arg === null ? null : arg.fn, params, star, ...(first?.type === "field" ? { field: first.name } : {}) });
    return { fn: (finals) => finals[index] as Value, kind: spec.kind === "first" ? (arg?.kind ?? "value") : spec.kind };
  }
}
