/**
 * S3's authorization: the caller's identity policies and the bucket's policy evaluated together by the policy
 * engine (a Deny anywhere wins; in the bucket owner's account either may allow; across accounts both must; an
 * anonymous caller only by a bucket policy granting `*`). The owning account's root passes its identity side.
 */
import type { IdentityDirectory } from "../iam/index.js";
import {
  type AuthorizationRequest,
  type ContextValue,
  denialMessage,
  evaluate,
  parsePolicyDocument,
  type PolicyInput,
  principalFromArn,
} from "../../policy/index.js";
import type { Clock } from "../clock.js";
import { arnPrefix } from "../partitions.js";
import type { S3Caller } from "./authenticate.js";
import { accessDenied } from "./errors.js";
import type { BucketRow } from "./storage.js";

export interface S3AuthorizerDeps {
  directory(): IdentityDirectory | undefined;
  clock: Clock;
}

export const bucketArn = (region: string, bucket: string) => `${arnPrefix(region)}s3:::${bucket}`;

export class S3Authorizer {
  /** Compiled bucket policies by their text: a policy is compiled once, not per request. */
  private readonly compiled = new Map<string, PolicyInput>();

  constructor(private readonly deps: S3AuthorizerDeps) {}

  private bucketPolicy(bucket: BucketRow): PolicyInput | undefined {
    if (bucket.policy === null) return undefined;
    let input = this.compiled.get(bucket.policy);
    if (input === undefined) {
      input = { policy: parsePolicyDocument(bucket.policy, "resource"), id: `arn:aws:s3:::${bucket.name}`, sourceType: "resource", use: "resource" };
      if (this.compiled.size > 1000) this.compiled.clear();
      this.compiled.set(bucket.policy, input);
    }
    return input;
  }

  /** Throws S3's AccessDenied unless `caller` may perform `action` on `resource` of `bucket` (undefined: no bucket yet, or `*`). */
  authorize(
    caller: S3Caller,
    action: string,
    resource: string,
    bucket: BucketRow | undefined,
    sourceIp: string | undefined,
    conditions: Readonly<Record<string, ContextValue>> = {},
  ): void {
    const sameAccount = bucket === undefined || bucket.account === caller.account;
    // An account's root needs nothing more in its own account; a bucket policy's Deny still binds it.
    if (caller.principal.isRoot && sameAccount && bucket?.policy == null) return;
    const found = caller.anonymous ? undefined : this.deps.directory()?.policiesFor(caller.account, caller.principal.arn, caller.principal.accessKeyId);
    const policies: PolicyInput[] = found === undefined ? [] : [...found.identity, ...(found.session ?? []), ...(found.boundary ?? [])];
    const bucketPolicy = bucket === undefined ? undefined : this.bucketPolicy(bucket);
    if (bucketPolicy !== undefined) policies.push(bucketPolicy);
    const principal = caller.anonymous ? { kind: "Anonymous" as const, arn: "*" } : (found?.principal ?? principalFromArn(caller.principal.arn));
    const request: AuthorizationRequest = {
      principal,
      action,
      resource,
      ...(bucket === undefined ? {} : { resourceAccount: bucket.account }),
      now: new Date(this.deps.clock.now()),
      context: {
        "aws:SecureTransport": false,
        "aws:RequestedRegion": caller.region,
        ...(sourceIp === undefined ? {} : { "aws:SourceIp": sourceIp }),
        ...(bucket === undefined ? {} : { "s3:ResourceAccount": bucket.account }),
        ...conditions,
      },
    };
    const decision = evaluate(request, policies);
    if (decision.decision === "Allow") return;
    // S3 words a denial in detail only to callers of the bucket's own account; others read "Access Denied".
    throw accessDenied(caller.anonymous || !sameAccount ? "Access Denied" : denialMessage(request, decision));
  }
}
