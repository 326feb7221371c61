/** The compiled form of a policy document: what parsePolicyDocument returns and evaluate reads, many times over. */
import type { CompiledCondition } from "./conditions.js";
import type { Position } from "./json-source.js";
import type { CompiledPrincipal } from "./principals.js";
import type { Pattern } from "./wildcards.js";

/** Identity policies attach to users, groups and roles; resource policies to resources; trust policies to roles. */
export type PolicyKind = "identity" | "resource" | "trust";
export type PolicyVersion = "2012-10-17" | "2008-10-17";

export interface ActionMatcher {
  /** Lower-cased actions without wildcards. */
  exact: ReadonlySet<string>;
  /** Patterns with `*`/`?`, tested against the lower-cased action. */
  patterns: readonly Pattern[];
}

export interface CompiledStatement {
  /** Lower-cased vendors of the Action patterns; undefined when the statement can apply to any service. */
  vendors: ReadonlySet<string> | undefined;
  /** 0-based position in the Statement array. */
  index: number;
  sid: string | undefined;
  effect: "Allow" | "Deny";
  action: ActionMatcher;
  /** NotAction: the statement applies to every action except these. */
  notAction: boolean;
  /** Undefined in trust policies, which have no Resource: the resource is the role itself. */
  resource: readonly Pattern[] | undefined;
  notResource: boolean;
  principal: CompiledPrincipal | undefined;
  notPrincipal: boolean;
  conditions: readonly CompiledCondition[];
  /** Where the statement's `{` and its `}` are, for SimulatePolicy's StartPosition and EndPosition. */
  start: Position;
  end: Position;
}

export interface CompiledPolicy {
  kind: PolicyKind;
  /** 2008-10-17 when the document has no Version, as IAM reads it; policy variables need 2012-10-17. */
  version: PolicyVersion;
  id: string | undefined;
  statements: readonly CompiledStatement[];
  /**
   * Statements that can apply to an action of each service (lower-cased vendor), in document order; the ones
   * whose actions are `*`, have a wildcard vendor or use NotAction are in every list and in `anyService`.
   */
  byService: ReadonlyMap<string, readonly CompiledStatement[]>;
  anyService: readonly CompiledStatement[];
  /** The document as given, for GetPolicyVersion and friends. */
  text: string;
}

export type { Position };
