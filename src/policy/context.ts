/** The request being authorized: who calls, what action on which resource, and the context keys conditions read. */

/** aws:PrincipalType values, plus the service principal and web identity callers that trust policies name. */
export type PrincipalKind = "Account" | "User" | "AssumedRole" | "FederatedUser" | "Service" | "WebIdentity" | "Anonymous";

export interface RequestPrincipal {
  kind: PrincipalKind;
  /** The caller's ARN: `arn:aws:iam::1:user/alice`, `arn:aws:sts::1:assumed-role/R/s`, `arn:aws:iam::1:root`; a service's name. */
  arn: string;
  accountId?: string;
  /** aws:userid: AIDA… for users, `AROA…:session` for role sessions, the account id for the root. */
  userId?: string;
  /** aws:username, for IAM users. */
  username?: string;
  /** For role sessions: the role's IAM ARN, which is what aws:PrincipalArn and a Principal naming the role see. */
  roleArn?: string;
  /** For WebIdentity / SAML callers: the provider a `Federated` principal names. */
  provider?: string;
  /** aws:PrincipalTag/*. */
  tags?: Readonly<Record<string, string>>;
}

/** A context value as callers have it; arrays are multi-valued keys (aws:TagKeys). */
export type ContextValue = string | number | boolean | Date | readonly (string | number | boolean)[];

export interface AuthorizationRequest {
  principal: RequestPrincipal;
  /** `service:Action`, any case. */
  action: string;
  /** The resource ARN AWS's service authorization reference gives for the action, or `*`. */
  resource: string;
  /** The resource's account: when it differs from the caller's, both sides must allow (cross-account). */
  resourceAccount?: string;
  /** Further keys (aws:SourceIp, aws:SourceArn, aws:SecureTransport, sts:ExternalId, logs:…); names are case-insensitive. */
  context?: Readonly<Record<string, ContextValue | undefined>>;
  /** aws:CurrentTime / aws:EpochTime come from the caller's clock; never read implicitly in tests. */
  now?: Date;
}

/** Values of one key: always strings, as IAM compares them, plus whether the key was multi-valued. */
export interface KeyValues {
  values: readonly string[];
  multi: boolean;
}

const asString = (v: string | number | boolean | Date): string => (v instanceof Date ? v.toISOString() : typeof v === "string" ? v : String(v));

function normalize(v: ContextValue): KeyValues {
  if (Array.isArray(v)) return { values: (v as readonly (string | number | boolean)[]).map(asString), multi: true };
  return { values: [asString(v as string | number | boolean | Date)], multi: false };
}

/** Context keys for one request, the principal-derived ones computed only when a condition asks for them. */
export class RequestContext {
  private given: Map<string, KeyValues> | undefined;
  private derived: Map<string, KeyValues> | undefined;
  readonly action: string;
  /** The action's vendor, lower-cased: which of a policy's statements can apply. */
  readonly service: string;

  constructor(readonly request: AuthorizationRequest) {
    this.action = request.action.toLowerCase();
    this.service = this.action.slice(0, Math.max(0, this.action.indexOf(":")));
  }

  /** `key` must be lower-case. Keys the caller gave win over derived ones. Both maps are built on first use. */
  get(key: string): KeyValues | undefined {
    return (this.given ??= this.normalizeGiven()).get(key) ?? (this.derived ??= this.derive()).get(key);
  }

  /** For policy variables: single-valued keys only. */
  lookup(key: string): string | undefined {
    const kv = this.get(key);
    return kv !== undefined && !kv.multi && kv.values.length === 1 ? kv.values[0] : undefined;
  }

  private normalizeGiven(): Map<string, KeyValues> {
    const out = new Map<string, KeyValues>();
    const ctx = this.request.context;
    if (ctx !== undefined) {
      for (const key of Object.keys(ctx)) {
        const v = ctx[key];
        if (v !== undefined) out.set(key.toLowerCase(), normalize(v));
      }
    }
    return out;
  }

  private derive(): Map<string, KeyValues> {
    const out = new Map<string, KeyValues>();
    const one = (key: string, value: string | undefined) => {
      if (value !== undefined) out.set(key, { values: [value], multi: false });
    };
    const p = this.request.principal;
    const now = this.request.now ?? new Date();
    one("aws:currenttime", now.toISOString());
    one("aws:epochtime", String(Math.floor(now.getTime() / 1000)));
    if (p.kind === "Service") {
      one("aws:principalisawsservice", "true");
      one("aws:principalservicename", p.arn);
      return out;
    }
    one("aws:principalisawsservice", "false");
    if (p.kind === "Anonymous") return out;
    one("aws:principaltype", p.kind);
    one("aws:principalarn", p.kind === "AssumedRole" ? (p.roleArn ?? p.arn) : p.arn);
    one("aws:principalaccount", p.accountId);
    one("aws:userid", p.userId);
    if (p.kind === "User") one("aws:username", p.username);
    if (p.tags !== undefined) {
      for (const [k, v] of Object.entries(p.tags)) one(`aws:principaltag/${k.toLowerCase()}`, v);
    }
    return out;
  }
}

/** Callers by ARN, for tests and for IAM/STS code that holds only an ARN. */
export function principalFromArn(arn: string, extra: Partial<RequestPrincipal> = {}): RequestPrincipal {
  if (/^\d{12}$/.test(arn)) return { kind: "Account", arn: `arn:aws:iam::${arn}:root`, accountId: arn, userId: arn, ...extra };
  const m = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.*)$/.exec(arn);
  if (m === null) {
    if (/\.amazonaws\.com(\.cn)?$/.test(arn)) return { kind: "Service", arn, ...extra };
    return { kind: "Anonymous", arn, ...extra };
  }
  const [, partition, , account, rest] = m as unknown as [string, string, string, string, string];
  if (rest === "root") return { kind: "Account", arn, accountId: account, userId: account, ...extra };
  if (rest.startsWith("user/")) {
    const username = rest.slice(rest.lastIndexOf("/") + 1);
    return { kind: "User", arn, accountId: account, username, ...extra };
  }
  if (rest.startsWith("assumed-role/")) {
    // A session ARN drops the role's path: pass `roleArn` in `extra` for roles with a path.
    const role = rest.split("/")[1] ?? "";
    return { kind: "AssumedRole", arn, accountId: account, roleArn: `arn:${partition}:iam::${account}:role/${role}`, ...extra };
  }
  if (rest.startsWith("federated-user/")) return { kind: "FederatedUser", arn, accountId: account, ...extra };
  return { kind: "Anonymous", arn, ...extra };
}
