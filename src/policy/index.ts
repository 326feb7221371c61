/** The policy engine's public surface: parse and validate documents, evaluate requests, cache compiled policies. */
export { MalformedPolicyDocumentError } from "./errors.js";
export { parsePolicyDocument, type ParseOptions } from "./validate.js";
export type { CompiledPolicy, CompiledStatement, PolicyKind, PolicyVersion, Position } from "./document.js";
export {
  evaluate,
  denialMessage,
  missingContextKeys,
  type Decision,
  type DecisionKind,
  type MatchedStatement,
  type PolicyInput,
  type PolicyUse,
} from "./evaluate.js";
export {
  principalFromArn,
  type AuthorizationRequest,
  type ContextValue,
  type PrincipalKind,
  type RequestPrincipal,
} from "./context.js";
export { PolicyCache, type PolicySource } from "./cache.js";
export { CONDITION_OPERATORS } from "./conditions.js";
export type { PrincipalExists } from "./principals.js";
