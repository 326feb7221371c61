/**
 * The shape of a service's authorization table: per served operation, its IAM action, the resource
 * ARN patterns and condition keys AWS's Service Authorization Reference gives, and who decides.
 */

/** `identity`: the caller's policies on the row's resources; `none`: AWS asks no permission; `operation`: the operation evaluates itself. */
export type Decider = "identity" | "none" | "operation";

export interface AuthorizationRow {
  /** `sts:AssumeRole`. */
  action: string;
  /** The reference's ARN patterns (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`), or `*` when it lists no resource type. */
  resources: readonly string[];
  /** Service-specific condition keys the local cloud supplies with the request (global `aws:` keys are not listed). */
  conditionKeys: readonly string[];
  decider: Decider;
  /** The values of `conditionKeys` read from the decoded input. */
  conditions?(input: Record<string, unknown>): Record<string, string>;
}

export type AuthorizationTable = Readonly<Record<string, AuthorizationRow>>;

/** A row whose resource is the named ARN pattern and whose caller's identity policies decide. */
export const row = (action: string, resources: readonly string[] = ["*"], conditionKeys: readonly string[] = []): AuthorizationRow => ({
  action,
  resources,
  conditionKeys,
  decider: "identity",
});

/**
 * True when `arn` is an instance of the reference pattern: `${Partition}`, `${Account}` and `${Region}`
 * match one ARN field, every other `${…}` matches anything (names with paths hold `/`).
 */
export function matchesPattern(pattern: string, arn: string): boolean {
  if (pattern === "*") return arn === "*";
  const source = pattern
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      if (part === "${Partition}") return "aws(?:-[a-z-]+)?";
      if (part === "${Account}") return "\\d{12}";
      if (part === "${Region}") return "[a-z0-9-]+";
      if (part.startsWith("${")) return ".*";
      return part.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`).test(arn);
}
