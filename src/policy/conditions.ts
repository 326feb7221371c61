/** Condition operators: compiled once from the Condition block, then tested against a request's context keys. */
import { BlockList, isIP } from "node:net";
import type { RequestContext } from "./context.js";
import { MalformedPolicyDocumentError, messages } from "./errors.js";
import { parseTemplate, partsText } from "./variables.js";
import { type Pattern, compilePattern } from "./wildcards.js";

type Family = "string" | "stringIgnoreCase" | "stringLike" | "numeric" | "date" | "bool" | "binary" | "ip" | "arn" | "null";
type Compare = "eq" | "lt" | "le" | "gt" | "ge";

interface OperatorInfo {
  family: Family;
  compare: Compare;
  /** The operator's answer is the negation of the positive test (NotEquals, NotLike, NotIpAddress). */
  negated: boolean;
}

const OPERATORS: Record<string, OperatorInfo> = {};
const op = (name: string, family: Family, negated = false, compare: Compare = "eq") => {
  OPERATORS[name] = { family, compare, negated };
};
op("StringEquals", "string");
op("StringNotEquals", "string", true);
op("StringEqualsIgnoreCase", "stringIgnoreCase");
op("StringNotEqualsIgnoreCase", "stringIgnoreCase", true);
op("StringLike", "stringLike");
op("StringNotLike", "stringLike", true);
for (const [family, prefix] of [
  ["numeric", "Numeric"],
  ["date", "Date"],
] as const) {
  op(`${prefix}Equals`, family);
  op(`${prefix}NotEquals`, family, true);
  op(`${prefix}LessThan`, family, false, "lt");
  op(`${prefix}LessThanEquals`, family, false, "le");
  op(`${prefix}GreaterThan`, family, false, "gt");
  op(`${prefix}GreaterThanEquals`, family, false, "ge");
}
op("Bool", "bool");
op("BinaryEquals", "binary");
op("IpAddress", "ip");
op("NotIpAddress", "ip", true);
// ArnEquals takes wildcards like ArnLike: IAM UG documents both as component-wise matches with `*` and `?`.
op("ArnEquals", "arn");
op("ArnLike", "arn");
op("ArnNotEquals", "arn", true);
op("ArnNotLike", "arn", true);
op("Null", "null");

export const CONDITION_OPERATORS: readonly string[] = Object.keys(OPERATORS);

export interface CompiledCondition {
  operator: string;
  /** Lower-cased, as looked up; `name` keeps the policy's spelling for SimulatePolicy's MissingContextValues. */
  key: string;
  name: string;
  qualifier: "none" | "any" | "all";
  ifExists: boolean;
  info: OperatorInfo;
  /** True when one request value equals/matches at least one of the policy's values (the un-negated test). */
  test: (value: string, ctx: RequestContext) => boolean;
  /** For Null: the policy's values. */
  nullValues: readonly string[];
}

const syntax = () => new MalformedPolicyDocumentError(messages.syntax);

/** Epoch milliseconds of an IAM date: ISO 8601 or epoch seconds. */
export function parseDate(v: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseNumber(v: string): number | undefined {
  if (!/^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return undefined;
  return Number(v);
}

function ordered(compare: Compare, a: number, b: number): boolean {
  switch (compare) {
    case "eq":
      return a === b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
  }
}

function compileTest(info: OperatorInfo, values: string[], variables: boolean): CompiledCondition["test"] {
  switch (info.family) {
    case "string": {
      const templates = values.map((v) => parseTemplate(v, variables));
      if (templates.every((t) => !t.hasVariables && t.parts.length <= 1)) {
        const set = new Set(templates.map((t) => partsText(t.parts)));
        return (v) => set.has(v);
      }
      const patterns = templates.map((t) => compilePattern(literalOnly(t), "string", false));
      return (v, ctx) => patterns.some((p) => p.test(v, ctx));
    }
    case "stringIgnoreCase": {
      const patterns = values.map((v) => compilePattern(literalOnly(parseTemplate(v, variables)), "string", true));
      return (v, ctx) => {
        const lower = v.toLowerCase();
        return patterns.some((p) => p.test(lower, ctx));
      };
    }
    case "stringLike":
    case "arn": {
      const style = info.family === "arn" ? "arn" : "string";
      const patterns: Pattern[] = values.map((v) => compilePattern(parseTemplate(v, variables), style, false));
      return (v, ctx) => patterns.some((p) => p.test(v, ctx));
    }
    case "numeric": {
      const nums = values.map((v) => parseNumber(v) ?? Number.NaN);
      if (nums.some(Number.isNaN)) throw syntax();
      return (v) => {
        const n = parseNumber(v);
        return n !== undefined && nums.some((b) => ordered(info.compare, n, b));
      };
    }
    case "date": {
      // validate.ts refuses what IAM's legacy parser refuses; a form it accepts that has no instant here
      // ("01T", hours without minutes) matches nothing (chosen: docs/aws-compatibility.md).
      const dates = values.map(parseDate).filter((d): d is number => d !== undefined);
      return (v) => {
        const d = parseDate(v);
        return d !== undefined && dates.some((b) => ordered(info.compare, d, b));
      };
    }
    case "bool": {
      const set = new Set(values.map((v) => v.toLowerCase()));
      return (v) => set.has(v.toLowerCase());
    }
    case "binary": {
      const set = new Set(values);
      return (v) => set.has(v);
    }
    case "ip": {
      const list = new BlockList();
      for (const v of values) addCidr(list, v);
      return (v) => {
        const family = isIP(v);
        return family !== 0 && list.check(v, family === 4 ? "ipv4" : "ipv6");
      };
    }
    case "null":
      return () => false;
  }
}

/** `${*}` in StringEquals is just a star: the template keeps it literal, and plain text has no wildcard meaning. */
function literalOnly(t: ReturnType<typeof parseTemplate>) {
  return { ...t, parts: t.parts.map((p) => (p.kind === "text" ? { kind: "literal" as const, value: p.value } : p)) };
}

function addCidr(list: BlockList, v: string): void {
  const [addr, bits, extra] = v.trim().split("/");
  const family = isIP(addr ?? "");
  if (family === 0 || extra !== undefined) throw syntax();
  const type = family === 4 ? "ipv4" : "ipv6";
  if (bits === undefined) {
    list.addAddress(addr as string, type);
    return;
  }
  const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
  if (prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw syntax();
  list.addSubnet(addr as string, prefix, type);
}

/** One `Operator: { key: values }` entry of a Condition block. `values` are the JSON scalars as strings. */
export function compileCondition(operator: string, key: string, values: string[], variables: boolean): CompiledCondition {
  let name = operator;
  let qualifier: CompiledCondition["qualifier"] = "none";
  if (name.startsWith("ForAnyValue:")) {
    qualifier = "any";
    name = name.slice("ForAnyValue:".length);
  } else if (name.startsWith("ForAllValues:")) {
    qualifier = "all";
    name = name.slice("ForAllValues:".length);
  }
  let ifExists = false;
  if (name.endsWith("IfExists") && name !== "IfExists") {
    ifExists = true;
    name = name.slice(0, -"IfExists".length);
  }
  const info = Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
  if (info === undefined || (info.family === "null" && (ifExists || qualifier !== "none"))) throw syntax();
  return {
    operator,
    key: key.toLowerCase(),
    name: key,
    qualifier,
    ifExists,
    info,
    test: compileTest(info, values, variables),
    nullValues: info.family === "null" ? values.map((v) => v.toLowerCase()) : [],
  };
}

/**
 * IAM's rules (IAM UG, condition operators and multivalued keys): a missing key fails a condition unless the
 * operator is negated, ...IfExists, ForAllValues or Null; values of one key are OR-ed, and a negated operator is
 * true only when no value matches (NOR). A multi-valued key without a set qualifier is read as ForAnyValue
 * (README: chosen).
 */
export function testCondition(c: CompiledCondition, ctx: RequestContext): boolean {
  const kv = ctx.get(c.key);
  const absent = kv === undefined || kv.values.length === 0;
  if (c.info.family === "null") {
    return c.nullValues.some((v) => (v === "true" ? absent : v === "false" ? !absent : false));
  }
  if (absent) {
    if (c.ifExists || c.qualifier === "all") return true;
    if (c.qualifier === "any") return false;
    return c.info.negated;
  }
  const values = (kv as NonNullable<typeof kv>).values;
  const negated = c.info.negated;
  if (c.qualifier === "all") {
    for (const v of values) if (c.test(v, ctx) === negated) return false;
    return true;
  }
  if (c.qualifier === "any") {
    for (const v of values) if (c.test(v, ctx) !== negated) return true;
    return false;
  }
  for (const v of values) if (c.test(v, ctx)) return !negated;
  return negated;
}
