/**
 * Policy documents in and out: validated by the policy engine with IAM's MalformedPolicyDocument messages,
 * measured as IAM measures them (whitespace not counted), returned URL-encoded as IAM's XML carries them.
 */
import {
  type CompiledPolicy,
  MalformedPolicyDocumentError,
  type ParseOptions,
  type PolicyCache,
  type PolicyKind,
  parsePolicyDocument,
} from "../../policy/index.js";
import { malformedPolicyDocument } from "./errors.js";

/** Compiles `text` (through the cache, content-addressed) or throws IAM's MalformedPolicyDocument. */
export function checkDocument(cache: PolicyCache, text: string, kind: PolicyKind, options?: ParseOptions): CompiledPolicy {
  try {
    // A principal-existence check depends on IAM state, and a managed policy has a stricter Version rule,
    // so such documents bypass the content cache (keyed by text and kind only).
    if (options?.principalExists !== undefined || options?.managed) return parsePolicyDocument(text, kind, options);
    return cache.compile(text, kind);
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw malformedPolicyDocument(e.message);
    throw e;
  }
}

/** IAM's size quotas ignore whitespace (IAM UG, IAM and STS quotas). */
export const policySize = (text: string) => text.replace(/\s/g, "").length;

/**
 * The document as IAM's XML carries it: percent-encoded UTF-8. encodeURIComponent is the closest rule:
 * AWS's form is not specified, and every SDK and the CLI decode any percent-encoding (README: chosen).
 */
export const encodeDocument = (text: string) => encodeURIComponent(text);
