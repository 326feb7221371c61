/** The CloudWatch Logs filter pattern language: compile a pattern once, match event messages with it. */
export { compile } from "./compile.js";
export { FilterPatternError, MAX_PATTERN_LENGTH } from "./errors.js";
export type { FieldCheck, Matcher, MatchResult, MessageFields, PatternKind, TermGroup } from "./matcher.js";
export { FieldSplitter } from "./message-fields.js";
