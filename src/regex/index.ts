/** A linear-time regular expression engine with RE2's syntax and semantics, for patterns from untrusted input. */
export { type Assertion, type Node, type Parsed, RegexError } from "./ast.js";
export type { Ranges } from "./char-class.js";
export { MAX_DEPTH, MAX_REPEAT, parse } from "./parser.js";
export { escapeRegex, MAX_PROGRAM, Regex, type RegexMatch, type RegexOptions } from "./regex.js";
