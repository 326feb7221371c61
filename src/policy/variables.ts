/** Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`): parse once, fill per request. */

/**
 * A value from a Resource or a condition as parts: `text` may hold `*`/`?` wildcards, `literal` never does
 * (it comes from `${*}`-style escapes or a substituted value), `variable` is filled from the request context.
 */
export type TemplatePart =
  | { kind: "text"; value: string }
  | { kind: "literal"; value: string }
  | { kind: "variable"; key: string; fallback: string | undefined };

export interface Template {
  source: string;
  parts: TemplatePart[];
  hasVariables: boolean;
}

/** Looks up a single-valued context key (lower-case name); undefined when absent or multi-valued. */
export interface VariableLookup {
  lookup(key: string): string | undefined;
}

const VARIABLE = /\$\{([^}]*)\}/g;
const WITH_DEFAULT = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

/** Variables are only read in 2012-10-17 documents; in 2008-10-17 `${...}` is plain text, as IAM documents. */
export function parseTemplate(source: string, variables: boolean): Template {
  if (!variables || !source.includes("${")) {
    return { source, parts: [{ kind: "text", value: source }], hasVariables: false };
  }
  const parts: TemplatePart[] = [];
  let last = 0;
  let hasVariables = false;
  for (const m of source.matchAll(VARIABLE)) {
    const at = m.index;
    if (at > last) parts.push({ kind: "text", value: source.slice(last, at) });
    last = at + m[0].length;
    const inner = (m[1] as string).trim();
    if (inner === "*" || inner === "?" || inner === "$") {
      parts.push({ kind: "literal", value: inner });
      continue;
    }
    const withDefault = WITH_DEFAULT.exec(inner);
    const key = withDefault ? (withDefault[1] as string) : inner;
    if (key === "" || /\s/.test(key)) {
      // Not a variable IAM would recognise: keep the characters as they are.
      parts.push({ kind: "text", value: m[0] });
      continue;
    }
    parts.push({ kind: "variable", key: key.toLowerCase(), fallback: withDefault ? withDefault[2] : undefined });
    hasVariables = true;
  }
  if (last < source.length) parts.push({ kind: "text", value: source.slice(last) });
  return { source, parts, hasVariables };
}

/**
 * Fills the variables. Returns undefined when a variable has neither a value nor a default: IAM then treats
 * the element holding it as not matching (README: missing variables).
 */
export function fillTemplate(template: Template, lookup: VariableLookup): TemplatePart[] | undefined {
  if (!template.hasVariables) return template.parts;
  const out: TemplatePart[] = [];
  for (const part of template.parts) {
    if (part.kind !== "variable") {
      out.push(part);
      continue;
    }
    const value = lookup.lookup(part.key) ?? part.fallback;
    if (value === undefined) return undefined;
    out.push({ kind: "literal", value });
  }
  return out;
}

/** The text of filled parts, wildcards kept as characters: what StringEquals compares. */
export function partsText(parts: readonly TemplatePart[]): string {
  let s = "";
  for (const p of parts) if (p.kind !== "variable") s += p.value;
  return s;
}
