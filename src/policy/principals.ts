/** Principal and NotPrincipal: IAM's accepted forms, refused forms, and whether a caller is named. */
import type { RequestPrincipal } from "./context.js";
import { MalformedPolicyDocumentError, messages } from "./errors.js";

/**
 * How a statement names the caller. `account` (an account id or its root ARN) only delegates to the
 * account's own identity policies; `direct` (the user, the role, `*`, a service) grants by itself; `session`
 * names the very role session, which session policies do not narrow (IAM UG, session policies).
 */
export type PrincipalMatch = "none" | "account" | "direct" | "session";

export interface CompiledPrincipal {
  any: boolean;
  accounts: Set<string>;
  /** User, assumed-role session and federated-user ARNs: compared with the caller's ARN. */
  arns: Set<string>;
  /** Role ARNs: match every session of the role. */
  roles: Set<string>;
  services: Set<string>;
  federated: Set<string>;
  canonical: Set<string>;
}

/** Lets IAM refuse a principal naming a user or role that does not exist, as AWS does; the engine alone cannot know. */
export type PrincipalExists = (arn: string) => boolean;

const ACCOUNT = /^\d{12}$/;
// Every partition botocore knows (src/cloud/partitions.ts): a trust policy in us-iso-east-1 names `arn:aws-iso:` principals.
const IAM_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[bef]|-eusc)?:iam::(\d{12}):(root|user\/[\w+=,.@\-/]+|role\/[\w+=,.@\-/]+|federated-user\/[\w+=,.@-]+)$/;
const STS_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[bef]|-eusc)?:sts::(\d{12}):(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+)$/;
const SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.(amazonaws\.com(\.cn)?|amazon\.com)$/;
const FEDERATED = /^(arn:aws(-cn|-us-gov|-iso|-iso-[bef]|-eusc)?:iam::\d{12}:(saml-provider|oidc-provider)\/\S+|[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(\/\S*)?)$/;
const CANONICAL = /^[0-9a-f]{64}$/;

const syntax = () => new MalformedPolicyDocumentError(messages.syntax);

export function emptyPrincipal(): CompiledPrincipal {
  return { any: false, accounts: new Set(), arns: new Set(), roles: new Set(), services: new Set(), federated: new Set(), canonical: new Set() };
}

/** `raw` is the JSON value of Principal/NotPrincipal, already converted to plain JS values. */
export function compilePrincipal(raw: unknown, exists: PrincipalExists | undefined): CompiledPrincipal {
  const out = emptyPrincipal();
  if (raw === "*") {
    out.any = true;
    return out;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw syntax();
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw syntax();
  for (const [type, value] of entries) {
    const values = typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;
    if (values === undefined || values.length === 0 || values.some((v) => typeof v !== "string")) throw syntax();
    for (const v of values as string[]) addPrincipal(out, type, v, exists);
  }
  return out;
}

function addPrincipal(out: CompiledPrincipal, type: string, v: string, exists: PrincipalExists | undefined): void {
  const invalid = () => new MalformedPolicyDocumentError(messages.invalidPrincipal(type.toUpperCase(), v));
  switch (type) {
    case "AWS": {
      if (v === "*") {
        out.any = true;
        return;
      }
      if (ACCOUNT.test(v)) {
        out.accounts.add(v);
        return;
      }
      const iam = IAM_ARN.exec(v);
      if (iam !== null) {
        const [, , account, rest] = iam as unknown as [string, string, string, string];
        if (rest === "root") out.accounts.add(account);
        else {
          if (exists !== undefined && !exists(v)) throw invalid();
          (rest.startsWith("role/") ? out.roles : out.arns).add(v);
        }
        return;
      }
      if (STS_ARN.test(v)) {
        out.arns.add(v);
        return;
      }
      throw invalid();
    }
    case "Service":
      if (!SERVICE.test(v)) throw invalid();
      out.services.add(v);
      return;
    case "Federated":
      if (!FEDERATED.test(v)) throw invalid();
      out.federated.add(v);
      return;
    case "CanonicalUser":
      if (!CANONICAL.test(v)) throw invalid();
      out.canonical.add(v);
      return;
    default:
      throw syntax();
  }
}

/** The strongest way the principal element names the caller. */
export function matchPrincipal(p: CompiledPrincipal, caller: RequestPrincipal): PrincipalMatch {
  if (caller.kind === "Service") return p.any || p.services.has(caller.arn) ? "direct" : "none";
  if (caller.kind === "WebIdentity") return p.any || (caller.provider !== undefined && p.federated.has(caller.provider)) ? "direct" : "none";
  if (caller.kind === "AssumedRole" && p.arns.has(caller.arn)) return "session";
  if (p.arns.has(caller.arn)) return "direct";
  if (caller.kind === "AssumedRole" && caller.roleArn !== undefined && p.roles.has(caller.roleArn)) return "direct";
  if (p.any) return "direct";
  if (caller.accountId !== undefined && p.accounts.has(caller.accountId)) {
    // The root user is the account itself: naming the account names it directly.
    return caller.kind === "Account" ? "direct" : "account";
  }
  return "none";
}
