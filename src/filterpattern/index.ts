/** The CloudWatch Logs filter pattern language: compile a pattern once, match event messages with it. */
export { compile } from "./compile.js";
export { FilterPatternError, MAX_PATTERN_LENGTH } from "./errors.js";
export type { Matcher, MatchResult, PatternKind } from "./matcher.js";
