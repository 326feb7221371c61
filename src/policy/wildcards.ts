/** `*` and `?` matching for actions (case-insensitive), strings (StringLike) and ARNs (Resource, ArnLike). */
import type { Template, TemplatePart, VariableLookup } from "./variables.js";
import { fillTemplate, partsText } from "./variables.js";

export type GlobStyle = "string" | "arn";

/** One step of a glob: a literal character, `?` (one character) or `*` (any run); `segment` keeps it off colons. */
type Step = { kind: "char"; c: string } | { kind: "one" | "any"; segment: boolean };

/**
 * The steps of parts. In "arn" style the first five colon-separated segments are matched one by one:
 * `*` and `?` stay inside their segment unless the `*` ends the segment, which IAM lets expand past colons
 * (IAM UG, reference_policies_elements_resource); the sixth segment, the resource id, may hold colons.
 */
export function globSteps(parts: readonly TemplatePart[], style: GlobStyle): Step[] {
  const chars: Array<{ c: string; wild: boolean }> = [];
  for (const p of parts) {
    if (p.kind === "variable") continue;
    for (const c of p.value) chars.push({ c, wild: p.kind === "text" && (c === "*" || c === "?") });
  }
  const steps: Step[] = [];
  let colons = 0;
  for (let k = 0; k < chars.length; k++) {
    const { c, wild } = chars[k] as { c: string; wild: boolean };
    if (!wild) {
      if (c === ":") colons++;
      steps.push({ kind: "char", c });
      continue;
    }
    const inSegment = style === "arn" && colons < 5;
    if (c === "?") steps.push({ kind: "one", segment: inSegment });
    else {
      const next = chars[k + 1];
      const endsSegment = next === undefined || (!next.wild && next.c === ":");
      steps.push({ kind: "any", segment: inSegment && !endsSegment });
    }
  }
  return steps;
}

/**
 * Whether the whole value matches the steps: the set of steps reached so far advances one character at a
 * time, so a pattern of m steps costs O(value length × m) whatever its stars. A backtracking RegExp of
 * `a*a*a*...` took seconds on one 255-character ARN, and policies are written by callers. The two state
 * sets are made once per compiled pattern, because this runs on every authorization decision.
 */
function globMatcher(steps: readonly Step[]): (value: string) => boolean {
  const m = steps.length;
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const close = (set: Uint8Array) => {
    // A star may match nothing: reaching it reaches the step after it too.
    for (let i = 0; i < m; i++) if (set[i] === 1 && (steps[i] as Step).kind === "any") set[i + 1] = 1;
  };
  return (value) => {
    current.fill(0);
    current[0] = 1;
    close(current);
    for (const ch of value) {
      next.fill(0);
      let alive = false;
      for (let i = 0; i < m; i++) {
        if (current[i] !== 1) continue;
        const step = steps[i] as Step;
        if (step.kind === "char") {
          if (step.c === ch) {
            next[i + 1] = 1;
            alive = true;
          }
        } else if (!(step.segment && ch === ":")) {
          if (step.kind === "one") next[i + 1] = 1;
          else next[i] = 1;
          alive = true;
        }
      }
      if (!alive) return false;
      close(next);
      [current, next] = [next, current];
    }
    return current[m] === 1;
  };
}

export function hasWildcard(parts: readonly TemplatePart[]): boolean {
  return parts.some((p) => p.kind === "text" && (p.value.includes("*") || p.value.includes("?")));
}

/** A compiled pattern: the common shapes (`*`, exact, `prefix*`) skip the step matcher. */
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
    const matches = globMatcher(globSteps(ignoreCase ? lowerParts(parts) : parts, style));
    return { source, test: (v) => matches(v) };
  }
  // Variables: build the expression per distinct filled value, keeping a few (one per user, typically).
  const filled = new Map<string, ((value: string) => boolean) | string>();
  return {
    source,
    test(value, lookup) {
      const parts = fillTemplate(template, lookup);
      if (parts === undefined) return false;
      const key = parts.map((p) => (p.kind === "text" ? `t${p.value}` : p.kind === "literal" ? `l${p.value}` : "")).join("\u0000");
      let m = filled.get(key);
      if (m === undefined) {
        const ps = ignoreCase ? lowerParts(parts) : parts;
        m = hasWildcard(ps) ? globMatcher(globSteps(ps, style)) : partsText(ps);
        if (filled.size >= MAX_FILLED) filled.clear();
        filled.set(key, m);
      }
      return typeof m === "string" ? value === m : m(value);
    },
  };
}

function lowerParts(parts: readonly TemplatePart[]): TemplatePart[] {
  return parts.map((p): TemplatePart => {
    if (p.kind === "variable") return p;
    return p.kind === "text" ? { kind: "text", value: p.value.toLowerCase() } : { kind: "literal", value: p.value.toLowerCase() };
  });
}
