/** `*` and `?` matching for actions (case-insensitive), strings (StringLike) and ARNs (Resource, ArnLike). */
import type { Template, TemplatePart, VariableLookup } from "./variables.js";
import { fillTemplate, partsText } from "./variables.js";

export type GlobStyle = "string" | "arn";

const escape = (c: string) => (/[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c);

/**
 * Regex source for parts. In "arn" style the first five colon-separated segments are matched one by one:
 * `*` and `?` stay inside their segment unless the `*` ends the segment, which IAM lets expand past colons
 * (IAM UG, reference_policies_elements_resource); the sixth segment, the resource id, may hold colons.
 */
export function globSource(parts: readonly TemplatePart[], style: GlobStyle): string {
  let src = "";
  let colons = 0;
  const chars: Array<{ c: string; wild: boolean }> = [];
  for (const p of parts) {
    if (p.kind === "variable") continue;
    for (const c of p.value) chars.push({ c, wild: p.kind === "text" && (c === "*" || c === "?") });
  }
  for (let k = 0; k < chars.length; k++) {
    const { c, wild } = chars[k] as { c: string; wild: boolean };
    if (!wild) {
      if (c === ":") colons++;
      src += escape(c);
      continue;
    }
    const inSegment = style === "arn" && colons < 5;
    if (c === "?") src += inSegment ? "[^:]" : ".";
    else {
      const next = chars[k + 1];
      const endsSegment = next === undefined || (!next.wild && next.c === ":");
      src += inSegment && !endsSegment ? "[^:]*" : ".*";
    }
  }
  return src;
}

export function hasWildcard(parts: readonly TemplatePart[]): boolean {
  return parts.some((p) => p.kind === "text" && (p.value.includes("*") || p.value.includes("?")));
}

/** A compiled pattern: the common shapes (`*`, exact, `prefix*`) avoid regular expressions entirely. */
export interface Pattern {
  /** `value` is already lower-cased when the pattern ignores case. */
  test(value: string, lookup: VariableLookup): boolean;
  readonly source: string;
}

const MAX_FILLED = 32;

export function compilePattern(template: Template, style: GlobStyle, ignoreCase: boolean): Pattern {
  const source = template.source;
  const norm = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  if (!template.hasVariables) {
    const parts = template.parts;
    const text = norm(partsText(parts));
    if (!hasWildcard(parts)) return { source, test: (v) => v === text };
    const plain = parts.length === 1;
    if (plain && text === "*") return { source, test: () => true };
    if (plain && text.indexOf("*") === text.length - 1 && !text.includes("?")) {
      // `prefix*`: in an ARN a final `*` ends its segment and may cross colons, so this is a prefix test too.
      const prefix = text.slice(0, -1);
      return { source, test: (v) => v.startsWith(prefix) };
    }
    const re = new RegExp(`^${globSource(ignoreCase ? lowerParts(parts) : parts, style)}$`, "s");
    return { source, test: (v) => re.test(v) };
  }
  // Variables: build the expression per distinct filled value, keeping a few (one per user, typically).
  const filled = new Map<string, RegExp | string>();
  return {
    source,
    test(value, lookup) {
      const parts = fillTemplate(template, lookup);
      if (parts === undefined) return false;
      const key = parts.map((p) => (p.kind === "text" ? `t${p.value}` : p.kind === "literal" ? `l${p.value}` : "")).join("\u0000");
      let m = filled.get(key);
      if (m === undefined) {
        const ps = ignoreCase ? lowerParts(parts) : parts;
        m = hasWildcard(ps) ? new RegExp(`^${globSource(ps, style)}$`, "s") : partsText(ps);
        if (filled.size >= MAX_FILLED) filled.clear();
        filled.set(key, m);
      }
      return typeof m === "string" ? value === m : m.test(value);
    },
  };
}

function lowerParts(parts: readonly TemplatePart[]): TemplatePart[] {
  return parts.map((p): TemplatePart => {
    if (p.kind === "variable") return p;
    return p.kind === "text" ? { kind: "text", value: p.value.toLowerCase() } : { kind: "literal", value: p.value.toLowerCase() };
  });
}
