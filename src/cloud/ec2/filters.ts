/**
 * The `Filter.N.Name` / `Filter.N.Value.M` parameters of Describe calls: values of one filter are
 * OR-ed, filters are AND-ed, `*` and `?` are wildcards, names and values are case-sensitive, and a
 * name the operation does not document is AWS's InvalidParameterValue "The filter 'x' is invalid".
 */
import { Regex, RegexError, escapeRegex } from "../../regex/index.js";
import { invalidFilter, invalidParameterValue } from "./errors.js";

export interface Filter {
  Name?: string;
  Values?: string[];
}

export type Tags = Record<string, string>;

type FieldValue = string | number | boolean | undefined | null;
/** How a filter name reads a resource: one value or several (any may match). */
export type FilterFields<T> = Readonly<Record<string, (item: T) => FieldValue | readonly FieldValue[]>>;

const regexCache = new Map<string, Regex>();

/**
 * EC2's filter wildcards: `*` any run of characters, `?` one; `\` escapes them. On the linear-time
 * engine of src/regex/: with RegExp, `*a*a*a*a*a*a*a*b` against a 255-character tag ran for minutes.
 */
function wildcard(pattern: string): Regex {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charAt(i);
      if (c === "\\" && i + 1 < pattern.length) source += escapeRegex(pattern.charAt(++i));
      else if (c === "*") source += "(?s:.*)";
      else if (c === "?") source += "(?s:.)";
      else source += escapeRegex(c);
    }
    try {
      re = new Regex(`^${source}$`);
    } catch (e) {
      if (e instanceof RegexError) throw invalidParameterValue(`The filter value '${pattern.slice(0, 64)}...' is too long`);
      throw e;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function text(v: FieldValue): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : String(v);
}

/** One value or several, as a field reads them (only a list is an object among field values). */
const valuesOf = (v: FieldValue | readonly FieldValue[]): readonly FieldValue[] => (typeof v === "object" && v !== null ? v : [v]);

/** An item's tags: the `tags` of a stored record; rows without them have none. */
function tagsOf(item: unknown): Array<[string, string]> {
  if (typeof item !== "object" || item === null || !("tags" in item) || typeof item.tags !== "object" || item.tags === null) return [];
  return Object.entries(item.tags).filter((e): e is [string, string] => typeof e[1] === "string");
}

function matches(values: readonly FieldValue[], wanted: readonly string[]): boolean {
  for (const v of values) {
    const t = text(v);
    if (t === undefined) continue;
    for (const w of wanted) if (w === t || ((w.includes("*") || w.includes("?")) && wildcard(w).test(t))) return true;
  }
  return false;
}

/**
 * The items every filter matches. `tags: true` (the default) adds `tag:<key>`, `tag-key` and
 * `tag-value`, read from the item's `tags`.
 */
export function applyFilters<T>(items: readonly T[], filters: readonly Filter[] | undefined, fields: FilterFields<T>, options: { tags?: boolean } = {}): T[] {
  if (filters === undefined || filters.length === 0) return [...items];
  const withTags = options.tags ?? true;
  const tests: Array<(item: T) => boolean> = [];
  for (const filter of filters) {
    const name = filter.Name ?? "null";
    const wanted = filter.Values ?? [];
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (field !== undefined) {
      tests.push((item) => matches(valuesOf(field(item)), wanted));
    } else if (withTags && name.startsWith("tag:") && name.length > 4) {
      const key = name.slice(4);
      tests.push((item) => tagsOf(item).some(([k, v]) => k === key && matches([v], wanted)));
    } else if (withTags && name === "tag-key") {
      tests.push((item) =>
        matches(
          tagsOf(item).map(([k]) => k),
          wanted,
        ),
      );
    } else if (withTags && name === "tag-value") {
      tests.push((item) =>
        matches(
          tagsOf(item).map(([, v]) => v),
          wanted,
        ),
      );
    } else {
      throw invalidFilter(name);
    }
  }
  return items.filter((item) => tests.every((t) => t(item)));
}
