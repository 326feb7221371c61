/**
 * Query and EC2 Query request decoding: a form body or query string -> `{ action, version, params }`,
 * with `A.member.N`, `A.N` and `A.entry.N.key/value` turned into arrays and maps. Bounded.
 */
import { AwsError } from "./aws-error.js";
import { echo } from "./echo.js";

export type QueryValue = string | QueryValue[] | { [name: string]: QueryValue };
export type QueryParams = { [name: string]: QueryValue };

export interface QueryRequest {
  /** `Action`, when the request names one. */
  action: string | undefined;
  version: string | undefined;
  /** Everything but Action and Version, nested. */
  params: QueryParams;
}

export interface QueryDecodeOptions {
  /** Words the error for a refused parameter name: `ValidationError` (Query) or `InvalidParameterValue` (EC2). */
  protocol?: "query" | "ec2";
  /** The largest list index accepted; AWS's own list limits are all far below the default, 10000. */
  maxIndex?: number;
}

const DEFAULT_MAX_INDEX = 10_000;
/** No AWS input nests deeper than a handful of levels; this bounds the work a crafted name can cause. */
const MAX_SEGMENTS = 32;
const DIGITS = /^\d+$/;

type Node =
  | { kind: "scalar"; value: string }
  | { kind: "struct"; fields: Map<string, Node> }
  /** `entry` lists become maps once complete. */
  | { kind: "list"; map: boolean; items: Map<number, Node> };

type Holder = Extract<Node, { kind: "struct" | "list" }>;

function refuse(name: string, reason: string, options: QueryDecodeOptions): AwsError {
  const message = `The parameter ${echo(name)} is not valid: ${echo(reason)}.`;
  return options.protocol === "ec2" ? new AwsError("InvalidParameterValue", message, 400) : new AwsError("ValidationError", message, 400);
}

function childKind(segments: readonly string[], pos: number): { node: () => Node; step: number; index?: string } {
  const s = segments[pos];
  if (s === undefined) return { node: () => ({ kind: "scalar", value: "" }), step: 0 };
  const next = segments[pos + 1];
  if ((s === "member" || s === "entry") && next !== undefined && DIGITS.test(next)) {
    return { node: () => ({ kind: "list", map: s === "entry", items: new Map() }), step: 2, index: next };
  }
  if (DIGITS.test(s)) return { node: () => ({ kind: "list", map: false, items: new Map() }), step: 1, index: s };
  return { node: () => ({ kind: "struct", fields: new Map() }), step: 0 };
}

function sameShape(a: Node, b: Node): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== "list" || a.map === (b as typeof a).map;
}

function get(holder: Holder, key: string | number): Node | undefined {
  return holder.kind === "struct" ? holder.fields.get(key as string) : holder.items.get(key as number);
}

function put(holder: Holder, key: string | number, node: Node): void {
  if (holder.kind === "struct") holder.fields.set(key as string, node);
  else holder.items.set(key as number, node);
}

function insert(root: Holder, name: string, value: string, options: QueryDecodeOptions, maxIndex: number): void {
  const segments = name.split(".");
  if (segments.length > MAX_SEGMENTS) throw refuse(name, "it nests too deeply", options);
  let holder: Holder = root;
  let key: string | number = segments[0] as string;
  let pos = 1;
  for (;;) {
    const { node, step, index } = childKind(segments, pos);
    const fresh = node();
    const existing = get(holder, key);
    if (fresh.kind === "scalar") {
      if (existing !== undefined && existing.kind !== "scalar") throw refuse(name, "it is both a value and a list or structure", options);
      // A repeated name: the last value wins.
      put(holder, key, { kind: "scalar", value });
      return;
    }
    let child: Node;
    if (existing === undefined) {
      child = fresh;
      put(holder, key, child);
    } else if (sameShape(existing, fresh)) {
      child = existing;
    } else {
      throw refuse(name, "it is used both as a value and as a list, map or structure", options);
    }
    holder = child as Holder;
    if (index !== undefined) {
      // Lists are numbered from 1, in canonical decimal; anything else would never come from an SDK.
      const n = Number(index);
      if (index.length > 1 && index.startsWith("0")) throw refuse(name, `list index ${index} has leading zeros`, options);
      if (n < 1 || n > maxIndex) throw refuse(name, `list index ${index} is outside 1-${maxIndex}`, options);
      key = n;
      pos += step;
    } else {
      key = segments[pos] as string;
      pos += 1;
    }
  }
}

function finish(node: Node): QueryValue {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "struct") return Object.fromEntries([...node.fields].map(([k, v]) => [k, finish(v)]));
  // Gaps in the numbering close up, in index order: a sparse list never allocates its holes.
  const ordered = [...node.items].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  if (!node.map) return ordered.map(finish);
  const entries: Array<[string, QueryValue]> = [];
  for (const entry of ordered) {
    if (entry.kind !== "struct") continue;
    const k = entry.fields.get("key");
    if (k === undefined || k.kind !== "scalar") continue;
    const v = entry.fields.get("value");
    entries.push([k.value, v === undefined ? "" : finish(v)]);
  }
  return Object.fromEntries(entries);
}

/** Name/value pairs -> nested params. Object.fromEntries keeps `__proto__` an ordinary key. */
export function decodeQueryParams(pairs: Iterable<readonly [string, string]>, options: QueryDecodeOptions = {}): QueryParams {
  const maxIndex = options.maxIndex ?? DEFAULT_MAX_INDEX;
  const root: Holder = { kind: "struct", fields: new Map() };
  for (const [name, value] of pairs) insert(root, name, value, options, maxIndex);
  return finish(root) as QueryParams;
}

/**
 * A Query / EC2 Query request: the form (already parsed, or the raw body) plus, optionally, the URL's
 * query string (a GET carries its parameters there). Body parameters come after, so they win a clash.
 */
export function decodeQueryRequest(
  form: URLSearchParams | string | Uint8Array | undefined,
  queryString?: URLSearchParams | string,
  options: QueryDecodeOptions = {},
): QueryRequest {
  const pairs: Array<[string, string]> = [];
  const add = (source: URLSearchParams | string | Uint8Array | undefined) => {
    if (source === undefined) return;
    const params =
      source instanceof URLSearchParams
        ? source
        : new URLSearchParams(typeof source === "string" ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString("utf8"));
    for (const pair of params) pairs.push(pair);
  };
  if (queryString !== undefined && queryString !== form) add(queryString);
  add(form);
  let action: string | undefined;
  let version: string | undefined;
  const rest: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    if (name === "Action") action = value;
    else if (name === "Version") version = value;
    else rest.push([name, value]);
  }
  return { action, version, params: decodeQueryParams(rest, options) };
}
