/**
 * Metric math, the subset flowwatch runs: numbers, query ids, + - * / ^, unary minus, parentheses,
 * arrays `[m1, m2]`, METRICS("filter"), SUM, AVG, MIN, MAX, RATE, ABS. Any other function is refused.
 */
export interface Series {
  ts: number[];
  v: number[];
}

export type MathValue = number | Series | Series[];

export class MathError extends Error {}

type Node =
  | { kind: "num"; value: number }
  | { kind: "id"; name: string }
  | { kind: "str"; value: string }
  | { kind: "neg"; arg: Node }
  | { kind: "bin"; op: string; left: Node; right: Node }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "array"; items: Node[] };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*")|([-+*/^(),[\]]))/y;
const SUPPORTED = new Set(["SUM", "AVG", "MIN", "MAX", "RATE", "ABS", "METRICS"]);
/** No real expression nests this deep; the bound keeps a crafted one from exhausting the stack. */
const MAX_DEPTH = 50;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) throw new MathError(`Syntax error at position ${at + 1}`);
    out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  }
  return out;
}

export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  let depth = 0;
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new MathError(`Syntax error: expected '${t}'${tokens[i] === undefined ? " at the end" : ` before '${tokens[i]}'`}`);
    i++;
  };
  const enter = () => {
    if (++depth > MAX_DEPTH) throw new MathError("The expression nests too deeply");
  };
  const expr = (): Node => {
    enter();
    let left = term();
    while (peek() === "+" || peek() === "-") {
      const op = tokens[i++] as string;
      left = { kind: "bin", op, left, right: term() };
    }
    depth--;
    return left;
  };
  const term = (): Node => {
    let left = unary();
    while (peek() === "*" || peek() === "/") {
      const op = tokens[i++] as string;
      left = { kind: "bin", op, left, right: unary() };
    }
    return left;
  };
  // Unary minus binds looser than ^, as in arithmetic: -2^2 is -4.
  const unary = (): Node => {
    if (peek() !== "-") return power();
    i++;
    enter();
    const arg = unary();
    depth--;
    return { kind: "neg", arg };
  };
  const power = (): Node => {
    const base = primary();
    if (peek() !== "^") return base;
    i++;
    enter();
    const right = unary();
    depth--;
    return { kind: "bin", op: "^", left: base, right };
  };
  const list = (close: string): Node[] => {
    const items: Node[] = [];
    if (peek() === close) return items;
    for (;;) {
      items.push(expr());
      if (peek() !== ",") return items;
      i++;
    }
  };
  const primary = (): Node => {
    const t = tokens[i++];
    if (t === undefined) throw new MathError("Syntax error: the expression ends too early");
    if (t === "(") {
      const inner = expr();
      expect(")");
      return inner;
    }
    if (t === "[") {
      const items = list("]");
      expect("]");
      return { kind: "array", items };
    }
    if (t.startsWith('"')) return { kind: "str", value: JSON.parse(t) as string };
    if (/^[\d.]/.test(t)) return { kind: "num", value: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() !== "(") return { kind: "id", name: t };
      i++;
      const name = t.toUpperCase();
      if (!SUPPORTED.has(name)) throw new MathError(`Unsupported function ${t}: flowwatch runs SUM, AVG, MIN, MAX, RATE, ABS and METRICS`);
      const args = list(")");
      expect(")");
      return { kind: "call", name, args };
    }
    throw new MathError(`Syntax error: unexpected '${t}'`);
  };
  const root = expr();
  if (i < tokens.length) throw new MathError(`Syntax error: unexpected '${tokens[i]}'`);
  return root;
}

/** The ids an expression reads, for ordering evaluation. */
export function references(node: Node): string[] {
  switch (node.kind) {
    case "id":
      return [node.name];
    case "neg":
      return references(node.arg);
    case "bin":
      return [...references(node.left), ...references(node.right)];
    case "call":
    case "array":
      return (node.kind === "call" ? node.args : node.items).flatMap(references);
    default:
      return [];
  }
}

export interface MathScope {
  /** A query's result by id; undefined for an unknown id. */
  lookup(id: string): MathValue | undefined;
  /** METRICS(): every MetricStat query's series whose id contains the filter. */
  metrics(filter: string): Series[];
}

const isSeries = (v: MathValue): v is Series => typeof v === "object" && !Array.isArray(v);

function combine(a: Series, b: Series, f: (x: number, y: number) => number): Series {
  const index = new Map<number, number>();
  b.ts.forEach((t, j) => {
    index.set(t, j);
  });
  const out: Series = { ts: [], v: [] };
  a.ts.forEach((t, j) => {
    const k = index.get(t);
    // A timestamp present in one operand only has no value in the result.
    if (k === undefined) return;
    const r = f(a.v[j] as number, b.v[k] as number);
    if (Number.isFinite(r)) {
      out.ts.push(t);
      out.v.push(r);
    }
  });
  return out;
}

function mapSeries(s: Series, f: (x: number) => number): Series {
  const out: Series = { ts: [], v: [] };
  s.ts.forEach((t, j) => {
    const r = f(s.v[j] as number);
    if (Number.isFinite(r)) {
      out.ts.push(t);
      out.v.push(r);
    }
  });
  return out;
}

function apply(a: MathValue, b: MathValue, f: (x: number, y: number) => number): MathValue {
  if (Array.isArray(a)) return a.map((s) => apply(s, b, f) as Series);
  if (Array.isArray(b)) return b.map((s) => apply(a, s, f) as Series);
  if (typeof a === "number" && typeof b === "number") return f(a, b);
  if (typeof a === "number") return mapSeries(b as Series, (y) => f(a, y));
  if (typeof b === "number") return mapSeries(a, (x) => f(x, b));
  return combine(a, b, f);
}

const OPS: Record<string, (x: number, y: number) => number> = {
  "+": (x, y) => x + y,
  "-": (x, y) => x - y,
  "*": (x, y) => x * y,
  "/": (x, y) => x / y,
  "^": (x, y) => x ** y,
};

/** An array of series reduced pointwise (a single series reduces to a scalar), as AWS's SUM/AVG/MIN/MAX do. */
function reduce(name: string, arg: MathValue): MathValue {
  const pick = (values: number[]): number => {
    if (name === "SUM") return values.reduce((s, x) => s + x, 0);
    if (name === "AVG") return values.reduce((s, x) => s + x, 0) / values.length;
    return name === "MIN" ? Math.min(...values) : Math.max(...values);
  };
  if (typeof arg === "number") return arg;
  if (isSeries(arg)) return arg.v.length === 0 ? Number.NaN : pick(arg.v);
  const byTs = new Map<number, number[]>();
  for (const s of arg)
    s.ts.forEach((t, j) => {
      (byTs.get(t) ?? byTs.set(t, []).get(t))?.push(s.v[j] as number);
    });
  const ts = [...byTs.keys()].sort((x, y) => x - y);
  return { ts, v: ts.map((t) => pick(byTs.get(t) as number[])) };
}

/** RATE: change per second between consecutive points; the first point has none. */
function rate(s: Series): Series {
  const out: Series = { ts: [], v: [] };
  for (let j = 1; j < s.ts.length; j++) {
    const dt = ((s.ts[j] as number) - (s.ts[j - 1] as number)) / 1000;
    if (dt <= 0) continue;
    out.ts.push(s.ts[j] as number);
    out.v.push(((s.v[j] as number) - (s.v[j - 1] as number)) / dt);
  }
  return out;
}

export function evaluate(node: Node, scope: MathScope): MathValue {
  switch (node.kind) {
    case "num":
      return node.value;
    case "str":
      throw new MathError("A string is only valid as the argument of METRICS()");
    case "id": {
      const v = scope.lookup(node.name);
      if (v === undefined) throw new MathError(`Unrecognized id ${node.name}`);
      return v;
    }
    case "neg":
      return apply(evaluate(node.arg, scope), -1, (x, y) => x * y);
    case "bin":
      return apply(evaluate(node.left, scope), evaluate(node.right, scope), OPS[node.op] as (x: number, y: number) => number);
    case "array": {
      const out: Series[] = [];
      for (const item of node.items) {
        const v = evaluate(item, scope);
        if (typeof v === "number") throw new MathError("An array may hold only time series");
        if (Array.isArray(v)) out.push(...v);
        else out.push(v);
      }
      return out;
    }
    case "call": {
      if (node.name === "METRICS") {
        const arg = node.args[0];
        if (node.args.length > 1 || (arg !== undefined && arg.kind !== "str")) throw new MathError("METRICS takes at most one string");
        return scope.metrics(arg?.kind === "str" ? arg.value : "");
      }
      if (node.args.length !== 1) throw new MathError(`${node.name} takes exactly one argument`);
      const arg = evaluate(node.args[0] as Node, scope);
      if (node.name === "ABS") return apply(arg, 0, (x) => Math.abs(x));
      if (node.name === "RATE") {
        if (typeof arg === "number") throw new MathError("RATE takes a time series");
        return Array.isArray(arg) ? arg.map(rate) : rate(arg);
      }
      return reduce(node.name, arg);
    }
  }
}
