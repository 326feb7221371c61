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
  conditions?(input: Record<string, unknown>): ConditionValues;
}

/** Condition keys and their values for one request; arrays are multi-valued keys (aws:TagKeys). */
export type ConditionValues = Readonly<Record<string, string | readonly string[]>>;

export const TAG_KEYS = ["aws:RequestTag/${TagKey}", "aws:TagKeys"] as const;

/**
 * aws:RequestTag/KEY and aws:TagKeys for tags given as `[{Key, Value}]` (Query, CloudWatch) or as a
 * `{KEY: VALUE}` map (CloudWatch Logs), or aws:TagKeys alone for keys being removed.
 */
export function tagConditions(tags: unknown, removedKeys?: unknown): ConditionValues {
  const out: Record<string, string | readonly string[]> = {};
  const keys: string[] = [];
  if (Array.isArray(tags)) {
    for (const tag of tags) {
      const { Key, Value } = (tag ?? {}) as { Key?: unknown; Value?: unknown };
      if (typeof Key !== "string") continue;
      keys.push(Key);
      if (typeof Value === "string") out[`aws:RequestTag/${Key}`] = Value;
    }
  } else if (tags !== null && typeof tags === "object") {
    for (const [key, value] of Object.entries(tags)) {
      keys.push(key);
      if (typeof value === "string") out[`aws:RequestTag/${key}`] = value;
    }
  }
  if (Array.isArray(removedKeys)) keys.push(...removedKeys.filter((k): k is string => typeof k === "string"));
  if (tags !== undefined || removedKeys !== undefined) out["aws:TagKeys"] = keys;
  return out;
}

/** A row that also supplies the tag condition keys, read from the input by `pick`. */
export const tagging = (base: AuthorizationRow, pick: (input: Record<string, unknown>) => ConditionValues): AuthorizationRow => ({
  ...base,
  conditionKeys: [...base.conditionKeys, ...TAG_KEYS],
  conditions: (input) => ({ ...(base.conditions?.(input) ?? {}), ...pick(input) }),
});

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

/**
 * Per operation, condition values read from its decoded input: typed by the service's generated
 * operations (`withTagConditions<CloudWatchOperations>(...)`), or as plain records when M is not given.
 */
export type ConditionReaders<M extends { readonly [K in keyof M]: { input: unknown } }> = {
  readonly [K in keyof M]?: (input: M[K]["input"]) => ConditionValues;
};

/** The table with the tag condition keys added to the operations `picks` names. */
export function withTagConditions<M extends { readonly [K in keyof M]: { input: unknown } } = Record<string, { input: Record<string, unknown> }>>(
  table: AuthorizationTable,
  picks: ConditionReaders<NoInfer<M>>,
): AuthorizationTable {
  const out: Record<string, AuthorizationRow> = { ...table };
  const byName: Readonly<Record<string, ((input: never) => ConditionValues) | undefined>> = picks;
  for (const [op, pick] of Object.entries(byName)) {
    const base = table[op];
    // The Authorizer hands a row the input the pipeline decoded with that operation's model.
    if (base !== undefined && pick !== undefined) out[op] = tagging(base, (input) => pick(input as never));
  }
  return out;
}
