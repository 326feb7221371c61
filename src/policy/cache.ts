/** PolicyCache: compiled policies kept per policy id and version (or per content), dropped when a policy changes. */
import { createHash } from "node:crypto";
import type { CompiledPolicy, PolicyKind } from "./document.js";
import { type ParseOptions, parsePolicyDocument } from "./validate.js";

export interface PolicySource {
  text: string;
  kind: PolicyKind;
}

/**
 * One per LocalCloud (state on the instance, never in module scope). Managed policies are keyed by ARN and
 * version id (v1, v2, ...), which never change content in IAM; inline policies by any id plus a counter the
 * owner bumps, or by content through `compile`. A full cache drops its oldest entries first.
 */
export class PolicyCache {
  private readonly byId = new Map<string, Map<string, CompiledPolicy>>();
  private readonly byContent = new Map<string, CompiledPolicy>();
  private count = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 10_000,
    private readonly options: ParseOptions = {},
  ) {}

  /** The compiled policy for (policyId, version); `load` runs only on a miss. Throws MalformedPolicyDocumentError. */
  get(policyId: string, version: string, load: () => PolicySource): CompiledPolicy {
    let versions = this.byId.get(policyId);
    const found = versions?.get(version);
    if (found !== undefined) {
      this.hits++;
      return found;
    }
    this.misses++;
    const { text, kind } = load();
    const compiled = parsePolicyDocument(text, kind, this.options);
    if (versions === undefined) {
      versions = new Map();
      this.byId.set(policyId, versions);
    }
    versions.set(version, compiled);
    this.count++;
    this.trim();
    return compiled;
  }

  /** Content-addressed: the same text and kind compile once, whoever holds them. */
  compile(text: string, kind: PolicyKind): CompiledPolicy {
    const key = `${kind}:${createHash("sha256").update(text).digest("base64")}`;
    const found = this.byContent.get(key);
    if (found !== undefined) {
      this.hits++;
      return found;
    }
    this.misses++;
    const compiled = parsePolicyDocument(text, kind, this.options);
    this.byContent.set(key, compiled);
    this.trim();
    return compiled;
  }

  /** Every version of the policy: call on CreatePolicyVersion, DeletePolicy, PutRolePolicy, UpdateAssumeRolePolicy... */
  invalidate(policyId: string, version?: string): void {
    const versions = this.byId.get(policyId);
    if (versions === undefined) return;
    if (version === undefined) {
      this.count -= versions.size;
      this.byId.delete(policyId);
    } else if (versions.delete(version)) this.count--;
  }

  clear(): void {
    this.byId.clear();
    this.byContent.clear();
    this.count = 0;
  }

  get size(): number {
    return this.count + this.byContent.size;
  }

  private trim(): void {
    while (this.count > this.maxEntries) {
      const oldest = this.byId.keys().next();
      if (oldest.done) break;
      this.invalidate(oldest.value);
    }
    while (this.byContent.size > this.maxEntries) {
      const oldest = this.byContent.keys().next();
      if (oldest.done) break;
      this.byContent.delete(oldest.value);
    }
  }
}
