/**
 * The identity directory: what the request pipeline and STS need from IAM, and nothing else. A caller's
 * identity policies (and a role session's session policies) compiled and cached, dropped whenever IAM changes.
 */
import type { CompiledPolicy, PolicyInput, RequestPrincipal } from "../../policy/index.js";
import { checkDocument } from "./documents.js";
import { type BoundaryOwner, boundaryOf } from "./permissions-boundaries.js";
import { type OidcProvider, oidcProviderFor } from "./oidc-providers.js";
import { type SamlProvider, samlProviderFor } from "./saml-providers.js";
import { verifyMfaCode } from "./mfa-devices.js";
import type { IamState } from "./state.js";

/** What the policy engine needs to decide any request of one caller. */
export interface IdentityPolicies {
  /** The caller as the engine sees it (kind, ARN, aws:userid, aws:username, the role's ARN and tags). */
  principal: RequestPrincipal;
  /** Managed policies attached (default versions) and inline policies, with SimulatePolicy's ids and types. */
  identity: readonly PolicyInput[];
  /** A role session's session policies (AssumeRole's Policy and PolicyArns), `use: "session"`; absent when none were passed. */
  session?: readonly PolicyInput[];
  /** The user's or role's permissions boundary, `use: "boundary"`; absent when it has none. */
  boundary?: readonly PolicyInput[];
}

/** A role session as STS recorded it: enough for the directory to find its session policies. */
export interface SessionInfo {
  account: string;
  roleName: string;
  sessionName: string;
  /** AssumeRole's inline session policy. */
  policy?: string;
  /** AssumeRole's PolicyArns. */
  policyArns?: readonly string[];
  /** GetFederationToken: the IAM user who asked ('' for the root), whose permissions the session policies narrow. */
  federatedBy?: string;
}

export type SessionResolver = (accessKeyId: string) => SessionInfo | undefined;

/** The narrow interface enforcement uses (issue 5, item 3). */
export interface IdentityDirectory {
  /**
   * The policies that decide `principalArn`'s requests in `account`; `accessKeyId` selects a role session's
   * session policies. Undefined when the principal no longer exists (a deleted user or role): deny.
   * The root gets `{ principal: kind Account, identity: [] }`: the engine allows the root of its account.
   */
  policiesFor(account: string, principalArn: string, accessKeyId?: string): IdentityPolicies | undefined;
  /** Changes whenever any policy, version, attachment, trust policy, tag or principal changes. */
  readonly generation: number;
}

/** A role as STS sees it when a caller assumes it. */
export interface AssumableRole {
  account: string;
  name: string;
  arn: string;
  id: string;
  maxSessionDuration: number;
  trust: CompiledPolicy;
  tags: Readonly<Record<string, string>>;
}

const ROOT = /^arn:[\w-]+:iam::(\d{12}):root$/;
const USER = /^arn:[\w-]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/;
const SESSION = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/([^/]+)$/;
const FEDERATED = /^arn:[\w-]+:sts::(\d{12}):federated-user\/([^/]+)$/;
/** A federated user the root made: everything, narrowed by its session policy alone. */
const ROOT_EQUIVALENT = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
/** A policy that allows nothing, standing in for a policy that should narrow but is gone. */
const NOTHING = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", NotAction: "*", Resource: "*" }] });

export class IamDirectory implements IdentityDirectory {
  private readonly cached = new Map<string, { generation: number; value: IdentityPolicies | undefined }>();
  private sessions: SessionResolver = () => undefined;

  constructor(private readonly state: IamState) {}

  get generation(): number {
    return this.state.generation;
  }

  /** STS tells the directory where role sessions are recorded. */
  useSessions(resolver: SessionResolver): void {
    this.sessions = resolver;
    this.cached.clear();
  }

  policiesFor(account: string, principalArn: string, accessKeyId?: string): IdentityPolicies | undefined {
    const key = `${account}|${principalArn}|${accessKeyId ?? ""}`;
    const hit = this.cached.get(key);
    if (hit !== undefined && hit.generation === this.state.generation) return hit.value;
    const value = this.compute(account, principalArn, accessKeyId);
    // Bounded: a busy server sees few principals, but a scan of many keys must not grow this forever.
    if (this.cached.size > 10_000) this.cached.clear();
    this.cached.set(key, { generation: this.state.generation, value });
    return value;
  }

  /** The role STS is asked to assume, its trust policy compiled; undefined when there is none. */
  assumableRole(account: string, name: string): AssumableRole | undefined {
    const role = this.state.role(account, name);
    if (role === undefined) return undefined;
    return {
      account,
      name: role.name,
      arn: role.arn,
      id: role.id,
      maxSessionDuration: role.max_session_duration,
      // Stored trust policies were validated when written; content-addressed compile reuses them.
      trust: this.state.cache.compile(role.trust_policy, "trust"),
      tags: this.tagMap(account, "role", role.name),
    };
  }

  /** AssumeRole's session policy: throws IAM's MalformedPolicyDocument as an AwsError. */
  compileSessionPolicy(text: string): CompiledPolicy {
    return checkDocument(this.state.cache, text, "identity");
  }

  /** A managed policy (AWS's or the account's) for AssumeRole's PolicyArns; undefined when it does not exist. */
  managedPolicyInput(account: string, arn: string): PolicyInput | undefined {
    const p = this.state.policy(account, arn);
    if (p === undefined) return undefined;
    const { version, text } = this.state.defaultDocument(p);
    return {
      policy: this.state.cache.get(arn, version, () => ({ text, kind: "identity" })),
      id: arn,
      sourceType: p.kind === "aws" ? "aws-managed" : "user-managed",
    };
  }

  /** The OpenID Connect provider of `account` whose URL is a web identity token's issuer, for AssumeRoleWithWebIdentity. */
  oidcProvider(account: string, issuer: string): OidcProvider | undefined {
    return oidcProviderFor(this.state, account, issuer);
  }

  /** The SAML provider an AssumeRoleWithSAML names (PrincipalArn), its metadata read, in `account`. */
  samlProvider(account: string, arn: string): SamlProvider | undefined {
    return samlProviderFor(this.state, account, arn);
  }

  /** STS GetSessionToken: whether `code` is the current code of the MFA device `serial` assigned to the user (the code is then spent). */
  checkMfaCode(account: string, userName: string, serial: string, code: string): boolean {
    return verifyMfaCode(this.state, account, userName, serial, code);
  }

  /** GetRole's RoleLastUsed, which AWS fills in when a role is assumed. */
  noteRoleUsed(account: string, name: string, region: string, when: number): void {
    this.state.db.prepare("UPDATE iam_roles SET last_used_date = ?, last_used_region = ? WHERE account = ? AND name = ?").run(when, region, account, name);
  }

  /** An IAM user's unique id (AIDA…), for GetCallerIdentity. */
  userId(account: string, userArn: string): string | undefined {
    const m = USER.exec(userArn);
    if (m === null) return undefined;
    const user = this.state.user(account, m[2] ?? "");
    return user?.arn === userArn ? user.id : undefined;
  }

  /** A role's unique id (AROA…), for a session's AssumedRoleId and aws:userid. */
  roleId(account: string, name: string): string | undefined {
    return this.state.role(account, name)?.id;
  }

  /**
   * SimulatePrincipalPolicy's subject: a user as itself (its groups' policies included), a group by its own policies, a role as a session of it would be
   * (its identity policies, no session policies). Undefined when neither exists.
   */
  entityPolicies(account: string, arn: string): IdentityPolicies | undefined {
    const group = /^arn:[\w-]+:iam::(\d{12}):group\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (group !== null) {
      // A group never makes requests: simulated as a user of the group with no policies of its own would be.
      const row = group[1] === account ? this.state.group(account, group[2] ?? "") : undefined;
      if (row === undefined || row.arn !== arn) return undefined;
      return { principal: { kind: "User", arn, accountId: account, userId: row.id }, identity: this.ownerPolicies(account, "group", row.name) };
    }
    // A user's and a role's boundary narrow the simulation as they narrow real requests.
    const role = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (role === null) return this.compute(account, arn, undefined);
    const row = role[1] === account ? this.state.role(account, role[2] ?? "") : undefined;
    if (row === undefined || row.arn !== arn) return undefined;
    return this.withBoundary(account, "role", row.name, {
      principal: { kind: "AssumedRole", arn, accountId: account, userId: row.id, roleArn: arn, tags: this.tagMap(account, "role", row.name) },
      identity: this.ownerPolicies(account, "role", row.name),
    });
  }

  private compute(account: string, arn: string, accessKeyId: string | undefined): IdentityPolicies | undefined {
    const root = ROOT.exec(arn);
    if (root !== null) {
      return root[1] === account ? { principal: { kind: "Account", arn, accountId: account, userId: account }, identity: [] } : undefined;
    }
    const user = USER.exec(arn);
    if (user !== null) {
      const row = this.state.user(account, user[2] ?? "");
      if (row === undefined || row.arn !== arn) return undefined;
      const tags = this.tagMap(account, "user", row.name);
      return this.withBoundary(account, "user", row.name, {
        principal: { kind: "User", arn, accountId: account, userId: row.id, username: row.name, tags },
        identity: this.ownerPolicies(account, "user", row.name),
      });
    }
    const session = SESSION.exec(arn);
    if (session !== null) {
      const role = this.state.role(account, session[2] ?? "");
      if (role === undefined) return undefined;
      const info = accessKeyId === undefined ? undefined : this.sessions(accessKeyId);
      const out: IdentityPolicies = {
        principal: {
          kind: "AssumedRole",
          arn,
          accountId: account,
          userId: `${role.id}:${session[3]}`,
          roleArn: role.arn,
          tags: this.tagMap(account, "role", role.name),
        },
        identity: this.ownerPolicies(account, "role", role.name),
      };
      const sessionPolicies = info === undefined ? [] : this.sessionPolicies(account, info);
      if (sessionPolicies.length > 0) out.session = sessionPolicies;
      return this.withBoundary(account, "role", role.name, out);
    }
    const federated = FEDERATED.exec(arn);
    if (federated !== null) return this.federatedUser(account, arn, federated[2] ?? "", accessKeyId);
    return undefined;
  }

  /**
   * GetFederationToken's user: the issuing user's identity policies intersected with the session
   * policies; without a session policy it may do nothing (STS API reference, GetFederationToken).
   */
  private federatedUser(account: string, arn: string, name: string, accessKeyId: string | undefined): IdentityPolicies | undefined {
    const info = accessKeyId === undefined ? undefined : this.sessions(accessKeyId);
    if (info?.federatedBy === undefined || info.account !== account) return undefined;
    let identity: PolicyInput[];
    let boundary: readonly PolicyInput[] | undefined;
    if (info.federatedBy === "") identity = [{ policy: this.state.cache.compile(ROOT_EQUIVALENT, "identity"), id: "root", sourceType: "none" }];
    else {
      const user = this.state.user(account, info.federatedBy);
      if (user === undefined) return undefined;
      identity = this.ownerPolicies(account, "user", user.name);
      // The issuing user's boundary still bounds what its federated users may do.
      boundary = this.withBoundary(account, "user", user.name, { principal: { kind: "User", arn: user.arn }, identity: [] }).boundary;
    }
    const session = this.sessionPolicies(account, info);
    // No session policy: an empty session set would mean "not narrowed", so a policy that allows nothing stands in.
    if (session.length === 0) session.push({ policy: this.state.cache.compile(NOTHING, "identity"), id: "session", sourceType: "none", use: "session" });
    return {
      principal: { kind: "FederatedUser", arn, accountId: account, userId: `${account}:${name}` },
      identity,
      session,
      ...(boundary === undefined ? {} : { boundary }),
    };
  }

  /**
   * The owner's permissions boundary added to its policies. A boundary whose policy no longer exists allows
   * nothing (DeletePolicy refuses a policy in use as a boundary, so only a vanished AWS managed policy could).
   */
  private withBoundary(account: string, kind: BoundaryOwner, owner: string, out: IdentityPolicies): IdentityPolicies {
    const arn = boundaryOf(this.state, account, kind, owner);
    if (arn === undefined) return out;
    const input = this.managedPolicyInput(account, arn) ?? { policy: this.state.cache.compile(NOTHING, "identity"), id: arn };
    return { ...out, boundary: [{ ...input, use: "boundary" }] };
  }

  /** An owner's attached and inline policies; a user's include those of every group it is in (IAM UG, policy evaluation). */
  private ownerPolicies(account: string, kind: "role" | "user" | "group", owner: string): PolicyInput[] {
    const out: PolicyInput[] = [];
    if (kind === "user") for (const g of this.state.groupsOf(account, owner)) out.push(...this.ownerPolicies(account, "group", g.name));
    for (const arn of this.state.attached(account, kind, owner)) {
      const input = this.managedPolicyInput(account, arn);
      if (input !== undefined) out.push(input);
    }
    for (const p of this.state.inline(account, kind, owner)) {
      out.push({ policy: this.state.cache.compile(p.document, "identity"), id: p.name, sourceType: kind });
    }
    return out;
  }

  private sessionPolicies(account: string, info: SessionInfo): PolicyInput[] {
    const out: PolicyInput[] = [];
    if (info.policy !== undefined) out.push({ policy: this.state.cache.compile(info.policy, "identity"), id: "session", sourceType: "none", use: "session" });
    for (const arn of info.policyArns ?? []) {
      const input = this.managedPolicyInput(account, arn);
      if (input !== undefined) out.push({ ...input, use: "session" });
    }
    return out;
  }

  private tagMap(account: string, kind: "role" | "user", owner: string): Record<string, string> {
    return Object.fromEntries(this.state.tags(account, kind, owner).map((t) => [t.Key, t.Value]));
  }
}
