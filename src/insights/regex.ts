/**
 * AWS's regexes (Hyperscan flavour, `(?i)` for case-insensitive) and parse globs, as JavaScript RegExps.
 * A pattern JavaScript cannot compile is refused with its position rather than matched differently.
 */
import { type Span, malformed } from "./errors.js";

export function toRegExp(text: string, source: string, span: Span, global = false): RegExp {
  let body = source;
  let flags = global ? "g" : "";
  if (body.startsWith("(?i)")) {
    body = body.slice(4);
    flags += "i";
  }
  try {
    return new RegExp(body, flags);
  } catch (e) {
    throw malformed(text, span, `invalid regex: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`);
  }
}

/** The names of a regex's named groups, in order: `parse` makes one field of each. */
export function groupNames(source: string): string[] {
  return [...source.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] as string);
}

/**
 * A glob's regex: every `*` captures lazily, except a trailing one, which takes the rest of the value;
 * everything else is literal. The glob may match anywhere in the value.
 */
export function globToRegExp(glob: string): RegExp {
  const parts = glob.split("*");
  let body = "";
  parts.forEach((part, i) => {
    body += part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    if (i < parts.length - 1) body += i === parts.length - 2 && parts[parts.length - 1] === "" ? "(.*)" : "(.*?)";
  });
  return new RegExp(body, "s");
}
