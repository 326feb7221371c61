/**
 * The syntax tree of a regular expression, and RegexError: every refusal of the library, with the
 * position in the pattern where it was found.
 */
import type { Ranges } from "./char-class.js";

export type Assertion = "bot" | "eot" | "bol" | "eol" | "word" | "notword";

export type Node =
  | { readonly t: "empty" }
  | { readonly t: "set"; readonly ranges: Ranges }
  | { readonly t: "assert"; readonly kind: Assertion }
  | { readonly t: "cat"; readonly items: readonly Node[] }
  | { readonly t: "alt"; readonly items: readonly Node[] }
  | { readonly t: "repeat"; readonly node: Node; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly t: "group"; readonly node: Node; readonly index: number; readonly name: string | undefined };

/** A parsed pattern: its tree, and its capturing groups' names in order (undefined when unnamed). */
export interface Parsed {
  readonly node: Node;
  readonly groups: readonly (string | undefined)[];
}

export class RegexError extends Error {
  override readonly name = "RegexError";
  constructor(
    message: string,
    /** Offset in the pattern's text (in UTF-16 units) where the problem starts. */
    readonly position: number,
    /** "syntax" for malformed patterns, "unsupported" for constructs refused on purpose, "limit" for size. */
    readonly kind: "syntax" | "unsupported" | "limit",
  ) {
    super(message);
  }
}
